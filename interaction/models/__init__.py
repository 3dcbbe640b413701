from .cases import Assignment, Attachment, Case, CaseCounter, CaseEvent, FollowUp, Rating, Reply
from .config import Category, KindPolicy, Office, PetitionPolicy, RoutingRule
from .knowledge import KnowledgeEntry

__all__ = [
    "Assignment",
    "Attachment",
    "Case",
    "CaseCounter",
    "CaseEvent",
    "Category",
    "FollowUp",
    "KindPolicy",
    "KnowledgeEntry",
    "Office",
    "PetitionPolicy",
    "Rating",
    "Reply",
    "RoutingRule",
]
