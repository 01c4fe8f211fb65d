"""History of changes: who, when, and the values before and after.

Service functions call :func:`record` inside their transaction; pages show
:func:`entries_for`. The values are stored as JSON text so the record reads the same on
SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from portal.models import HistoryEntry


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields`` on ``obj``, as plain JSON values."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for every field whose value differs."""
    keys = list(dict.fromkeys([*before, *after]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def record(
    obj: Model,
    *,
    by: Any,
    action: str,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> HistoryEntry:
    """Write one history entry for ``obj``. Call it inside the service's transaction."""
    return HistoryEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        action=action,
        actor=by if by is not None and by.is_authenticated else None,
        changes=changes or {},
        note=note,
    )


def entries_for(obj: Model) -> QuerySet[HistoryEntry]:
    """The history of ``obj``, newest first, with the actor joined in."""
    return HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
    ).select_related("actor", "content_type")
