"""Waves, rollouts and milestone plans: creating, moving, re-planning, progress."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import history
from portal.concurrency import save_versioned
from portal.models import Organisation
from rollout import access
from rollout.calendar import blackout_reasons
from rollout.models import (
    Collaboration,
    GateCriterion,
    GoDecision,
    Methodology,
    Milestone,
    ProgressEntry,
    Rollout,
    RolloutStatus,
    Wave,
    WaveStatus,
)

UNCHANGED = object()
WAVE_FIELDS = ["name", "go_live", "status", "blackout_override_reason", "notes"]


def check_go_live(collaboration: Collaboration, day: date, override_reason: str) -> None:
    """A go-live in a blackout period needs the steering group's reason to override it."""
    reasons = blackout_reasons(day, collaboration)
    if reasons and not override_reason.strip():
        raise ValidationError(
            {
                "go_live": _(
                    "%(date)s lies in a blackout period (%(reasons)s). Choose another date, "
                    "or give the steering group's reason for overriding it."
                )
                % {"date": day.strftime("%d.%m.%Y"), "reasons": ", ".join(reasons)}
            }
        )


@transaction.atomic
def create_wave(
    *,
    by: Any,
    collaboration: Collaboration,
    name: str,
    go_live: date,
    status: str = WaveStatus.PLANNED,
    blackout_override_reason: str = "",
    notes: str = "",
) -> Wave:
    if by is not None and not access.can_manage_waves(by, collaboration):
        raise PermissionDenied
    check_go_live(collaboration, go_live, blackout_override_reason)
    clash = _("The collaboration already has a wave of this name.")
    if Wave.objects.filter(collaboration=collaboration, name=name).exists():
        raise ValidationError({"name": clash})
    try:
        with transaction.atomic():
            wave = Wave.objects.create(
                collaboration=collaboration,
                name=name,
                go_live=go_live,
                status=status,
                blackout_override_reason=blackout_override_reason,
                notes=notes,
            )
    except IntegrityError:
        # Another request created a wave of this name between the check and the insert.
        raise ValidationError({"name": clash}) from None
    history.record(
        wave, by=by, action="created", changes=history.diff({}, history.snapshot(wave, WAVE_FIELDS))
    )
    return wave


@transaction.atomic
def update_wave(*, by: Any, wave: Wave, expected_version: int | None, **values: Any) -> Wave:
    """Change a wave; when its go-live moves, every rollout in it re-plans in this
    transaction."""
    if by is not None and not access.can_manage_waves(by, wave.collaboration_id):
        raise PermissionDenied
    before = history.snapshot(wave, WAVE_FIELDS)
    stored_status, stored_go_live = wave.status, wave.go_live
    for name, value in values.items():
        setattr(wave, name, value)
    if history.diff(before, history.snapshot(wave, WAVE_FIELDS)) == {}:
        return wave
    if (
        "name" in values
        and Wave.objects.filter(collaboration_id=wave.collaboration_id, name=wave.name)
        .exclude(pk=wave.pk)
        .exists()
    ):
        raise ValidationError({"name": _("The collaboration already has a wave of this name.")})
    if stored_status == WaveStatus.LIVE and wave.go_live != stored_go_live:
        raise ValidationError(
            {"go_live": _("The wave has gone live; its go-live date cannot be moved.")}
        )
    if "go_live" in values or "blackout_override_reason" in values:
        check_go_live(wave.collaboration, wave.go_live, wave.blackout_override_reason)
    if (
        wave.status == WaveStatus.LIVE
        and before["status"] != WaveStatus.LIVE
        and wave.rollouts.exclude(status__in=[RolloutStatus.LIVE, RolloutStatus.WITHDRAWN]).exists()
    ):
        raise ValidationError(
            {
                "status": _(
                    "Mark each rollout in the wave live first; each needs a recorded go decision."
                )
            }
        )
    save_versioned(wave, expected_version=expected_version, fields=list(values))
    changes = history.diff(before, history.snapshot(wave, WAVE_FIELDS))
    history.record(wave, by=by, action="changed", changes=changes)
    if "go_live" in changes:
        for rollout in wave.rollouts.select_for_update():
            replan(rollout=rollout, by=by, note=_("The wave's go-live moved."))
    return wave


def create_criteria_for_gate(milestone: Milestone) -> None:
    """Give a gate milestone one criterion per criterion template, keeping what exists."""
    existing = {c.template.order: c for c in milestone.criteria.select_related("template")}
    for template in milestone.template.criteria.all():
        criterion = existing.get(template.order)
        if criterion is None:
            GateCriterion.objects.create(
                rollout=milestone.rollout, milestone=milestone, template=template
            )
        elif criterion.template_id != template.pk:
            criterion.template = template
            criterion.save(update_fields=["template"])


