"""Query codes (查询码): the keyed hash kept with an application, and the check of a code that
a person types into the progress lookup. Pure functions, so services (which set the code) and
selectors (which look an application up by it) share them from below."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

from approval.models import Application


def query_code_hash(number: str, code: str) -> str:
    # Keyed hash: the database alone does not reveal codes; lookups are rate-limited per address.
    message = f"{number}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def query_code_matches(application: Application, code: str) -> bool:
    code = (code or "").strip()
    if not code or not application.query_code_hash:
        return False
    return hmac.compare_digest(
        application.query_code_hash, query_code_hash(application.number or "", code)
    )
