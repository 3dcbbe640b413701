from .catalogue import Column
from .items import Attachment, IndexCounter, Item, ItemEvent
from .privacy import PrivacyFinding
from .reports import AnnualReport
from .requests import (
    Clarification,
    Consultation,
    DisclosureRequest,
    FeeNotice,
    ReplyFile,
    RequestCounter,
    RequestEvent,
    RequestLetter,
)

__all__ = [
    "AnnualReport",
    "Attachment",
    "Clarification",
    "Column",
    "Consultation",
    "DisclosureRequest",
    "FeeNotice",
    "IndexCounter",
    "Item",
    "ItemEvent",
    "PrivacyFinding",
    "ReplyFile",
    "RequestCounter",
    "RequestEvent",
    "RequestLetter",
]
