"""The approval app's models, one module per area; import them from here."""

from approval.models.applications import (
    Application,
    ApplicationEvent,
    LicensingItem,
    Notice,
    NumberSequence,
    RequiredMaterial,
)
from approval.models.catalogue import ItemReview, ReviewStatus
from approval.models.decision import Decision, DecisionOutcome, DeliveryMethod, Rating
from approval.models.fees import FeeCharge, ItemEvent, ItemFee, LifeEvent
from approval.models.supervision import ApiClient, ExportEvent, SupervisionCard, SupervisionRule
from approval.models.windows import WindowGrant

__all__ = [
    "ApiClient",
    "Application",
    "ApplicationEvent",
    "Decision",
    "DecisionOutcome",
    "DeliveryMethod",
    "ExportEvent",
    "FeeCharge",
    "ItemEvent",
    "ItemFee",
    "ItemReview",
    "LicensingItem",
    "LifeEvent",
    "Notice",
    "NumberSequence",
    "Rating",
    "RequiredMaterial",
    "ReviewStatus",
    "SupervisionCard",
    "SupervisionRule",
    "WindowGrant",
]
