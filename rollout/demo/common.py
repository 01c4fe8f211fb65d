"""Shared building blocks of the rollout demo: backdating what the services stamp with "now",
the demo project leads, and one helper per service call (milestones, status, training, progress,
go decisions, wave changes, reports, risks, readiness criteria).

Every helper writes through ``rollout.services`` (or ``portal.services``) and then sets the
timestamps back to the demo date, so the history reads as it happened.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Max, Model
from django.utils import timezone

from portal.history import SYSTEM
from portal.models import HistoryEntry, Organisation, Role, User
from portal.services import add_membership
from rollout.calendar import nth_working_day
from rollout.models import (
    GoDecision,
    Milestone,
    ProgressEntry,
    Risk,
    Rollout,
    StatusReport,
    Wave,
    WaveChangeRequest,
)
from rollout.services.changes import decide_wave_change, request_wave_change
from rollout.services.plan import (
    log_progress,
    set_rollout_status,
    update_milestone,
    update_training,
    update_wave,
)
from rollout.services.readiness import record_decision, update_criterion
from rollout.services.reports import correct_report, create_report, submit_report, update_report
from rollout.services.risks import create_risk, update_risk

# ---------------------------------------------------------------------------------------------
# Backdating: the services stamp what they write with "now"; the demo sets it to when it
# happened.
# ---------------------------------------------------------------------------------------------

# Rows whose creation time a service sets, and the field that holds it.
_STAMPED: list[tuple[type[Model], str]] = [
    (HistoryEntry, "at"),
    (ProgressEntry, "created_at"),
    (Risk, "created_at"),
    (StatusReport, "created_at"),
    (GoDecision, "recorded_at"),
    (Rollout, "created_at"),
    (WaveChangeRequest, "requested_at"),
]


def _when(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A moment on ``day`` (Norwegian time), never later than now."""
    moment = timezone.make_aware(datetime.combine(day, time(hour, minute)))
    return min(moment, timezone.now())


def _last_pk(model: type[Model]) -> int:
    return model._default_manager.aggregate(last=Max("pk"))["last"] or 0


@contextmanager
def _at(moment: datetime, *models: type[Model]) -> Iterator[None]:
    """Stamp the history entries written inside the block (and new rows of ``models``, which
    must be among ``_STAMPED``) with ``moment``."""
    stamped = [(m, f) for m, f in _STAMPED if m is HistoryEntry or m in models]
    marks = [(model, field, _last_pk(model)) for model, field in stamped]
    yield
    for model, field, mark in marks:
        model._default_manager.filter(pk__gt=mark).update(**{field: moment})


def _fresh_rollout(rollout: Rollout) -> Rollout:
    return Rollout.objects.select_related("wave", "collaboration", "organisation").get(
        pk=rollout.pk
    )


def _fresh_wave(wave: Wave) -> Wave:
    return Wave.objects.select_related("collaboration").get(pk=wave.pk)


def _months_back(day: date, months: int) -> date:
    """The first day of the month ``months`` before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


# ---------------------------------------------------------------------------------------------
# The building blocks, each a service call (or a few) at a moment in the past.
# ---------------------------------------------------------------------------------------------


def _project_lead(email: str, organisation: Organisation, label: str) -> User:
    """A project lead the demo needs to write on behalf of an organisation. Not a demo account
    to sign in with: the password is unusable."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": "Prosjektleder", "last_name": f"{label} (demo)"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    add_membership(by=SYSTEM, user=user, organisation=organisation, role=Role.PROJECT_LEAD)
    return user


def _milestone(rollout: Rollout, code: str) -> Milestone:
    return rollout.milestones.select_related("template", "rollout").get(template__code=code)


def _complete_milestones(
    rollout: Rollout,
    lead: User,
    *,
    until: date,
    late: dict[str, int] | None = None,
    actual: dict[str, date] | None = None,
    skip: frozenset[str] = frozenset(),
) -> None:
    """Complete every open milestone due on or before ``until`` on its due date, or ``late``
    days after it, or on its ``actual`` date; never after today."""
    today = timezone.localdate()
    late = late or {}
    actual = actual or {}
    milestones = (
        rollout.milestones.select_related("template", "rollout")
        .filter(due__lte=until, completed_on__isnull=True)
        .order_by("due", "template__order")
    )
    for milestone in milestones:
        code = milestone.template.code
        if code in skip:
            continue
        done = min(
            actual.get(code, milestone.due + timedelta(days=late.get(code, 0))),
            today,
        )
        with _at(_when(done, 15)):
            update_milestone(
                by=lead, milestone=milestone, expected_version=milestone.version, completed_on=done
            )


def _set_status(rollout: Rollout, by: User, status: str, on: date, hour: int = 9) -> Rollout:
    rollout = _fresh_rollout(rollout)
    with _at(_when(on, hour)):
        return set_rollout_status(
            by=by, rollout=rollout, status=status, expected_version=rollout.version
        )


def _training(rollout: Rollout, lead: User, on: date, **values: int) -> None:
    rollout = _fresh_rollout(rollout)
    with _at(_when(on, 16)):
        update_training(by=lead, rollout=rollout, expected_version=rollout.version, **values)


def _progress(rollout: Rollout, lead: User, moment: datetime, text: str, code: str = "") -> None:
    milestone = _milestone(rollout, code) if code else None
    with _at(moment, ProgressEntry):
        log_progress(by=lead, rollout=rollout, text=text, milestone=milestone)


