"""Tasks go through the real broker to a real Celery worker (on CI: Redis).

With the embedded default (no REDIS_URL) there is no broker: tasks run in-process, which the
other tests cover, and these tests are skipped.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import transaction

from portal import services
from portal.celery import app
from portal.models import Invitation, Role
from portal.tasks import send_invitation_email
from procurement.services import commitments
from procurement.services.commitments import without_notifications
from procurement.tasks import notify_commitment_step
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


def _enqueue_last_task(world: Any) -> str:
    """Put one more invitation e-mail on the queue; returns its address."""
    last = Invitation.objects.create(
        email="last.task@verdal.example.no",
        organisation=world["org:verdal"],
        role=Role.READER,
        invited_by=world.people["ks_editor"],
    )
    send_invitation_email.delay(last.pk)
    return last.email


def test_an_invitation_task_delivered_twice_sends_one_mail(worker: Any) -> None:
    # Given an invitation, written without its e-mail
    with without_notifications():  # the world's own commitment e-mails are not under test
        world = build_world()
    invitation = world["invitation:open"]

    # When the worker gets the same task twice (as after a redelivery)
    send_invitation_email.delay(invitation.pk)
    send_invitation_email.delay(invitation.pk)

    # Then one e-mail goes out (the worker takes tasks in order: when the last one's mail is
    # out, both deliveries have run)
    last = _enqueue_last_task(world)
    assert _wait_for(lambda: last in [m.to[0] for m in mail.outbox]), "the worker sent no mail"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([invitation.email, last])


def test_a_commitment_step_delivered_twice_tells_each_person_once(worker: Any) -> None:
    # Given a step of a commitment, taken without its notification
    with without_notifications():
        world = build_world()
        commitment = world["commitment:a_levanger"]
        commitments.propose(
            by=world.people["supplier_a"],
            commitment=commitment,
            start_on=date(2026, 9, 14),
            reason="Uke 38 passer bedre.",
            expected_version=commitment.version,
        )
    event = commitment.events.latest("at", "id")

    # When the worker gets its notification twice
    notify_commitment_step.delay(event.pk)
    notify_commitment_step.delay(event.pk)

    # Then the buyer's side is told once
    last = _enqueue_last_task(world)
    assert _wait_for(lambda: last in [m.to[0] for m in mail.outbox]), "the worker sent no mail"
    told = [m for m in mail.outbox if m.to != [last]]
    assert len(told) == 1
    assert set(told[0].to) == {
        world.people["levanger_lead"].email,
        world.people["steering_central"].email,
    }
