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
