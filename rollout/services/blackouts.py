"""Blackout periods: the weeks KS staff keep free of go-lives, for all collaborations or one.
Created, changed and deleted here, with history; the calendar reads them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal import history
from portal.bounds import validate_date_in_range
from portal.concurrency import ConcurrentEditError, save_versioned
from rollout import access
from rollout.models import BlackoutPeriod, Collaboration

BLACKOUT_FIELDS = ["name", "starts_on", "ends_on", "collaboration"]


def _check(by: Any) -> None:
    if not history.is_system(by) and not access.can_keep_collaborations(by):
        raise PermissionDenied


def _validate(period: BlackoutPeriod) -> None:
    if not period.name.strip():
        raise ValidationError({"name": _("Give the period a name.")})
    for field in ("starts_on", "ends_on"):
        try:
            validate_date_in_range(getattr(period, field))
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from None
    if period.ends_on < period.starts_on:
        raise ValidationError({"ends_on": _("The last day cannot come before the first day.")})
    if (period.ends_on - period.starts_on).days > 366:
        raise ValidationError({"ends_on": _("A blackout period lasts at most a year.")})


@transaction.atomic
def create_blackout(
    *,
    by: Any,
    name: str,
    starts_on: date,
    ends_on: date,
    collaboration: Collaboration | None = None,
) -> BlackoutPeriod:
    _check(by)
    period = BlackoutPeriod(
        name=name.strip(), starts_on=starts_on, ends_on=ends_on, collaboration=collaboration
    )
    _validate(period)
    period.save()
    history.record(
        period,
        by=by,
        action="created",
        changes=history.diff({}, history.snapshot(period, BLACKOUT_FIELDS)),
    )
    return period


@transaction.atomic
def update_blackout(
    *, by: Any, period: BlackoutPeriod, expected_version: int | None, **values: Any
) -> BlackoutPeriod:
    _check(by)
    unknown = set(values) - set(BLACKOUT_FIELDS)
    if unknown:
        raise TypeError(f"not a field of a blackout period: {sorted(unknown)}")
    locked = BlackoutPeriod.objects.select_for_update().get(pk=period.pk)
    before = history.snapshot(locked, values)
    for name, value in values.items():
        setattr(locked, name, value.strip() if name == "name" else value)
    changes = history.diff(before, history.snapshot(locked, values))
    if not changes:
        return locked
    _validate(locked)
    save_versioned(locked, expected_version=expected_version, fields=list(values))
    history.record(locked, by=by, action="changed", changes=changes)
    return locked


@transaction.atomic
def delete_blackout(*, by: Any, period: BlackoutPeriod, expected_version: int | None) -> None:
    """Delete the period, if nobody has changed it since ``expected_version``. Its history
    stays, written before the row goes."""
    _check(by)
    if (
        expected_version is not None
        and not BlackoutPeriod.objects.filter(pk=period.pk, version=expected_version).exists()
    ):
        raise ConcurrentEditError
    history.record(
        period,
        by=by,
        action="deleted",
        changes=history.diff(history.snapshot(period, BLACKOUT_FIELDS), {}),
    )
    period.delete()
