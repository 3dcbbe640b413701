"""`mail_unread`: the unread count of the internal mailbox in the back-office top bar.

Lazy (a portal page never asks) and cached per person (see `selectors.mail.unread_count`), so an
office page pays two small queries when the cache is cold and nothing when it is warm."""

from django.utils.functional import SimpleLazyObject


def mail(request):
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return {}

    def _badge():
        from .selectors.mail import unread_badge

        return unread_badge(user)

    return {"mail_unread": SimpleLazyObject(_badge)}