def _decide(
    rollout: Rollout,
    chair: User,
    decided_on: date,
    decision: str,
    rationale: str,
    conditions: str = "",
) -> None:
    with _at(_when(decided_on, 14), GoDecision):
        record_decision(
            by=chair,
            rollout=rollout,
            decided_on=decided_on,
            decision=decision,
            rationale=rationale,
            conditions=conditions,
        )


def _move(
    rollout: Rollout,
    lead: User,
    chair: User,
    to_wave: Wave,
    *,
    requested: datetime,
    decided: datetime,
    reason: str,
    decision_reason: str,
    consequences: str = "",
    cost_bearer: str = "",
    approve: bool = True,
) -> WaveChangeRequest:
    """A wave change asked by the project lead and decided by the steering group."""
    with _at(requested, WaveChangeRequest):
        request = request_wave_change(
            by=lead,
            rollout=_fresh_rollout(rollout),
            to_wave=to_wave,
            reason=reason,
            consequences=consequences,
            cost_bearer=cost_bearer,
            on=timezone.localdate(requested),
        )
    with _at(decided):
        decided_request = decide_wave_change(
            by=chair,
            request=request,
            approve=approve,
            reason=decision_reason,
            on=timezone.localdate(decided),
        )
    WaveChangeRequest.objects.filter(pk=request.pk).update(decided_at=decided)
    return decided_request


def _wave(wave: Wave, by: User, on: date, hour: int = 10, **values: Any) -> Wave:
    wave = _fresh_wave(wave)
    with _at(_when(on, hour)):
        return update_wave(by=by, wave=wave, expected_version=wave.version, **values)


@dataclass(frozen=True)
class _Report:
    """One monthly status report: its colours (overall, schedule, build, integrations, data
    migration, training, organisation), its text, and whether it was submitted."""

    rag: str  # seven letters of g/a/r, in the order above
    summary: str
    achievements: str = ""
    next_steps: str = ""
    decisions_needed: str = ""
    submitted: bool = True


_RAG = {"g": "green", "a": "amber", "r": "red"}
_RAG_FIELDS = [
    "overall",
    "rag_schedule",
    "rag_build",
    "rag_integrations",
    "rag_data_migration",
    "rag_training",
    "rag_organisation",
]


def _rag_values(letters: str) -> dict[str, str]:
    return {field: _RAG[letter] for field, letter in zip(_RAG_FIELDS, letters, strict=True)}


def _submission_day(rollout: Rollout, period: date, working_days: int = 0) -> date:
    """The deadline of the report for ``period``, moved by ``working_days`` (negative: early),
    never after today."""
    following = _months_back(period, -1)
    day = nth_working_day(
        following.year,
        following.month,
        rollout.collaboration.report_deadline_working_day + working_days,
    )
    return min(day, timezone.localdate())


def _report(
    rollout: Rollout, lead: User, period: date, report: _Report, submitted_on: date
) -> StatusReport:
    """A report written in the morning of ``submitted_on`` and, unless it is a draft,
    submitted that afternoon."""
    with _at(_when(submitted_on, 9), StatusReport):
        created = create_report(
            by=lead,
            rollout=rollout,
            period=period,
            summary=report.summary,
            achievements=report.achievements,
            next_steps=report.next_steps,
            decisions_needed=report.decisions_needed,
            **_rag_values(report.rag),
        )
    if not report.submitted:
        return created
    moment = _when(submitted_on, 14)
    with _at(moment):
        submitted = submit_report(by=lead, report=created, expected_version=created.version)
    StatusReport.objects.filter(pk=submitted.pk).update(submitted_at=moment)
    return submitted


def _correct(report: StatusReport, lead: User, on: date, **changes: Any) -> StatusReport:
    """Correct a submitted report: a new revision with ``changes``, submitted on ``on``."""
    moment = _when(on, 11)
    with _at(moment, StatusReport):
        correction = correct_report(by=lead, report=report)
        correction = update_report(
            by=lead, report=correction, expected_version=correction.version, **changes
        )
        correction = submit_report(by=lead, report=correction, expected_version=correction.version)
    StatusReport.objects.filter(pk=correction.pk).update(submitted_at=moment)
    return correction


def _risk(
    rollout: Rollout,
    lead: User,
    on: date,
    *,
    later: Sequence[tuple[date, str]] = (),
    **values: Any,
) -> Risk:
    """A risk raised on ``on``; ``later`` lists (day, status) changes."""
    with _at(_when(on, 11), Risk):
        risk = create_risk(by=lead, rollout=rollout, **values)
    for day, status in later:
        with _at(_when(day, 11)):
            risk = update_risk(by=lead, risk=risk, expected_version=risk.version, status=status)
    return risk


def _criteria(
    rollout: Rollout,
    lead: User,
    on: date,
    values: dict[int, dict[str, Any]],
) -> None:
    """Update the gate criteria of ``rollout`` by their template's order."""
    criteria = rollout.criteria.select_related("template", "rollout").order_by("template__order")
    for criterion in criteria:
        update = values.get(criterion.template.order)
        if not update:
            continue
        with _at(_when(on, 12)):
            update_criterion(
                by=lead, criterion=criterion, expected_version=criterion.version, **update
            )
