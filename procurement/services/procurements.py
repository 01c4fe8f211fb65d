"""Procurements: phases, supplier dialogue, the KS checklist, the agreed schedule."""

from __future__ import annotations

import csv
import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal import access as portal_access
from portal import history
from portal.concurrency import ConcurrentEditError, save_versioned
from portal.models import Organisation
from procurement import access
from procurement.models import (
    ACTIVE_STATUSES,
    ChecklistItem,
    ChecklistTick,
    CommitmentStatus,
    DialogueMeeting,
    Procurement,
    ScheduleEntry,
    StartDateCommitment,
)
from procurement.services.commitments import check_request, request_commitment
from rollout.models import Rollout, Wave

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FIELDS = [
    "name",
    "kind",
    "phase",
    "doffin_reference",
    "supplier",
    "needs_started_on",
    "tender_published_on",
    "award_on",
    "contract_signed_on",
    "description",
]


@transaction.atomic
def install_ks_checklist() -> int:
    """The default checklist (18 items), each with its basis: the source it rests on, in
    Norwegian. Idempotent: on a checklist already installed, an item's basis that is still
    the one an earlier version installed (``replaces``) is rewritten through
    ``save_checklist_item``; what KS staff have written themselves is left alone. Returns the
    number of items written."""
    with (DATA_DIR / "ks_checklist.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not ChecklistItem.objects.exists():
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                order=int(r["order"]), text_nb=r["text_nb"], text_en=r["text_en"], basis=r["basis"]
            )
            for r in rows
        )
        return len(rows)
    written = 0
    for row in rows:
        for item in ChecklistItem.objects.filter(text_nb=row["text_nb"], basis=row["replaces"]):
            save_checklist_item(by=None, item=item, basis=row["basis"])
            written += 1
    return written


@transaction.atomic
def create_procurement(
    *, by: Any, lead: Organisation, participants: list[Organisation], **values: Any
) -> Procurement:
    if by is not None and not (
        lead.pk in portal_access.organisation_ids(by) or portal_access.sees_everything(by)
    ):
        raise PermissionDenied
    if by is not None:
        allowed = set(
            access.participant_choices(by)
            .filter(pk__in=[p.pk for p in participants])
            .values_list("pk", flat=True)
        )
        strangers = [p.name for p in participants if p.pk not in allowed and p.pk != lead.pk]
        if strangers:
            raise ValidationError(
                {
                    "participants": _(
                        "Choose organisations of your own collaborations, or ones in no "
                        "collaboration yet; not %(names)s."
                    )
                    % {"names": ", ".join(sorted(strangers))}
                }
            )
    procurement = Procurement(lead=lead, **values)
    procurement.full_clean()
    procurement.save()
    procurement.participants.set(participants)
    history.record(
        procurement,
        by=by,
        action="created",
        changes=history.diff({}, history.snapshot(procurement, ["name", "kind", "phase"])),
    )
    return procurement


@transaction.atomic
def update_procurement(
    *, by: Any, procurement: Procurement, expected_version: int | None = None, **values: Any
) -> Procurement:
    """Change a procurement, if nobody saved it since ``expected_version`` was read (else
    :class:`~portal.concurrency.ConcurrentEditError`)."""
    if by is not None and not access.can_keep_procurement(by, procurement):
        raise PermissionDenied
    before = history.snapshot(procurement, FIELDS)
    for name, value in values.items():
        if name not in FIELDS:
            raise ValueError(name)
        setattr(procurement, name, value)
    procurement.full_clean()
    save_versioned(procurement, expected_version=expected_version, fields=list(values))
    history.record(
        procurement,
        by=by,
        action="changed",
        changes=history.diff(before, history.snapshot(procurement, FIELDS)),
    )
    return procurement


@transaction.atomic
def tick(
    *, by: Any, procurement: Procurement, item: ChecklistItem, done: bool, note: str = ""
) -> ChecklistTick:
    if by is not None and not access.can_keep_procurement(by, procurement):
        raise PermissionDenied
    row, _created = ChecklistTick.objects.update_or_create(
        procurement=procurement,
        item=item,
        defaults={"done": done, "note": note.strip(), "by": by},
    )
    history.record(
        procurement,
        by=by,
        action="checklist ticked" if done else "checklist open",
        note=f"{item.order}. {item.text_nb}",
    )
    return row


def checklist_state(procurement: Procurement) -> str:
    """A fingerprint of the procurement's ticks as they are now. The checklist form carries the
    one it was read at, so a save over someone else's ticks is refused, not undone unseen."""
    rows = sorted(
        ChecklistTick.objects.filter(procurement=procurement).values_list("item_id", "done", "note")
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:20]


