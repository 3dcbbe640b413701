from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from portal.constants import (
    ArticleStatus,
    HomeBlock,
    ListTemplate,
    PageTemplate,
    Validity,
    WordKind,
)
from portal.models.media import published_file_url


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
    # The home page's sections in the order they appear; a section left out is not shown.
    home_layout = models.JSONField(_("首页区块布局"), default=list, blank=True)

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


class Channel(MP_Node):
    """A channel or column of the public site (栏目), a tree like the organisation.

    `url_path` ("zwdt/zwyw/") is the slugs of the node and its ancestors, kept on the row because
    every published link needs it and a tree walk per link would cost a query.
    """

    # treebeard's tree columns, with labels (they show in the change history).
    path = models.CharField(_("树路径"), max_length=255, unique=True)
    depth = models.PositiveIntegerField(_("层级"))
    numchild = models.PositiveIntegerField(_("下级数"), default=0)
    name = models.CharField(_("名称"), max_length=64)
    slug = models.SlugField(_("英文标识"), max_length=32)
    url_path = models.CharField(_("访问路径"), max_length=255, unique=True, editable=False)
    list_template = models.CharField(
        _("列表模板"), max_length=16, choices=ListTemplate.choices, default=ListTemplate.LIST
    )
    page_template = models.CharField(
        _("内容页模板"), max_length=16, choices=PageTemplate.choices, default=PageTemplate.ARTICLE
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    in_navigation = models.BooleanField(_("显示在导航"), default=True)
    home_block = models.CharField(
        _("首页区块"), max_length=16, choices=HomeBlock.choices, blank=True, default=""
    )
    description = models.CharField(_("栏目说明"), max_length=200, blank=True)
    # An entry that leads to a dynamic page or another site (办事大厅 → /service/): the navigation
    # links there and the publishing job writes no list page for it.
    link_url = models.CharField(
        _("链接地址"),
        max_length=200,
        blank=True,
        validators=[
            RegexValidator(r"^(/|https?://)\S*$", _("请填写以“/”或“http(s)://”开头的地址。"))
        ],
        help_text=_("填写后，本栏目在导航中直接链接到该地址，不生成列表页。"),
    )
    # Timeliness (信息统计): a column not updated within this many days is overdue.
    update_interval_days = models.PositiveIntegerField(
        _("更新周期（天）"),
        null=True,
        blank=True,
        help_text=_("栏目应至少多少天更新一次；留空表示不考核更新时效。"),
    )
    # Retired (停用): no new articles, not in the navigation; its published pages stay reachable.
    is_retired = models.BooleanField(_("已停用"), default=False)
    editor_units = models.ManyToManyField(
        "platform_core.OrgUnit",
        blank=True,
        related_name="portal_channels",
        verbose_name=_("可发布单位"),
        help_text=_("这些单位（含下级）的网站编辑可向本栏目投稿。"),
    )

    node_order_by = ["sort_order", "slug"]
    history = HistoricalRecords(excluded_fields=["path", "depth", "numchild"])

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        parent = Channel.objects.get_parent(self) if self.depth and self.depth > 1 else None
        prefix = parent.url_path if parent else ""
        self.url_path = f"{prefix}{self.slug}/"
        super().save(*args, **kwargs)

    @property
    def url(self) -> str:
        return self.link_url or f"/{self.url_path}"


class Article(models.Model):
    """A piece of content (稿件): news, notice, policy document or interpretation."""

    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, related_name="articles", verbose_name=_("栏目")
    )
    title = models.CharField(_("标题"), max_length=200)
    subtitle = models.CharField(_("副标题"), max_length=200, blank=True)
    summary = models.CharField(_("摘要"), max_length=500, blank=True)
    body = models.TextField(_("正文"), blank=True)
    cover = models.ImageField(_("封面图片"), upload_to="portal/covers/%Y/%m/", blank=True)
    cover_alt = models.CharField(_("封面图片说明"), max_length=100, blank=True)
    source = models.CharField(_("来源"), max_length=100, blank=True)
    author_unit = models.ForeignKey(
        "platform_core.OrgUnit",
        on_delete=models.PROTECT,
        related_name="portal_articles",
        verbose_name=_("发布单位"),
    )
    publish_date = models.DateTimeField(_("发布日期"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=64, blank=True)
    validity = models.CharField(
        _("有效性"), max_length=16, choices=Validity.choices, blank=True, default=""
    )
    tags = models.CharField(_("标签"), max_length=200, blank=True, help_text=_("用逗号分隔"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    # A policy interpreted by this article (政策解读 → 政策文件); the reverse is `interpretations`.
    interprets = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="interpretations",
        verbose_name=_("解读的政策文件"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("录入人"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("审核人"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("送审人"),
    )
    review_comment = models.CharField(_("审核意见"), max_length=500, blank=True)
    # The support platform's case that carries the review (editor → unit reviewer), see review.py.
    review_process = models.ForeignKey(
        "platform_core.RouteProcess",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("审核流程"),
    )
    # Scheduled withdrawal (定时撤稿): the minute task withdraws the article once this has passed.
    withdraw_at = models.DateTimeField(_("定时撤稿时间"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("编辑锁定人"),
    )
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    # Where the page was last published, so a move or a withdrawal removes the old file.
    published_path = models.CharField(_("发布路径"), max_length=255, blank=True, editable=False)
    # jieba-segmented title and text (words separated by spaces), written when published.
    search_text = models.TextField(_("检索文本"), blank=True, editable=False)
    # PostgreSQL only: to_tsvector('simple', search_text), GIN-indexed (migration 0003).
    search_vector = SearchVectorField(null=True, editable=False, verbose_name=_("全文索引"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["locked_by", "locked_at", "search_text", "search_vector", "updated_at"],
        m2m_fields=[],
    )

    class Meta:
        verbose_name = _("稿件")
        verbose_name_plural = _("稿件")
        ordering = ["-publish_date", "-pk"]
        indexes = [
            models.Index(fields=["channel", "status", "-publish_date"], name="portal_art_list"),
            models.Index(fields=["status", "-publish_date"], name="portal_art_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_unit(self):
        return self.author_unit

    @property
    def url(self) -> str:
        return f"/{self.channel.url_path}{self.pk}.html"

    @property
    def date(self):
        return self.publish_date

    @property
    def image_url(self) -> str:
        # Covers are copied under the published site (portal/publishing/media.py).
        return published_file_url(self.cover.name) if self.cover else ""

    @property
    def is_policy(self) -> bool:
        return self.channel.page_template == PageTemplate.POLICY or bool(self.document_number)

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.replace("，", ",").split(",") if t.strip()]


class SensitiveWord(models.Model):
    """A word a page must not contain before publishing, or a common misspelling to correct."""

    word = models.CharField(_("敏感词或易错词"), max_length=50, unique=True)
    kind = models.CharField(
        _("类别"), max_length=16, choices=WordKind.choices, default=WordKind.BANNED
    )
    suggestion = models.CharField(
        _("建议改为"), max_length=50, blank=True, help_text=_("易错词填写正确写法；敏感词留空。")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")

    def __str__(self) -> str:
        return self.word
