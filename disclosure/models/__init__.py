from .catalogue import Column
from .items import Attachment, IndexCounter, Item, ItemEvent
from .privacy import PrivacyFinding

__all__ = ["Attachment", "Column", "IndexCounter", "Item", "ItemEvent", "PrivacyFinding"]