@transaction.atomic
def create_rollout(
    *,
    by: Any,
    collaboration: Collaboration,
    organisation: Organisation,
    wave: Wave,
    methodology: Methodology | None = None,
    end_users_to_train: int = 0,
) -> Rollout:
    """Place an organisation in a wave: its baseline go-live is the wave's date, kept forever,
    and its milestone plan is generated from the methodology."""
    if by is not None and not access.can_manage_waves(by, collaboration):
        raise PermissionDenied
    if wave.collaboration_id != collaboration.pk:
        raise ValidationError({"wave": _("The wave belongs to another collaboration.")})
    if wave.status in (WaveStatus.CANCELLED, WaveStatus.LIVE):
        raise ValidationError(
            {
                "wave": _("The wave is %(status)s; choose another wave.")
                % {"status": wave.get_status_display().lower()}
            }
        )
    if not collaboration.participations.filter(organisation=organisation).exists():
        raise ValidationError(
            {
                "organisation": _("%(org)s does not take part in %(collab)s.")
                % {"org": organisation, "collab": collaboration}
            }
        )
    methodology = methodology or collaboration.methodology
    if methodology is None:
        raise ValidationError({"methodology": _("Choose the methodology the rollout follows.")})
    taken = _("%(org)s already has a rollout in %(collab)s.") % {
        "org": organisation,
        "collab": collaboration,
    }
    if Rollout.objects.filter(collaboration=collaboration, organisation=organisation).exists():
        raise ValidationError({"organisation": taken})
    try:
        with transaction.atomic():
            rollout = Rollout.objects.create(
                collaboration=collaboration,
                organisation=organisation,
                wave=wave,
                baseline_go_live=wave.go_live,
                methodology=methodology,
                end_users_to_train=end_users_to_train,
            )
    except IntegrityError:
        # Another request placed the organisation between the check and the insert.
        raise ValidationError({"organisation": taken}) from None
    milestones = Milestone.objects.bulk_create(
        Milestone(
            rollout=rollout,
            template=t,
            baseline_due=wave.go_live + timedelta(days=t.offset_days),
            due=wave.go_live + timedelta(days=t.offset_days),
        )
        for t in methodology.milestones.all()
    )
    for milestone in milestones:
        if milestone.template.is_gate:
            create_criteria_for_gate(milestone)
    history.record(
        rollout,
        by=by,
        action="created",
        changes={"wave": [None, str(wave)], "baseline_go_live": [None, wave.go_live.isoformat()]},
    )
    return rollout


def replan(*, rollout: Rollout, by: Any, note: str = "") -> int:
    """Move every open milestone that has no due date of its own to the current wave's date.
    A completed milestone keeps its date, and a rollout that is live or withdrawn is left
    alone. Call inside a transaction. Returns how many milestones moved."""
    status = Rollout.objects.values_list("status", flat=True).get(pk=rollout.pk)
    if status in (RolloutStatus.LIVE, RolloutStatus.WITHDRAWN):
        return 0
    go_live = Wave.objects.values_list("go_live", flat=True).get(pk=rollout.wave_id)
    moved = 0
    milestones = rollout.milestones.select_related("template").select_for_update(of=("self",))
    for milestone in milestones:
        if milestone.has_own_due or milestone.completed_on is not None:
            continue
        due = go_live + timedelta(days=milestone.template.offset_days)
        if due != milestone.due:
            milestone.due = due
            milestone.version += 1
            milestone.save(update_fields=["due", "version"])
            moved += 1
    history.record(
        rollout,
        by=by,
        action="re-planned",
        note=note,
        changes={"go_live": [None, go_live.isoformat()]},
    )
    return moved


