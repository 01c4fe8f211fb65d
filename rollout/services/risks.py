"""Risks of a rollout."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from portal import history
from portal.concurrency import save_versioned
from rollout import access
from rollout.models import Risk, Rollout

RISK_FIELDS = ["title", "description", "probability", "impact", "owner", "mitigation", "status"]


@transaction.atomic
def create_risk(*, by: Any, rollout: Rollout, **values: Any) -> Risk:
    if not access.can_edit_rollout(by, rollout):
        raise PermissionDenied
    risk = Risk(rollout=rollout, **values)
    risk.full_clean()
    risk.save()
    history.record(
        risk, by=by, action="created", changes=history.diff({}, history.snapshot(risk, RISK_FIELDS))
    )
    return risk


@transaction.atomic
def update_risk(*, by: Any, risk: Risk, expected_version: int | None, **values: Any) -> Risk:
    if not access.can_edit_rollout(by, risk.rollout):
        raise PermissionDenied
    before = history.snapshot(risk, RISK_FIELDS)
    for name, value in values.items():
        if name not in RISK_FIELDS:
            raise ValueError(name)
        setattr(risk, name, value)
    risk.full_clean()
    save_versioned(risk, expected_version=expected_version, fields=list(values))
    history.record(
        risk,
        by=by,
        action="changed",
        changes=history.diff(before, history.snapshot(risk, RISK_FIELDS)),
    )
    return risk
