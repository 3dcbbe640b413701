from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CalendarDay(models.Model):
    """An administrator's override of the national calendar for one date.

    A holiday (`is_working_day=False`) or a make-up working day on a weekend (调休,
    `is_working_day=True`). Overrides win over the `chinesecalendar` data and are the only
    source for years that library does not know.
    """

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("工作日"))
    name = models.CharField(_("名称"), max_length=64, help_text=_("如：国庆节、国庆调休上班"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"
