from .accounts import CitizenProfile, PasswordHistory, SmsCode, User
from .audit import LoginEvent
from .calendar import CalendarDay
from .clock import CaseClock, ClockExtension, ClockPause, ClockPolicy, PauseReason
from .notifications import Notification
from .org import OrgUnit, Post, Role

__all__ = [
    "CalendarDay",
    "CaseClock",
    "ClockExtension",
    "ClockPause",
    "ClockPolicy",
    "PauseReason",
    "CitizenProfile",
    "LoginEvent",
    "Notification",
    "OrgUnit",
    "PasswordHistory",
    "Post",
    "Role",
    "SmsCode",
    "User",
]
