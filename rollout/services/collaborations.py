"""Writes to collaborations: the collaboration itself (name, supplier, solution, methodology),
its participants and its steering-group seats. KS staff and administrators keep them; views,
the API and commands call these. ``by=SYSTEM`` (the demo, commands) skips the check."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal import access as portal_access
from portal import history
from portal.concurrency import save_versioned
from portal.models import Organisation, OrganisationKind
from rollout import access
from rollout.models import Collaboration, Methodology, Participation, SteeringGroupMember

#: The fields of a collaboration KS staff keep on its page, in the order of the form.
COLLABORATION_FIELDS = [
    "name",
    "description",
    "supplier",
    "solution",
    "methodology",
    "report_deadline_working_day",
]


def _check(by: Any) -> None:
    if not history.is_system(by) and not access.can_keep_collaborations(by):
        raise PermissionDenied


def _validate(collaboration: Collaboration) -> None:
    clash = (
        Collaboration.objects.filter(name=collaboration.name).exclude(pk=collaboration.pk).exists()
    )
    if clash:
        raise ValidationError({"name": _("There is already a collaboration of this name.")})
    if (
        collaboration.supplier is not None
        and collaboration.supplier.kind != OrganisationKind.SUPPLIER
    ):
        raise ValidationError({"supplier": _("Choose a supplier.")})
    if collaboration.methodology is not None and not collaboration.methodology.is_published:
        raise ValidationError({"methodology": _("Choose a published version of the methodology.")})


@transaction.atomic
def create_collaboration(
    *,
    by: Any,
    name: str,
    description: str = "",
    participants: Iterable[Organisation] = (),
    supplier: Organisation | None = None,
    solution: str = "",
    methodology: Methodology | None = None,
    report_deadline_working_day: int = 5,
    is_demo: bool = False,
) -> Collaboration:
    """A new collaboration; without a methodology it follows the newest published version of
    the default methodology, so its rollouts can be planned at once."""
    from rollout.services.methodology import default_methodology

    _check(by)
    collaboration = Collaboration(
        name=name,
        description=description,
        supplier=supplier,
        solution=solution,
        methodology=methodology or default_methodology(),
        report_deadline_working_day=report_deadline_working_day,
        is_demo=is_demo,
    )
    _validate(collaboration)
    try:
        with transaction.atomic():
            collaboration.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("There is already a collaboration of this name.")}
        ) from None
    Participation.objects.bulk_create(
        Participation(collaboration=collaboration, organisation=org) for org in participants
    )
    history.record(
        collaboration,
        by=by,
        action="created",
        changes={
            **history.diff({}, history.snapshot(collaboration, COLLABORATION_FIELDS)),
            "participants": [None, sorted(str(o) for o in collaboration.participants.all())],
        },
    )
    return collaboration


@transaction.atomic
def update_collaboration(
    *, by: Any, collaboration: Collaboration, expected_version: int | None, **values: Any
) -> Collaboration:
    """Change the collaboration's name, description, supplier, solution, methodology or report
    deadline, if nobody has changed it since ``expected_version`` (else
    :class:`~portal.concurrency.ConcurrentEditError`). Rollouts keep the methodology version
    they follow; a new version is rolled out to them from the methodology page."""
    _check(by)
    unknown = set(values) - set(COLLABORATION_FIELDS)
    if unknown:
        raise TypeError(f"not a field KS staff keep: {sorted(unknown)}")
    locked = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
    before = history.snapshot(locked, values)
    for name, value in values.items():
        setattr(locked, name, value)
    changes = history.diff(before, history.snapshot(locked, values))
    if not changes:
        return locked
    _validate(locked)
    locked.full_clean(exclude=["participants", "steering_group"], validate_unique=False)
    save_versioned(locked, expected_version=expected_version, fields=list(values))
    history.record(locked, by=by, action="changed", changes=changes)
    return locked


@transaction.atomic
def add_participant(
    *, by: Any, collaboration: Collaboration, organisation: Organisation
) -> Participation:
    _check(by)
    if organisation.kind == OrganisationKind.SUPPLIER:
        raise ValidationError(
            {"organisation": _("A supplier is named as the collaboration's supplier.")}
        )
    participation, created = Participation.objects.get_or_create(
        collaboration=collaboration, organisation=organisation
    )
    if created:
        history.record(
            collaboration,
            by=by,
            action="participant added",
            changes={"participants": [None, str(organisation)]},
        )
    return participation


@transaction.atomic
def remove_participant(
    *, by: Any, collaboration: Collaboration, organisation: Organisation
) -> None:
    """Take an organisation out; refused while it has a rollout in the collaboration."""
    _check(by)
    if collaboration.rollouts.filter(organisation=organisation).exists():
        raise ValidationError(
            {
                "organisation": _(
                    "%(org)s has a rollout in %(collab)s; withdraw or move the rollout first."
                )
                % {"org": organisation, "collab": collaboration}
            }
        )
    deleted, _rows = Participation.objects.filter(
        collaboration=collaboration, organisation=organisation
    ).delete()
    if deleted:
        history.record(
            collaboration,
            by=by,
            action="participant removed",
            changes={"participants": [str(organisation), None]},
        )


@transaction.atomic
def add_steering_member(
    *, by: Any, collaboration: Collaboration, user: Any, is_chair: bool = False, title: str = ""
) -> SteeringGroupMember:
    """Give ``user`` a seat (with a title, and the chair if ``is_chair``); an existing seat
    keeps its role. A supplier's contact never sits in a steering group: the seat would show
    them the plans of every organisation in the collaboration."""
    _check(by)
    if portal_access.is_supplier_contact(user):
        raise ValidationError(
            {
                "user": _("%(person)s is a supplier's contact and cannot sit in a steering group.")
                % {"person": user}
            }
        )
    seat, created = SteeringGroupMember.objects.get_or_create(
        collaboration=collaboration,
        user=user,
        defaults={"is_chair": is_chair, "title": title},
    )
    if created:
        role = title + (f" ({_('chair')})" if is_chair else "")
        history.record(
            collaboration,
            by=by,
            action="steering member added",
            changes={"steering_group": [None, f"{user}: {role}" if role else str(user)]},
        )
    return seat


@transaction.atomic
def remove_steering_member(*, by: Any, seat: SteeringGroupMember) -> None:
    _check(by)
    collaboration = seat.collaboration
    label = str(seat.user)
    seat.delete()
    history.record(
        collaboration,
        by=by,
        action="steering member removed",
        changes={"steering_group": [label, None]},
    )
