"""Monthly status reports: drafted, submitted (then immutable), corrected by a new revision."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import history
from portal.concurrency import ConcurrentEditError, save_versioned
from rollout import access
from rollout.models import Rollout, StatusReport, StatusReportState

CONTENT_FIELDS = [
    "overall",
    "rag_schedule",
    "rag_build",
    "rag_integrations",
    "rag_data_migration",
    "rag_training",
    "rag_organisation",
    "summary",
    "achievements",
    "next_steps",
    "decisions_needed",
]


@transaction.atomic
def create_report(*, by: Any, rollout: Rollout, period: date, **content: Any) -> StatusReport:
    """A new draft for a month; a month has one report (and its corrections)."""
    if not access.can_edit_rollout(by, rollout):
        raise PermissionDenied
    period = period.replace(day=1)
    if StatusReport.objects.filter(rollout=rollout, period=period).exists():
        raise ValidationError(
            {
                "period": _(
                    "There is already a report for this month. Open it, or correct it if it is "
                    "submitted."
                )
            }
        )
    report = StatusReport(rollout=rollout, period=period, created_by=by, **content)
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Another request wrote the month's report between the check and the insert.
        raise ValidationError({"period": _("There is already a report for this month.")}) from None
    history.record(
        report,
        by=by,
        action="created",
        changes=history.diff({}, history.snapshot(report, CONTENT_FIELDS)),
    )
    return report


@transaction.atomic
def update_report(
    *, by: Any, report: StatusReport, expected_version: int | None, **content: Any
) -> StatusReport:
    """Change a draft. A submitted report never changes."""
    if not access.can_edit_rollout(by, report.rollout):
        raise PermissionDenied
    if report.is_submitted:
        raise ValidationError(
            _(
                "A submitted report cannot be changed. Make a correction, "
                "which keeps the submitted one."
            )
        )
    before = history.snapshot(report, CONTENT_FIELDS)
    for name, value in content.items():
        if name not in CONTENT_FIELDS:
            raise ValueError(name)
        setattr(report, name, value)
    report.full_clean()
    # The state is part of the condition: a report submitted meanwhile is not overwritten.
    updated = StatusReport.objects.filter(pk=report.pk, state=StatusReportState.DRAFT)
    if not updated.exists():
        raise ConcurrentEditError
    save_versioned(report, expected_version=expected_version, fields=list(content))
    history.record(
        report,
        by=by,
        action="changed",
        changes=history.diff(before, history.snapshot(report, CONTENT_FIELDS)),
    )
    return report


@transaction.atomic
def submit_report(*, by: Any, report: StatusReport, expected_version: int | None) -> StatusReport:
    if not access.can_edit_rollout(by, report.rollout):
        raise PermissionDenied
    already = _("The report is already submitted.")
    if report.is_submitted:
        raise ValidationError(already)
    submitted_at = timezone.now()
    # The state is part of the condition: a report submitted meanwhile (by another request,
    # or through another copy of it) keeps who submitted it and when.
    query = StatusReport.objects.filter(pk=report.pk, state=StatusReportState.DRAFT)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    updated = query.update(
        state=StatusReportState.SUBMITTED,
        submitted_by=by,
        submitted_at=submitted_at,
        version=F("version") + 1,
    )
    if not updated:
        if StatusReport.objects.filter(pk=report.pk, state=StatusReportState.SUBMITTED).exists():
            raise ValidationError(already)
        raise ConcurrentEditError
    report.state = StatusReportState.SUBMITTED
    report.submitted_by = by
    report.submitted_at = submitted_at
    report.version = StatusReport.objects.values_list("version", flat=True).get(pk=report.pk)
    history.record(report, by=by, action="submitted")
    return report


@transaction.atomic
def correct_report(*, by: Any, report: StatusReport) -> StatusReport:
    """A new draft revision with the submitted report's content; the submitted one is kept
    and points to its correction."""
    if not access.can_edit_rollout(by, report.rollout):
        raise PermissionDenied
    if not report.is_submitted:
        raise ValidationError(_("Only a submitted report is corrected; change the draft."))
    if StatusReport.objects.filter(supersedes=report).exists():
        raise ValidationError(_("This report has already been corrected."))
    latest = (
        StatusReport.objects.filter(rollout=report.rollout, period=report.period)
        .order_by("-revision")
        .first()
    )
    assert latest is not None
    correction = StatusReport.objects.create(
        rollout=report.rollout,
        period=report.period,
        revision=latest.revision + 1,
        supersedes=report,
        created_by=by,
        **{name: getattr(report, name) for name in CONTENT_FIELDS},
    )
    history.record(
        correction,
        by=by,
        action="correction started",
        changes={"revision": [report.revision, correction.revision]},
    )
    return correction
