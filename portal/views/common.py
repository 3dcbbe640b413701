"""What the portal's back-office views share (no view of its own: views do not import views)."""

from __future__ import annotations

from django.http import Http404

from platform_core.decorators import office_user_passes
from portal.models import Article
from portal.selectors import access


def article_or_404(user, pk: int) -> Article:
    """An article the user may see (its units' articles), or 404."""
    article = access.articles_visible_to(user).filter(pk=pk).first()
    if article is None:
        raise Http404
    return article


# Staff who write for or review a unit's articles (稿件管理).
portal_user_required = office_user_passes(lambda u: access.is_editor(u) or access.is_reviewer(u))
