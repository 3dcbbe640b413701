from .contacts import StaffContact
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
from .mail import MailAttachment, MailDelivery, MailFile, MailFolder, MailMessage, MailQuota

__all__ = [
    "BodyVersion",
    "Dispatch",
    "DocumentAttachment",
    "DocumentEvent",
    "Issuer",
    "MailAttachment",
    "MailDelivery",
    "MailFile",
    "MailFolder",
    "MailMessage",
    "MailQuota",
    "NumberCounter",
    "OutgoingDocument",
    "RevisionDecision",
    "StaffContact",
    "VoidedNumber",
]
