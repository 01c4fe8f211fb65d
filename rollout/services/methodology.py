"""The methodology: installing the default, new versions, and rolling a version out."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal import history
from rollout import access
from rollout.models import (
    CriterionTemplate,
    GoDecision,
    Methodology,
    Milestone,
    MilestoneTemplate,
    ProgressEntry,
    Rollout,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_NAME = "Felles innføringsmetodikk"


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def install_default_methodology(*, by: Any = history.SYSTEM) -> Methodology:
    """The shipped default (34 milestones, 15 go/no-go criteria) as version 1, published;
    idempotent: when version 1 exists, nothing is written. ``load_reference_data`` installs it,
    so a production install can create rollouts without the demo."""
    if not history.is_system(by) and not access.can_keep_methodology(by):
        raise PermissionDenied
    existing = Methodology.objects.filter(name=DEFAULT_NAME, version=1).first()
    if existing is not None:
        return existing
    methodology = Methodology.objects.create(
        name=DEFAULT_NAME,
        version=1,
        is_published=True,
        notes="Standard milepælsplan fra kontraktsignering til stabilisering.",
    )
    templates = MilestoneTemplate.objects.bulk_create(
        MilestoneTemplate(
            methodology=methodology,
            code=row["code"],
            order=int(row["order"]),
            phase=row["phase"],
            title_nb=row["title_nb"],
            title_en=row["title_en"],
            description_nb=row["description_nb"],
            description_en=row["description_en"],
            offset_days=int(row["offset_days"]),
            responsible_role=row["responsible_role"],
            is_gate=row["is_gate"] == "true",
        )
        for row in _read("methodology_default.csv")
    )
    gate = next(t for t in templates if t.is_gate)
    CriterionTemplate.objects.bulk_create(
        CriterionTemplate(
            milestone=gate, order=int(row["order"]), text_nb=row["text_nb"], text_en=row["text_en"]
        )
        for row in _read("readiness_criteria_default.csv")
    )
    history.record(
        methodology,
        by=by,
        action="created",
        note=_("The default methodology shipped with the portal, with %(count)d milestones.")
        % {"count": len(templates)},
        changes={"version": [None, 1]},
    )
    history.record(methodology, by=by, action="published")
    return methodology


def default_methodology() -> Methodology | None:
    """The newest published version of the default methodology, for new collaborations."""
    return (
        Methodology.objects.filter(name=DEFAULT_NAME, is_published=True)
        .order_by("-version")
        .first()
    )


@transaction.atomic
def new_version(*, by: Any, source: Methodology, notes: str) -> Methodology:
    """A draft copy of ``source`` as the next version, for KS staff to edit and publish."""
    if not access.can_keep_methodology(by):
        raise PermissionDenied
    latest = Methodology.objects.filter(name=source.name).order_by("-version").first()
    try:
        with transaction.atomic():
            draft = Methodology.objects.create(
                name=source.name,
                version=(latest.version if latest else 0) + 1,
                notes=notes,
                created_by=by,
            )
    except IntegrityError:
        # Someone else made the next version between reading the latest and the insert.
        raise ValidationError(
            {
                "version": _(
                    "Someone else has just made a new version of %(name)s. Open the list of "
                    "versions and start from the newest."
                )
                % {"name": source.name}
            }
        ) from None
    for template in source.milestones.prefetch_related("criteria"):
        criteria = list(template.criteria.all())
        template.pk = None
        template.methodology = draft
        template.save()
        CriterionTemplate.objects.bulk_create(
            CriterionTemplate(
                milestone=template, order=c.order, text_nb=c.text_nb, text_en=c.text_en
            )
            for c in criteria
        )
    history.record(
        draft, by=by, action="created", note=notes, changes={"version": [None, draft.version]}
    )
    return draft


@transaction.atomic
def update_template(*, by: Any, template: MilestoneTemplate, **values: Any) -> MilestoneTemplate:
    """Change a milestone template of a draft version; a published version never changes."""
    if not access.can_keep_methodology(by):
        raise PermissionDenied
    if template.methodology.is_published:
        raise ValidationError(
            _("A published methodology version cannot be changed; make a new version.")
        )
    before = history.snapshot(template, values)
    for name, value in values.items():
        setattr(template, name, value)
    template.full_clean()
    template.save(update_fields=list(values))
    history.record(
        template,
        by=by,
        action="changed",
        changes=history.diff(before, history.snapshot(template, values)),
    )
    return template


@transaction.atomic
def publish(*, by: Any, methodology: Methodology) -> Methodology:
    if not access.can_keep_methodology(by):
        raise PermissionDenied
    methodology.is_published = True
    methodology.save(update_fields=["is_published"])
    history.record(methodology, by=by, action="published")
    return methodology


@dataclass
class PlannedChange:
    """What happens to one milestone when a rollout moves to another methodology version."""

    code: str
    title: str
    kind: str  # "moved", "added", "removed", "unchanged"
    due_before: date | None
    due_after: date | None


def _keeps_due(milestone: Milestone) -> bool:
    """A completed milestone and one with its own due date keep their due date."""
    return milestone.completed_on is not None or milestone.has_own_due


def preview(rollout: Rollout, methodology: Methodology) -> list[PlannedChange]:
    """What would move if ``rollout`` followed ``methodology``: nothing is written."""
    go_live = rollout.wave.go_live
    current = {m.template.code: m for m in rollout.milestones.select_related("template")}
    changes = []
    for template in methodology.milestones.all():
        new_due = go_live + timedelta(days=template.offset_days)
        milestone = current.pop(template.code, None)
        if milestone is None:
            changes.append(PlannedChange(template.code, template.title, "added", None, new_due))
        else:
            after = milestone.due if _keeps_due(milestone) else new_due
            kind = "moved" if after != milestone.due else "unchanged"
            changes.append(PlannedChange(template.code, template.title, kind, milestone.due, after))
    for code, milestone in current.items():
        changes.append(
            PlannedChange(code, milestone.template.title, "removed", milestone.due, None)
        )
    return changes


def _refuse_removing_used(milestones: list[Milestone], *, methodology: Methodology) -> None:
    """A milestone that go/no-go decisions or progress entries point to is not removed: the
    decisions and the log are kept, so the move to ``methodology`` is refused."""
    if not milestones:
        return
    pks = [m.pk for m in milestones]
    decided = set(
        GoDecision.objects.filter(milestone__in=pks).values_list("milestone_id", flat=True)
    )
    logged = set(
        ProgressEntry.objects.filter(milestone__in=pks).values_list("milestone_id", flat=True)
    )
    used = []
    for milestone in milestones:
        what = []
        if milestone.pk in decided:
            what.append(_("go/no-go decisions"))
        if milestone.pk in logged:
            what.append(_("progress entries"))
        if what:
            used.append(
                _("%(milestone)s (%(what)s)")
                % {"milestone": milestone.template.title, "what": ", ".join(what)}
            )
    if used:
        raise ValidationError(
            _(
                "%(version)s does not have these milestones, but they cannot be removed because "
                "records point to them: %(milestones)s."
            )
            % {"version": methodology, "milestones": "; ".join(used)}
        )


@transaction.atomic
def apply_methodology(
    *, by: Any, rollout: Rollout, methodology: Methodology
) -> list[PlannedChange]:
    """Move ``rollout`` to ``methodology``: milestones are matched by code, keep their baseline,
    completion and own due dates; new ones are added, ones no longer in it are removed."""
    from rollout.services.plan import create_criteria_for_gate

    if not access.can_keep_methodology(by):
        raise PermissionDenied
    if not methodology.is_published:
        raise ValidationError(_("Only a published methodology version can be rolled out."))
    changes = preview(rollout, methodology)
    go_live = rollout.wave.go_live
    current = {
        m.template.code: m
        for m in rollout.milestones.select_related("template").select_for_update(of=("self",))
    }
    codes = set(methodology.milestones.values_list("code", flat=True))
    _refuse_removing_used(
        [m for code, m in current.items() if code not in codes], methodology=methodology
    )
    for template in methodology.milestones.all():
        due = go_live + timedelta(days=template.offset_days)
        milestone = current.pop(template.code, None)
        if milestone is None:
            milestone = Milestone.objects.create(
                rollout=rollout, template=template, baseline_due=due, due=due
            )
        else:
            new_due = milestone.due if _keeps_due(milestone) else due
            if milestone.template_id != template.pk or milestone.due != new_due:
                milestone.template = template
                milestone.due = new_due
                # Bumped so an editor who read the milestone before is told (409).
                milestone.version += 1
                milestone.save(update_fields=["template", "due", "version"])
        if template.is_gate:
            create_criteria_for_gate(milestone)
    for milestone in current.values():
        milestone.delete()
    before = str(rollout.methodology)
    rollout.methodology = methodology
    rollout.save(update_fields=["methodology"])
    history.record(
        rollout,
        by=by,
        action="methodology changed",
        changes={"methodology": [before, str(methodology)]},
    )
    return changes
