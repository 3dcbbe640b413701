"""The generic HTTP SMS gateway backend against a real local HTTP server."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from platform_core.sms import HttpGatewaySmsBackend, SmsError, SmsMessage


class _Gateway(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):  # noqa: N802 (http.server's naming)
        length = int(self.headers["Content-Length"])
        _Gateway.received.append(
            (self.headers["Idempotency-Key"], json.loads(self.rfile.read(length)))
        )
        self.send_response(_Gateway.status)
        self.end_headers()

    def log_message(self, *args):
        """Keep the test output quiet (the default writes every request to stderr)."""


@pytest.fixture
def gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Gateway.received, _Gateway.status = [], 200
    settings.SMS_HTTP_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    yield _Gateway
    server.shutdown()


def test_posts_the_templated_body_with_an_idempotency_key(gateway):
    text = '【县人民政府】验证码 123456，含"引号"'
    HttpGatewaySmsBackend().send(SmsMessage("13800138000", text, "egov-7"))
    key, body = gateway.received[0]
    assert key == "egov-7"
    assert body == {"mobile": "13800138000", "content": text, "msgid": "egov-7"}


def test_gateway_error_and_outage_raise_sms_error(gateway, settings):
    gateway.status = 500
    with pytest.raises(SmsError):
        HttpGatewaySmsBackend().send(SmsMessage("13800138000", "x", "egov-8"))
    settings.SMS_HTTP_GATEWAY_URL = "http://127.0.0.1:9/send"  # nothing listens on port 9
    with pytest.raises(SmsError):
        HttpGatewaySmsBackend().send(SmsMessage("13800138000", "x", "egov-9"))


def test_unconfigured_gateway_is_an_error(settings):
    settings.SMS_HTTP_GATEWAY_URL = ""
    with pytest.raises(SmsError):
        HttpGatewaySmsBackend().send(SmsMessage("13800138000", "x", "egov-10"))
