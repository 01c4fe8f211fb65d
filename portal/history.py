"""History of changes: who, when, and the values before and after.

Service functions call :func:`record` inside their transaction; pages show
:func:`entries_for`. The values are stored as JSON text so the record reads the same on
SQLite and on PostgreSQL.

Every entry names who acted: the signed-in person, or :data:`SYSTEM` for scheduled work
(tasks) and management commands (the reference data, the demo), stored as ``by_system`` and
shown as "system". An entry by nobody (a signed-out visitor) is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from portal.models import HistoryEntry

#: The actor of scheduled work and management commands. Services take ``by=SYSTEM`` for writes
#: no person made; they skip the permission checks for it, and the history entry says "system".
SYSTEM: None = None


class NoActorError(ValueError):
    """A history entry was about to be written by nobody (e.g. by a signed-out visitor)."""


def is_system(by: Any) -> bool:
    return by is SYSTEM


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
    """Write one history entry for ``obj``. Call it inside the service's transaction.

    ``by`` is the person who acted, or :data:`SYSTEM`; anything else (a signed-out visitor)
    raises :class:`NoActorError`, so no entry is ever by nobody."""
    if not is_system(by) and not getattr(by, "is_authenticated", False):
        raise NoActorError(f"history of {obj!r} ({action}) needs a person or SYSTEM as actor")
    return HistoryEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        action=action,
        actor=None if is_system(by) else by,
        by_system=is_system(by),
        changes=changes or {},
        note=note,
    )


def entries_for(obj: Model) -> QuerySet[HistoryEntry]:
    """The history of ``obj``, newest first, with the actor joined in."""
    return HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
    ).select_related("actor", "content_type")
