"""A Celery worker killed in the middle of sending an SMS: the task runs again, the citizen gets
the message once.

A real worker (`celery -A config worker`, prefork, acks_late) takes the send task of an outbox
row from Redis and calls the SMS gateway: an HTTP receiver in this test, which accepts the message
and holds its answer. While the worker waits for it, it is killed with SIGKILL, either whole
(master and pool child) or only its pool child: the task is never acknowledged, its database
transaction (the row lock, the attempt counter) dies with the connection. The task runs again
(a second worker after the visibility timeout, or the same worker's next pool process at once)
and sends again: the same message id ("egov-<row>", also sent as the Idempotency-Key header),
which the gateway uses to drop the repeat. Delivered to the handset: once.

Why the platform does not, and cannot, avoid the second gateway call: whether the gateway
accepted a message whose answer never came back is unknowable to the sender. Marking the row
"sent" before the call would lose the message when the worker dies first (an SMS login code never
arrives); marking it after, as the outbox does, repeats the call with the same message id, and the
gateway's de-duplication by that id makes the delivery exactly once. Outside such a crash the row
lock (`select_for_update` held across the call) keeps a second worker, a task delivered twice or the
drain job from calling the gateway for a row that is being sent or was sent.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from platform_core.constants import Channel, OutboxStatus
from platform_core.models import Notification
from platform_core.services import notifications

from .servers import BIN, children, kill_group, server_env, start, stop

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

VISIBILITY_TIMEOUT = 3
TASK = "platform_core.tasks.send_notification"


@dataclass
class Gateway:
    """An SMS gateway that de-duplicates by message id, as real ones do by their request id.

    `hold_first`: the first request is accepted (the message goes to the handset) but its answer
    waits until `release` is set, the moment a worker dies in the middle of the call.
    """

    requests: list[dict] = field(default_factory=list)
    delivered: dict[str, str] = field(default_factory=dict)  # message id -> text on the handset
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    hold_first: bool = True
    lock: threading.Lock = field(default_factory=threading.Lock)

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        body = json.loads(handler.rfile.read(int(handler.headers["Content-Length"])))
        key = handler.headers.get("Idempotency-Key", "")
        with self.lock:
            first = not self.requests
            self.requests.append({"key": key, "msgid": body["msgid"], "content": body["content"]})
            duplicate = key in self.delivered
            if not duplicate:
                self.delivered[key] = body["content"]
        self.arrived.set()
        if first and self.hold_first:
            self.release.wait(timeout=30)
        answer = json.dumps({"code": "OK", "duplicate": duplicate}).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(answer)))
        handler.end_headers()
        handler.wfile.write(answer)


@pytest.fixture
def gateway():
    state = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            # OSError: the worker died while waiting for this answer.
            with contextlib.suppress(OSError):
                state.handle(self)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def workers(gateway, tmp_path):
    """Start Celery workers on a queue of this test alone; all stopped at the end."""
    db = connection.settings_dict
    queue = f"egov-fault-{uuid.uuid4().hex[:8]}"
    broker = os.environ.get("CELERY_BROKER_URL", settings.REDIS_URL)
    env = server_env(
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
            f":{db['PORT'] or 5432}/{db['NAME']}"
        ),
        CELERY_BROKER_URL=broker,
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        SMS_HTTP_GATEWAY_URL=gateway.url,
    )
    started = []
    log = tmp_path / "worker.log"

    def start_worker(name: str):
        proc = start(
            [str(BIN / "celery"), "-A", "config", "worker", "--pool", "prefork",
             "--concurrency", "1", "-Q", queue, "-n", f"{name}-{queue}@%h",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
            env, log,
        )  # fmt: skip
        started.append(proc)
        return proc

    # Not the current app: shared tasks of later tests in this process would go to it (and its
    # broker) instead of the project app, which runs them eagerly in tests.
    app = Celery("fault-test", broker=broker, set_as_current=False)
    start_worker.send = lambda pk: app.send_task(TASK, args=[pk], queue=queue)
    start_worker.log = log
    try:
        yield start_worker
    finally:
        for proc in started:
            stop(proc)
        with app.connection_for_write() as conn:  # leave nothing behind in the broker
            conn.default_channel.queue_purge(queue)
        print(log.read_text(errors="replace")[-4000:])  # shown when the test fails


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.mark.parametrize("killed", ["worker", "pool_child"])
def test_worker_killed_mid_send_delivers_the_sms_once(gateway, workers, killed):
    """`worker`: the whole worker dies (machine lost, kill -9): a new worker gets the task again
    after the visibility timeout. `pool_child`: only the process running the task dies (the OOM
    killer): the worker's master sees it lost and puts the task back at once
    (CELERY_TASK_REJECT_ON_WORKER_LOST), and its next pool process runs it."""
    row = Notification.objects.create(
        channel=Channel.SMS, address="13800138000", subject="办件进度", body="您的申请已受理。"
    )
    first = workers("first")
    workers.send(row.pk)
    # The first worker is inside the gateway call: the message has reached the gateway.
    assert gateway.arrived.wait(timeout=45), "the first worker never called the gateway"
    if killed == "worker":
        kill_group(first, signal.SIGKILL)
        first.wait(timeout=10)
    else:
        (pool_child,) = children(first.pid)
        os.kill(pool_child, signal.SIGKILL)
    killed_at = time.monotonic()
    gateway.release.set()

    # The row is as it was: the send's transaction died with the worker's connection.
    wait_for(lambda: not pg_locks_on_outbox(), timeout=10, what="the dead send's lock to go")
    row.refresh_from_db()
    if gateway.requests[1:]:  # pool_child: the master may have put the task back already
        assert killed == "pool_child"
    else:
        assert row.status == OutboxStatus.PENDING and row.attempts == 0

    if killed == "worker":
        # After the visibility timeout, a new worker gets the unacknowledged task again.
        time.sleep(max(0.0, VISIBILITY_TIMEOUT + 0.5 - (time.monotonic() - killed_at)))
        running = workers("second")
    else:
        running = first
    wait_for(
        lambda: Notification.objects.get(pk=row.pk).status == OutboxStatus.SENT,
        timeout=45,
        what="the task to run again and send the row",
    )
    row.refresh_from_db()
    assert row.attempts == 1 and row.sent_at is not None and row.last_error == ""

    # The task ran twice (two gateway calls), with one message id: one SMS on the handset.
    assert len(gateway.requests) == 2
    assert {r["key"] for r in gateway.requests} == {f"egov-{row.pk}"}
    assert {r["msgid"] for r in gateway.requests} == {f"egov-{row.pk}"}
    assert gateway.delivered == {f"egov-{row.pk}": f"{settings.SMS_SIGNATURE}您的申请已受理。"}

    # Once sent, the row is never sent again: neither by the task delivered once more, nor by
    # the drain job.
    workers.send(row.pk)
    time.sleep(2)
    assert notifications.outbox_due_ids() == []
    assert len(gateway.requests) == 2
    assert running.poll() is None


def pg_locks_on_outbox() -> bool:
    """Whether another session still holds a row lock in the outbox table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = %s AND l.pid <> pg_backend_pid() AND l.mode = 'RowShareLock'",
            [Notification._meta.db_table],
        )
        return cursor.fetchone()[0] > 0
