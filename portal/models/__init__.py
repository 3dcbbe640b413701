"""The portal's models, one module per area; import them from here.

The investment-promotion models (招商引资) live in the `portal.investment` sub-package and are
imported here so that Django registers them with the portal app (app_label "portal").
"""

from portal.investment.models import InvestmentConsultation, InvestmentProject, TradeWarning
from portal.models.articles import Article, Channel, SensitiveWord, SiteSettings
from portal.models.media import ArticleAttachment, PageView, SearchTerm, StatsFlush

__all__ = [
    "Article",
    "ArticleAttachment",
    "Channel",
    "InvestmentConsultation",
    "InvestmentProject",
    "PageView",
    "SearchTerm",
    "SensitiveWord",
    "SiteSettings",
    "StatsFlush",
    "TradeWarning",
]
