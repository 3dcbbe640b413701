from .accounts import CitizenProfile, PasswordHistory, SmsCode, User
from .audit import LoginEvent
from .calendar import CalendarDay
from .clock import CaseClock, ClockExtension, ClockPause, ClockPolicy, PauseReason
from .codes import CodeEntry, CodeTable
from .divisions import Division, DivisionLevel
from .dynforms import FormDefinition, FormField, FormSubmission, FormVersion, SubmissionFile
from .inbox import ReadingItem
from .notifications import Notification, NotificationAttachment
from .oidc import OidcClient, OidcSigningKey
from .org import OrgUnit, Post, Role
from .routes import (
    CountersignMode,
    ProcessDefinition,
    ProcessVersion,
    StepDefinition,
    Transition,
    UnitScope,
    VersionStatus,
)
from .search import SearchSynonym
from .supervision import CardColor, ClockCard, ClockWatch
from .throttle import FallbackCounter
from .workflow import (
    CaseDraft,
    CaseEvent,
    Delegation,
    EventAction,
    RouteProcess,
    RoutingMode,
    Subsystem,
    TaskInfo,
    TaskOutcome,
)

__all__ = [
    "CodeEntry",
    "CodeTable",
    "Division",
    "DivisionLevel",
    "OidcClient",
    "OidcSigningKey",
    "CardColor",
    "ClockCard",
    "ClockWatch",
    "CaseDraft",
    "CaseEvent",
    "Delegation",
    "EventAction",
    "RouteProcess",
    "RoutingMode",
    "Subsystem",
    "TaskInfo",
    "TaskOutcome",
    "CalendarDay",
    "FallbackCounter",
    "CaseClock",
    "ClockExtension",
    "ClockPause",
    "ClockPolicy",
    "PauseReason",
    "CitizenProfile",
    "CountersignMode",
    "FormDefinition",
    "FormField",
    "FormSubmission",
    "FormVersion",
    "SubmissionFile",
    "LoginEvent",
    "Notification",
    "NotificationAttachment",
    "OrgUnit",
    "PasswordHistory",
    "Post",
    "ProcessDefinition",
    "ProcessVersion",
    "ReadingItem",
    "Role",
    "SearchSynonym",
    "SmsCode",
    "StepDefinition",
    "Transition",
    "UnitScope",
    "User",
    "VersionStatus",
]
