"""Tasks go through the real broker to a real Celery worker (on CI: Redis).

With the embedded default (no REDIS_URL) there is no broker: tasks run in-process, which the
other tests cover, and these tests are skipped.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import transaction

from portal import services
from portal.celery import app
from portal.models import Role
from procurement.services.commitments import without_notifications
from tests.personas import build_world

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL: a real broker"),
]


@pytest.fixture
def worker(transactional_db: Any) -> Iterator[Any]:
    """A worker thread consuming a queue of this test's own, so parallel test processes that
    share the broker never take each other's tasks."""
    queue = f"test-{uuid.uuid4().hex}"
    saved = (app.conf.task_default_queue, app.conf.task_always_eager)
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False
    with start_worker(
        app,
        pool="solo",
        concurrency=1,
        perform_ping_check=False,
        queues=[queue],
        shutdown_timeout=30,
    ):
        yield app
    app.conf.task_default_queue, app.conf.task_always_eager = saved


def _wait_for(predicate: Any, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_an_invitation_mail_is_sent_by_the_worker_after_commit(worker: Any) -> None:
    with without_notifications():  # the world's own commitment e-mails are not under test
        world = build_world()
    with transaction.atomic():
        invitation = services.invite_person(
            by=world.people["ks_editor"],
            email="via.worker@verdal.example.no",
            organisation=world["org:verdal"],
            role=Role.READER,
        )
        # Nothing is on the queue until the transaction commits.
        time.sleep(0.5)
        assert mail.outbox == []
    assert _wait_for(lambda: len(mail.outbox) == 1), "the worker sent no mail"
    assert mail.outbox[0].to == ["via.worker@verdal.example.no"]
    assert invitation.token in mail.outbox[0].body


def test_a_rolled_back_invitation_enqueues_nothing(worker: Any) -> None:
    with without_notifications():  # the world's own commitment e-mails are not under test
        world = build_world()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.invite_person(
            by=world.people["ks_editor"],
            email="rolled.back@verdal.example.no",
            organisation=world["org:verdal"],
            role=Role.READER,
        )
        raise RuntimeError("the request failed after the invitation was written")
    time.sleep(2)
    assert mail.outbox == []
