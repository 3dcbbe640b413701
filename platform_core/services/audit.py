"""Writes of the login audit log. Master-data history is written by django-simple-history."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from ..constants import LoginEventKind
from ..http import client_ip
from ..models import LoginEvent, User

USER_AGENT_MAX = 255
LOGIN_METHODS = {"password", "sms"}


def login_event_record(
    *,
    kind: LoginEventKind | str,
    request: HttpRequest | None,
    username: str = "",
    user: User | None = None,
) -> LoginEvent:
    """记录登录日志：登录成功、失败、锁定或退出，写入登录名、用户、方式、IP 和浏览器。

    The row is never changed afterwards (a database trigger refuses UPDATE and DELETE).
    """
    if user is not None and not getattr(user, "pk", None):
        user = None  # AnonymousUser or an unsaved object: keep only the typed name
    method = getattr(request, "login_method", "password") if request is not None else "password"
    if method not in LOGIN_METHODS:
        method = "password"
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    with transaction.atomic():
        return LoginEvent.objects.create(
            kind=kind,
            username=(username or (user.get_username() if user else ""))[:150],
            user=user,
            user_kind=user.kind if user else "",
            method=method,
            ip_address=client_ip(request),
            user_agent=agent[:USER_AGENT_MAX],
        )
