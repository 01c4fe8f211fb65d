"""Readiness criteria with evidence, and the steering group's go/no-go decision."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from portal import history
from portal.concurrency import save_versioned
from rollout import access
from rollout.models import Decision, GateCriterion, GoDecision, Milestone, Rollout

CRITERION_FIELDS = ["owner", "status", "evidence_text", "evidence_link"]
EVIDENCE_TYPES = {
    ".pdf": b"%PDF",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".pptx": b"PK\x03\x04",
    ".txt": b"",
    ".csv": b"",
}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def validate_evidence_file(upload: UploadedFile, field: str = "evidence_file") -> None:
    """The file's type by its name and its first bytes, and its size; errors name ``field``."""
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError(
            {field: _("Upload a PDF, PNG, JPEG, Word, Excel, PowerPoint, text or CSV file.")}
        )
    if upload.size is not None and upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError({field: _("The file is larger than 10 MB.")})
    magic = EVIDENCE_TYPES[suffix]
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if magic and not head.startswith(magic):
        raise ValidationError(
            {
                field: _("The file's content does not match its type %(suffix)s.")
                % {"suffix": suffix}
            }
        )
    if not magic and b"\x00" in head:
        raise ValidationError({field: _("A text file cannot hold binary content.")})


@transaction.atomic
def update_criterion(
    *,
    by: Any,
    criterion: GateCriterion,
    expected_version: int | None,
    evidence_file: UploadedFile | None = None,
    **values: Any,
) -> GateCriterion:
    """Change a criterion; an evidence file replaces the one it had.

    Everything is checked and the versioned save is done before the file is stored, so a
    refused change (invalid, or a 409) leaves no file behind; the replaced file is deleted
    once the change is committed."""
    if not access.can_edit_rollout(by, criterion.rollout):
        raise PermissionDenied
    before = history.snapshot(criterion, CRITERION_FIELDS)
    for name, value in values.items():
        if name not in CRITERION_FIELDS:
            raise ValueError(name)
        setattr(criterion, name, value)
    fields = list(values)
    if evidence_file is not None:
        validate_evidence_file(evidence_file)
    criterion.full_clean(exclude=["rollout", "milestone", "template", "evidence_file"])
    save_versioned(criterion, expected_version=expected_version, fields=fields)
    changes = history.diff(before, history.snapshot(criterion, CRITERION_FIELDS))
    if evidence_file is None:
        history.record(criterion, by=by, action="changed", changes=changes)
        return criterion
    replaced = (
        GateCriterion.objects.filter(pk=criterion.pk).values_list("evidence_file", flat=True).get()
    )
    stored = criterion.evidence_file
    stored.save(evidence_file.name or "evidence", evidence_file, save=False)
    try:
        GateCriterion.objects.filter(pk=criterion.pk).update(evidence_file=stored.name)
        changes["evidence_file"] = [replaced or None, stored.name]
        history.record(criterion, by=by, action="changed", changes=changes)
    except BaseException:
        stored.storage.delete(cast(str, stored.name))  # no orphan when the change fails after all
        raise
    if replaced and replaced != stored.name:
        storage = stored.storage
        transaction.on_commit(lambda: storage.delete(replaced))
    return criterion


@transaction.atomic
def record_decision(
    *,
    by: Any,
    rollout: Rollout,
    decided_on: date,
    decision: str,
    rationale: str,
    conditions: str = "",
    milestone: Milestone | None = None,
) -> GoDecision:
    """The steering group's go/no-go for a rollout."""
    if by is not None and not access.can_decide(by, rollout.collaboration_id):
        raise PermissionDenied
    errors = {}
    if decision not in Decision.values:
        errors["decision"] = _("Choose go, no-go or go with conditions.")
    if milestone is not None and milestone.rollout_id != rollout.pk:
        errors["milestone"] = _("The gate belongs to another rollout.")
    if not rationale.strip():
        errors["rationale"] = _("Give the rationale for the decision.")
    if decision == Decision.GO_WITH_CONDITIONS and not conditions.strip():
        errors["conditions"] = _("State the conditions.")
    if errors:
        raise ValidationError(errors)
    if milestone is None:
        milestone = rollout.milestones.filter(template__is_gate=True).first()
    # The decision is for the wave the rollout is in now; a wave change makes it void.
    wave_id = (
        Rollout.objects.select_for_update().values_list("wave_id", flat=True).get(pk=rollout.pk)
    )
    record = GoDecision.objects.create(
        rollout=rollout,
        wave_id=wave_id,
        milestone=milestone,
        decided_on=decided_on,
        decision=decision,
        rationale=rationale.strip(),
        conditions=conditions.strip(),
        recorded_by=by,
    )
    history.record(
        rollout,
        by=by,
        action="go/no-go decided",
        note=record.rationale,
        changes={"decision": [None, decision]},
    )
    return record
