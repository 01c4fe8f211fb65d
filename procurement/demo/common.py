"""Shared building blocks of the procurement demo: the suppliers' names, backdating what the
services stamp with "now", and keeping quiet about steps taken long ago."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime, time

from django.db.models import Max, Model
from django.utils import timezone

from portal.models import HistoryEntry
from procurement.models import ChecklistTick, CommitmentEvent, StartDateCommitment
from procurement.services.commitments import without_notifications

FJORDJOURNAL, NORDLYS = "Fjordjournal AS", "Nordlys Helse-IT AS"
EPIC, IBM = "Epic Systems", "IBM"

_STAMPED: list[tuple[type[Model], str]] = [
    (HistoryEntry, "at"),
    (StartDateCommitment, "created_at"),
    (CommitmentEvent, "at"),
    (ChecklistTick, "at"),
]


def _when(day: date, hour: int = 12) -> datetime:
    """A moment on ``day`` (Norwegian time), never later than now."""
    return min(timezone.make_aware(datetime.combine(day, time(hour))), timezone.now())


def _last_pk(model: type[Model]) -> int:
    return model._default_manager.aggregate(last=Max("pk"))["last"] or 0


@contextmanager
def _at(moment: datetime) -> Iterator[None]:
    """Stamp the rows of ``_STAMPED`` created inside the block with ``moment``."""
    marks = [(model, field, _last_pk(model)) for model, field in _STAMPED]
    yield
    for model, field, mark in marks:
        model._default_manager.filter(pk__gt=mark).update(**{field: moment})


def _quietly() -> AbstractContextManager[None]:
    """The demo's steps happened long ago: they send no e-mail."""
    return without_notifications()
