from .documents import (
    BodyVersion,
    Dispatch,
    DocumentAttachment,
    DocumentEvent,
    Issuer,
    NumberCounter,
    OutgoingDocument,
    RevisionDecision,
    VoidedNumber,
)

__all__ = [
    "BodyVersion",
    "Dispatch",
    "DocumentAttachment",
    "DocumentEvent",
    "Issuer",
    "NumberCounter",
    "OutgoingDocument",
    "RevisionDecision",
    "VoidedNumber",
]
from .duty import (  # noqa: E402
    DutyRecord,
    DutyRecordTemplate,
    DutyRoster,
    DutyShift,
    ShiftSwap,
)
from .notices import Notice, NoticeComment, NoticeRead  # noqa: E402
from .sms import SmsMessage, SmsTemplate, SmsThread, WebhookNonce  # noqa: E402

__all__ += [
    "DutyRecord",
    "DutyRecordTemplate",
    "DutyRoster",
    "DutyShift",
    "Notice",
    "NoticeComment",
    "NoticeRead",
    "ShiftSwap",
    "SmsMessage",
    "SmsTemplate",
    "SmsThread",
    "WebhookNonce",
]
