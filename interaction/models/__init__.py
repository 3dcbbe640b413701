from .cases import Assignment, Attachment, Case, CaseCounter, CaseEvent, FollowUp, Rating, Reply
from .config import Category, KindPolicy, Office, PetitionPolicy, RoutingRule
from .knowledge import KnowledgeEntry
from .solicitations import Opinion, Solicitation, SolicitationArticle

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
    "Opinion",
    "PetitionPolicy",
    "Rating",
    "Reply",
    "RoutingRule",
    "Solicitation",
    "SolicitationArticle",
]
