"""History as people read it: field names, choice labels in the reader's language, dates as
dd.mm.yyyy.

A history entry stores raw values (``"in_progress"``, ``"amber"``, ``"2027-04-10"``) so it
reads the same in every language; they are put into words when shown. A value recorded under
a model's field takes that field's name and choice labels. A key that is not a field of the
model (``decision`` recorded on a rollout, ``weeks`` on a supplier) takes what its app
registered with :func:`describe`. Dates written in ISO form, in values and notes alike, are
shown as dd.mm.yyyy (a timestamp in the portal's time zone, with hours and minutes).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

_ISO = re.compile(
    r"(?<![\d-])(\d{4}-\d{2}-\d{2})"
    r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d-])"
)


@dataclass(frozen=True)
class _Key:
    label: Any
    choices: dict[str, Any]


_KEYS: dict[str, _Key] = {}


def describe(key: str, *, label: Any, choices: Iterable[tuple[str, Any]] = ()) -> None:
    """Name a history key that is not a field of the model it is recorded on (an app calls
    this in its ``ready()``)."""
    _KEYS[key] = _Key(label=label, choices=dict(choices))


def _iso_to_local(match: re.Match[str]) -> str:
    text = match.group(0)
    try:
        if match.group(2):
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%d.%m.%Y %H:%M")
        return dt.date.fromisoformat(text).strftime("%d.%m.%Y")
    except ValueError:
        return text


def dates_in_words(text: str) -> str:
    """``text`` with each ISO date (or timestamp) in it written dd.mm.yyyy."""
    return _ISO.sub(_iso_to_local, text)


def _value(value: Any, choices: dict[str, Any]) -> Any:
    if value is None or value == "":
        return value
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return ", ".join(str(_value(v, choices)) for v in value)
    if isinstance(value, str):
        if value in choices:
            return str(choices[value])
        return dates_in_words(value)
    return value


def change_rows(model: type[Model] | None, changes: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(what changed, before, after) for each recorded change, in the reader's words."""
    rows = []
    for name, values in changes.items():
        label: Any = name.replace("_", " ")
        choices: dict[str, Any] = {}
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
        if field is not None:
            label = getattr(field, "verbose_name", label)
            choices = {str(k): v for k, v in (getattr(field, "flatchoices", None) or [])}
        elif name in _KEYS:
            label, choices = _KEYS[name].label, _KEYS[name].choices
        before, after = [*values, None, None][:2]
        rows.append((str(label), _value(before, choices), _value(after, choices)))
    return rows
