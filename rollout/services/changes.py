"""Wave change requests: asked by the project lead, decided by the steering group."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import history
from rollout import access
from rollout.models import (
    Rollout,
    RolloutStatus,
    Wave,
    WaveChangeRequest,
    WaveChangeStatus,
    WaveStatus,
)
from rollout.services.plan import replan


def _wave_passed(wave: Wave) -> str:
    return _("The go-live of %(wave)s (%(date)s) has passed; choose a later wave.") % {
        "wave": wave.name,
        "date": wave.go_live.strftime("%d.%m.%Y"),
    }


@transaction.atomic
def request_wave_change(
    *,
    by: Any,
    rollout: Rollout,
    to_wave: Wave,
    reason: str,
    consequences: str = "",
    cost_bearer: str = "",
    on: date | None = None,
) -> WaveChangeRequest:
    """Ask to move ``rollout`` to ``to_wave``: not for a live rollout, and not to a wave whose
    go-live has passed (before ``on``, today unless the demo replays its history)."""
    today = on or timezone.localdate()
    if not access.can_edit_rollout(by, rollout):
        raise PermissionDenied
    errors = {}
    if rollout.status == RolloutStatus.LIVE:
        errors["to_wave"] = _("The rollout is live; it no longer changes wave.")
    elif to_wave.collaboration_id != rollout.collaboration_id:
        errors["to_wave"] = _("Choose a wave of the same collaboration.")
    elif to_wave.pk == rollout.wave_id:
        errors["to_wave"] = _("The rollout is already in this wave.")
    elif to_wave.status in (WaveStatus.CANCELLED, WaveStatus.LIVE):
        errors["to_wave"] = _("The wave is %(status)s.") % {
            "status": to_wave.get_status_display().lower()
        }
    elif to_wave.go_live < today:
        errors["to_wave"] = _wave_passed(to_wave)
    if not reason.strip():
        errors["reason"] = _("Give the reason for the change.")
    pending = _("The rollout already has a request awaiting decision.")
    if rollout.wave_changes.filter(status=WaveChangeStatus.PENDING).exists():
        errors["to_wave"] = pending
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            request = WaveChangeRequest.objects.create(
                rollout=rollout,
                from_wave=rollout.wave,
                to_wave=to_wave,
                reason=reason.strip(),
                consequences=consequences.strip(),
                cost_bearer=cost_bearer.strip(),
                requested_by=by,
            )
    except IntegrityError:
        # Another request was made between the check and the insert
        # (wave_change_one_pending_per_rollout).
        raise ValidationError({"to_wave": pending}) from None
    history.record(
        rollout,
        by=by,
        action="wave change requested",
        note=request.reason,
        changes={"wave": [str(rollout.wave), str(to_wave)]},
    )
    return request


@transaction.atomic
def decide_wave_change(
    *, by: Any, request: WaveChangeRequest, approve: bool, reason: str, on: date | None = None
) -> WaveChangeRequest:
    """Approve or reject. On approval the rollout moves and all its milestones re-plan, in
    this one transaction."""
    if by is not None and not access.can_decide(by, request.rollout.collaboration_id):
        raise PermissionDenied
    locked = WaveChangeRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != WaveChangeStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if not reason.strip():
        raise ValidationError({"decision_reason": _("Give the reason for the decision.")})
    locked.status = WaveChangeStatus.APPROVED if approve else WaveChangeStatus.REJECTED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.decision_reason = reason.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    rollout = Rollout.objects.select_for_update().get(pk=locked.rollout_id)
    if approve:
        target = Wave.objects.get(pk=locked.to_wave_id)
        if rollout.wave_id != locked.from_wave_id:
            raise ValidationError(
                _(
                    "The rollout has moved to another wave since the request "
                    "was made; it cannot be approved."
                )
            )
        if target.status in (WaveStatus.CANCELLED, WaveStatus.LIVE):
            raise ValidationError(
                {
                    "to_wave": _("The wave is %(status)s.")
                    % {"status": target.get_status_display().lower()}
                }
            )
        if target.go_live < (on or timezone.localdate()):
            raise ValidationError({"to_wave": _wave_passed(target)})
        if rollout.status == RolloutStatus.LIVE:
            raise ValidationError({"to_wave": _("The rollout is live; it no longer changes wave.")})
        before = str(rollout.wave)
        rollout.wave = locked.to_wave
        rollout.version += 1
        rollout.save(update_fields=["wave", "version"])
        history.record(
            rollout,
            by=by,
            action="wave changed",
            note=locked.decision_reason,
            changes={"wave": [before, str(locked.to_wave)]},
        )
        replan(rollout=rollout, by=by, note=_("Approved wave change."))
    else:
        history.record(rollout, by=by, action="wave change rejected", note=locked.decision_reason)
    return locked
