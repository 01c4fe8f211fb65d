"""A supplier keeps its capacity calendar: one week, or a pattern repeated over a range."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal import bounds, history
from portal.models import Organisation
from procurement import access
from procurement.load import ONE_WEEK, monday
from procurement.models import Capacity

MAX_WEEKS = 260


def _count_errors(**counts: int) -> dict[str, str]:
    """A message per count that is negative or more than its column holds."""
    errors = {}
    for name, value in counts.items():
        if value < 0:
            errors[name] = _("Cannot be negative.")
        elif value > bounds.SMALL_MAX:
            errors[name] = _("At most %(max)s.") % {"max": bounds.SMALL_MAX}
    return errors


@transaction.atomic
def set_capacity(
    *,
    by: Any,
    supplier: Organisation,
    first_week: date,
    last_week: date | None = None,
    implementations: int,
    go_lives: int,
    every: int = 1,
) -> int:
    """Set the capacity of every ``every``-th week from ``first_week`` to ``last_week``
    (inclusive). Returns how many weeks were written."""
    if by is not None and not access.can_keep_capacity(by, supplier):
        raise PermissionDenied
    first = monday(first_week)
    last = monday(last_week or first_week)
    errors = {}
    if last < first:
        errors["last_week"] = _("The last week is before the first.")
    elif (last - first).days // 7 >= MAX_WEEKS:
        errors["last_week"] = _("At most %(n)s weeks at a time.") % {"n": MAX_WEEKS}
    errors.update(_count_errors(implementations=implementations, go_lives=go_lives))
    for name, day in (("first_week", first_week), ("last_week", last_week)):
        try:
            bounds.validate_date_in_range(day)
        except ValidationError as exc:
            errors[name] = exc.messages[0]
    if every < 1:
        errors["every"] = _("Every week is 1, every other week 2, and so on.")
    if errors:
        raise ValidationError(errors)
    weeks = []
    week = first
    while week <= last:
        weeks.append(week)
        week += ONE_WEEK * every
    existing = {c.week: c for c in Capacity.objects.filter(supplier=supplier, week__in=weeks)}
    changed = []
    created = []
    for week in weeks:
        row = existing.get(week)
        if row is None:
            created.append(
                Capacity(
                    supplier=supplier, week=week, implementations=implementations, go_lives=go_lives
                )
            )
        elif (row.implementations, row.go_lives) != (implementations, go_lives):
            row.implementations, row.go_lives = implementations, go_lives
            changed.append(row)
    Capacity.objects.bulk_create(created)
    Capacity.objects.bulk_update(changed, ["implementations", "go_lives"])
    if created or changed:
        history.record(
            supplier,
            by=by,
            action="capacity set",
            changes={
                "weeks": [None, f"{first.isoformat()}–{last.isoformat()}"],
                "implementations": [None, implementations],
                "go_lives": [None, go_lives],
            },
        )
    return len(created) + len(changed)


@transaction.atomic
def set_capacity_weeks(
    *, by: Any, supplier: Organisation, weeks: dict[date, tuple[int, int]]
) -> int:
    """Set the capacity of several weeks at once, as edited in the week grid:
    ``{monday: (implementations, go_lives)}``. Returns how many weeks changed."""
    if by is not None and not access.can_keep_capacity(by, supplier):
        raise PermissionDenied
    for week, (impl, live) in sorted(weeks.items()):
        bounds.validate_date_in_range(week)
        if _count_errors(implementations=impl, go_lives=live):
            raise ValidationError(
                _("Capacity is a whole number from 0 to %(max)s (week %(week)s).")
                % {"max": bounds.SMALL_MAX, "week": week.isocalendar().week}
            )
    mondays = {monday(w): v for w, v in weeks.items()}
    existing = {
        c.week: c for c in Capacity.objects.filter(supplier=supplier, week__in=list(mondays))
    }
    created, changed = [], []
    for week, (impl, live) in sorted(mondays.items()):
        row = existing.get(week)
        if row is None:
            created.append(
                Capacity(supplier=supplier, week=week, implementations=impl, go_lives=live)
            )
        elif (row.implementations, row.go_lives) != (impl, live):
            row.implementations, row.go_lives = impl, live
            changed.append(row)
    Capacity.objects.bulk_create(created)
    Capacity.objects.bulk_update(changed, ["implementations", "go_lives"])
    touched = sorted(r.week for r in [*created, *changed])
    if touched:
        history.record(
            supplier,
            by=by,
            action="capacity set",
            changes={
                "weeks": [
                    None,
                    ", ".join(f"{w.isocalendar().week}/{w.isocalendar().year}" for w in touched),
                ]
            },
        )
    return len(touched)
