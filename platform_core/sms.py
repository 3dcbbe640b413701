"""SMS backends. Chosen by settings.SMS_BACKEND (a dotted path).

- ConsoleSmsBackend: demo mode, prints the message.
- HttpGatewaySmsBackend: a generic HTTP gateway: POSTs a JSON body built from a template.
- LocmemSmsBackend: tests; keeps messages in `LocmemSmsBackend.outbox`.
A backend raises SmsError when the message was not accepted; the outbox retries it.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    pass


@dataclass(frozen=True)
class SmsMessage:
    mobile: str
    text: str
    message_id: str  # stable per outbox row: gateways use it to drop duplicates


class ConsoleSmsBackend:
    def send(self, message: SmsMessage) -> None:
        logger.warning("SMS to %s: %s", message.mobile, message.text)
        print(f"[SMS → {message.mobile}] {message.text}", flush=True)  # noqa: T201


class LocmemSmsBackend:
    outbox: list[SmsMessage] = []
    fail_next: int = 0  # tests set this to make the next N sends fail

    def send(self, message: SmsMessage) -> None:
        if LocmemSmsBackend.fail_next > 0:
            LocmemSmsBackend.fail_next -= 1
            raise SmsError("simulated gateway failure")
        LocmemSmsBackend.outbox.append(message)


class HttpGatewaySmsBackend:
    def send(self, message: SmsMessage) -> None:
        url = settings.SMS_HTTP_GATEWAY_URL
        if not url.startswith(("https://", "http://")):
            raise SmsError("SMS_HTTP_GATEWAY_URL is not configured")
        body = settings.SMS_HTTP_GATEWAY_TEMPLATE.format(
            mobile=message.mobile,
            text=json.dumps(message.text, ensure_ascii=False)[1:-1],
            id=message.message_id,
        ).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310 (scheme checked above)
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Idempotency-Key": message.message_id,
            },
        )
        try:
            # bandit B310: the gateway URL comes from settings and is checked to be http(s) above.
            with urllib.request.urlopen(  # noqa: S310  # nosec B310
                request, timeout=settings.SMS_HTTP_GATEWAY_TIMEOUT
            ) as response:
                if not 200 <= response.status < 300:
                    raise SmsError(f"gateway answered HTTP {response.status}")
        except OSError as exc:  # URLError, HTTPError, timeouts
            raise SmsError(f"gateway unreachable: {exc}") from exc


@cache
def _backend_class(path: str):
    return import_string(path)


def get_backend():
    return _backend_class(settings.SMS_BACKEND)()
