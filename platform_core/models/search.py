"""同义词 (search synonyms): words citizens type for what the government calls otherwise.

One row is one group: a term and the words that mean the same to a searcher ("营业执照":
"工商执照 个体执照"). A search for any word of a group also matches the others (the service
hall, the site search's guides, disclosure items and public replies). Administrators extend the
list in Django admin; every change is kept in its history.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

SEPARATORS = re.compile(r"[\s,，、;；]+")


class SearchSynonym(models.Model):
    term = models.CharField(_("词语"), max_length=50, unique=True)
    synonyms = models.CharField(
        _("同义词"), max_length=500, help_text=_("多个词用空格、逗号或顿号分隔。")
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    history = HistoricalRecords(verbose_name=_("同义词历史"), verbose_name_plural=_("同义词历史"))

    class Meta:
        verbose_name = _("搜索同义词")
        verbose_name_plural = _("搜索同义词")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def group(self) -> list[str]:
        """The term and its synonyms, without blanks or repeats."""
        words = [self.term.strip(), *SEPARATORS.split(self.synonyms or "")]
        return list(dict.fromkeys(w for w in words if w))