@transaction.atomic
def update_milestone(
    *,
    by: Any,
    milestone: Milestone,
    expected_version: int | None,
    completed_on: date | object | None = UNCHANGED,
    own_due: date | None = None,
    own_due_reason: str | None = None,
    note: str | None = None,
) -> Milestone:
    """The project lead's changes to a milestone: completion, its own due date (with a
    reason), a note. A stale ``expected_version`` is refused."""
    if not access.can_edit_rollout(by, milestone.rollout):
        raise PermissionDenied
    fields = ["completed_on", "due", "own_due_reason", "note"]
    before = history.snapshot(milestone, fields)
    if completed_on is not UNCHANGED:
        if isinstance(completed_on, date) and completed_on > timezone.localdate():
            raise ValidationError({"completed_on": _("A completion date cannot be in the future.")})
        milestone.completed_on = completed_on  # type: ignore[assignment]
    if own_due is None and own_due_reason and own_due_reason.strip():
        raise ValidationError({"own_due": _("Give the milestone's own due date with the reason.")})
    if own_due is not None:
        if not (own_due_reason or "").strip():
            raise ValidationError(
                {"own_due_reason": _("Give the reason why this milestone has its own due date.")}
            )
        milestone.due = own_due
        milestone.own_due_reason = own_due_reason.strip()  # type: ignore[union-attr]
    elif own_due_reason == "" and milestone.has_own_due:
        # Back to the plan: the due date follows the wave again.
        milestone.own_due_reason = ""
        milestone.due = milestone.rollout.wave.go_live + timedelta(
            days=milestone.template.offset_days
        )
    if note is not None:
        milestone.note = note
    changes = history.diff(before, history.snapshot(milestone, fields))
    if not changes:
        return milestone
    save_versioned(milestone, expected_version=expected_version, fields=fields)
    history.record(milestone, by=by, action="changed", changes=changes)
    return milestone


@transaction.atomic
def log_progress(
    *, by: Any, rollout: Rollout, text: str, milestone: Milestone | None = None
) -> ProgressEntry:
    if not access.can_edit_rollout(by, rollout):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError({"text": _("Write what has happened.")})
    if milestone is not None and milestone.rollout_id != rollout.pk:
        raise ValidationError({"milestone": _("The milestone belongs to another rollout.")})
    entry = ProgressEntry.objects.create(
        rollout=rollout, milestone=milestone, text=text.strip(), created_by=by
    )
    history.record(rollout, by=by, action="progress logged", note=entry.text[:200])
    return entry


TRAINING_FIELDS = [
    "end_users_to_train",
    "end_users_trained",
    "super_users",
    "instructors_certified",
]


@transaction.atomic
def update_training(
    *, by: Any, rollout: Rollout, expected_version: int | None, **values: int
) -> Rollout:
    if not access.can_edit_rollout(by, rollout):
        raise PermissionDenied
    before = history.snapshot(rollout, TRAINING_FIELDS)
    for name, value in values.items():
        if name not in TRAINING_FIELDS:
            raise ValueError(name)
        setattr(rollout, name, value)
    if rollout.end_users_to_train and rollout.end_users_trained > rollout.end_users_to_train:
        raise ValidationError(
            {"end_users_trained": _("More end users trained than there are to train.")}
        )
    save_versioned(rollout, expected_version=expected_version, fields=list(values))
    history.record(
        rollout,
        by=by,
        action="training updated",
        changes=history.diff(before, history.snapshot(rollout, TRAINING_FIELDS)),
    )
    return rollout


def go_allowed(decisions: Iterable[GoDecision], *, wave_id: int) -> bool:
    """True when the latest go/no-go for the wave ``wave_id`` is a go (with or without
    conditions): a no-go, or a go recorded for another wave, does not let a rollout go live."""
    for_wave = [d for d in decisions if d.wave_id == wave_id]
    if not for_wave:
        return False
    latest = max(for_wave, key=lambda d: (d.decided_on, d.pk))
    return latest.allows_go_live


@transaction.atomic
def set_rollout_status(
    *, by: Any, rollout: Rollout, status: str, expected_version: int | None
) -> Rollout:
    """A rollout is marked live only after the steering group recorded a go decision."""
    if not (
        access.can_edit_rollout(by, rollout) or access.can_decide(by, rollout.collaboration_id)
    ):
        raise PermissionDenied
    if status == RolloutStatus.LIVE:
        # Only a decision for the wave the rollout is in now counts: a go recorded before the
        # rollout changed wave (or one without a wave, recorded before waves were kept on
        # decisions) does not.
        current_wave = Rollout.objects.values_list("wave_id", flat=True).get(pk=rollout.pk)
        if not go_allowed(rollout.decisions.all(), wave_id=current_wave):
            raise ValidationError(
                {
                    "status": _(
                        "The rollout cannot be marked live before the steering group has "
                        "recorded a go decision for its current wave."
                    )
                }
            )
    before = rollout.status
    rollout.status = status
    save_versioned(rollout, expected_version=expected_version, fields=["status"])
    history.record(rollout, by=by, action="status changed", changes={"status": [before, status]})
    return rollout
