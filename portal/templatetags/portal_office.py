"""Template helpers of the portal back office: menus show only what their reader may open."""

from django import template

from portal.investment import services as investment
from portal.selectors import access

register = template.Library()


@register.filter
def may_write_articles(user) -> bool:
    """新建稿件: an editor of at least one channel."""
    return access.channels_editable_by(user).exists()


@register.filter
def may_manage_investment(user) -> bool:
    """招商项目: an editor of the 招商引资 channel."""
    return investment.can_manage(user)


@register.filter
def may_define_site(user) -> bool:
    """栏目管理、网站设置、敏感词库: the system administrator (and superusers)."""
    return user.has_perm("portal.change_channel")


@register.filter
def may_see_publishing_stats(user) -> bool:
    """信息统计: site administrators and the units' reviewers."""
    return user.has_perm("portal.view_article") or access.is_reviewer(user)
