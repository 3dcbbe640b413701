"""Who handles an SMS reply: a small registry, filled by the oa features that send SMS on
business (a meeting notice asks its attendees to reply 参加/不参加).

An outgoing message may carry ``context_kind`` and ``context_id`` (see `services.sms.sms_send`).
When the webhook matches an inbound message to such a message, the handler registered for the
kind is called inside the webhook's transaction:

    from oa.services.sms_replies import register_reply_handler

    def meeting_reply(*, context_id: int, message, sender) -> str:
        # `message` is the inbound oa.models.SmsMessage, `sender` a User or None.
        ...  # record the reply on the meeting notice
        return "已登记参会回执"      # shown beside the message in the thread

    register_reply_handler("oa.meeting", meeting_reply)      # in OaConfig.ready()

A handler that raises ValidationError leaves the message in the thread with the error noted, so
a gateway retry does not fail and the reply is never lost.
"""

from __future__ import annotations

from collections.abc import Callable

ReplyHandler = Callable[..., str]

_HANDLERS: dict[str, ReplyHandler] = {}


def register_reply_handler(kind: str, handler: ReplyHandler) -> None:
    """Register (or replace, on a reload) the handler of one context kind."""
    _HANDLERS[kind] = handler


def reply_handler(kind: str) -> ReplyHandler | None:
    return _HANDLERS.get(kind) if kind else None


def unregister_reply_handler(kind: str) -> None:
    """For tests."""
    _HANDLERS.pop(kind, None)