@transaction.atomic
def save_checklist(
    *,
    by: Any,
    procurement: Procurement,
    values: list[tuple[ChecklistItem, bool, str]],
    expected_state: str | None,
) -> int:
    """Tick the items whose value changed, each through :func:`tick` (so each change is in the
    history), if nobody saved the checklist since ``expected_state`` was read (else
    :class:`~portal.concurrency.ConcurrentEditError`). Returns how many items changed."""
    if by is not None and not access.can_keep_procurement(by, procurement):
        raise PermissionDenied
    # One save of a procurement's checklist at a time, so the state compared is the one written.
    Procurement.objects.select_for_update().filter(pk=procurement.pk).exists()
    if expected_state is not None and checklist_state(procurement) != expected_state:
        raise ConcurrentEditError
    ticks = {t.item_id: t for t in ChecklistTick.objects.filter(procurement=procurement)}
    changed = 0
    for item, done, note in values:
        before = ticks.get(item.pk)
        if (done, note.strip()) == ((before.done, before.note) if before else (False, "")):
            continue
        tick(by=by, procurement=procurement, item=item, done=done, note=note)
        changed += 1
    return changed


@transaction.atomic
def add_meeting(
    *,
    by: Any,
    procurement: Procurement,
    held_on: date,
    supplier: Organisation | None = None,
    notes: str = "",
) -> DialogueMeeting:
    if by is not None and not access.can_keep_procurement(by, procurement):
        raise PermissionDenied
    meeting = DialogueMeeting.objects.create(
        procurement=procurement, held_on=held_on, supplier=supplier, notes=notes.strip()
    )
    history.record(
        procurement,
        by=by,
        action="dialogue meeting",
        note=f"{held_on.isoformat()} {supplier or ''}".strip(),
    )
    return meeting


@transaction.atomic
def add_schedule_entry(
    *,
    by: Any,
    procurement: Procurement,
    rollout: Rollout,
    start_on: date,
    wave: Wave | None = None,
) -> tuple[ScheduleEntry, StartDateCommitment]:
    """Record the start date agreed in the contract for one rollout of the lead or a
    participant, and make its start-date commitment with the supplier awarded, as committed
    (or keep the rollout's open commitment with that supplier).

    The acting person keeps the procurement and may request a start date for the rollout
    (``commitments.check_request``, the same checks as a request made directly); the wave,
    when named, is one of the rollout's collaboration."""
    if by is not None and not access.can_keep_procurement(by, procurement):
        raise PermissionDenied
    if procurement.supplier is None:
        raise ValidationError({"supplier": _("Record the supplier awarded first.")})
    members = {procurement.lead_id, *procurement.participants.values_list("pk", flat=True)}
    if rollout.organisation_id not in members:
        raise ValidationError(
            {"rollout": _("Choose a rollout of the lead or a participating organisation.")}
        )
    if wave is not None and wave.collaboration_id != rollout.collaboration_id:
        raise ValidationError({"wave": _("Choose a wave of the rollout's collaboration.")})
    check_request(
        by=by,
        rollout=rollout,
        supplier=procurement.supplier,
        start_on=start_on,
        status=CommitmentStatus.COMMITTED,
    )
    entry, _created = ScheduleEntry.objects.update_or_create(
        procurement=procurement,
        organisation_id=rollout.organisation_id,
        defaults={"rollout": rollout, "start_on": start_on, "wave": wave or rollout.wave},
    )
    commitment = StartDateCommitment.objects.filter(
        rollout=rollout, supplier=procurement.supplier, status__in=ACTIVE_STATUSES
    ).first()
    if commitment is None:
        commitment = request_commitment(
            by=by,
            rollout=rollout,
            supplier=procurement.supplier,
            start_on=start_on,
            procurement=procurement,
            status=CommitmentStatus.COMMITTED,
            reason=_("Agreed in the contract of %(name)s.") % {"name": procurement.name},
        )
    history.record(
        procurement,
        by=by,
        action="schedule agreed",
        note=f"{rollout.organisation}: {start_on.isoformat()}",
    )
    return entry, commitment


ITEM_FIELDS = ["order", "text_nb", "text_en", "basis", "is_active"]


@transaction.atomic
def save_checklist_item(
    *,
    by: Any,
    item: ChecklistItem | None = None,
    expected_version: int | None = None,
    **values: Any,
) -> ChecklistItem:
    """KS staff keep the checklist: a new item, or a change to one. An item in use by a
    procurement is never deleted; it is taken out of use (``is_active=False``). A change is
    saved only if nobody saved the item since ``expected_version`` was read."""
    if by is not None and not access.can_keep_checklist(by):
        raise PermissionDenied
    before = history.snapshot(item, ITEM_FIELDS) if item is not None else {}
    item = item or ChecklistItem()
    for name, value in values.items():
        if name not in ITEM_FIELDS:
            raise ValueError(name)
        setattr(item, name, value)
    item.full_clean()
    if item.pk is None:
        item.save()
    else:
        save_versioned(item, expected_version=expected_version, fields=list(values))
    history.record(
        item,
        by=by,
        action="changed" if before else "created",
        changes=history.diff(before, history.snapshot(item, ITEM_FIELDS)),
    )
    return item
