from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SiteSettings(models.Model):
    """The site's identity and footer, set by administrators (one row)."""

    government_name = models.CharField(_("政府名称"), max_length=64, default="蓝山县人民政府")
    site_name = models.CharField(_("网站名称"), max_length=64, default="蓝山县人民政府门户网站")
    site_code = models.CharField(_("网站标识码"), max_length=32, blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=64, blank=True)
    police_record_number = models.CharField(_("公安机关备案号"), max_length=64, blank=True)
    police_record_url = models.URLField(_("公安备案链接"), blank=True)
    host_unit = models.CharField(_("主办单位"), max_length=64, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮编"), max_length=6, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    email = models.EmailField(_("联系邮箱"), blank=True)
    error_report_url = models.URLField(
        _("“我为政府网站找错”链接"), blank=True, default="https://zfwzzc.www.gov.cn/"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("网站设置")
        verbose_name_plural = _("网站设置")

    def __str__(self) -> str:
        return self.site_name

    @classmethod
    def load(cls) -> "SiteSettings":
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj
