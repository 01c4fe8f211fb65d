"""The one way in to procurement objects: what a user may see and change.

A supplier's contacts see and answer only their own supplier's commitments and keep only its
capacity; the buyers (the rollout's project lead and the collaboration's steering group)
request and agree start dates; procurements are the buyers' own; KS staff keep the checklist
and read everything.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from portal import access
from portal.models import Organisation, OrganisationKind, Role
from procurement.models import Procurement, StartDateCommitment
from procurement.models.capacity import sees_all_suppliers, supplier_ids
from rollout.access import can_edit_rollout, is_steering_member, steering_collaboration_ids
from rollout.models import Collaboration, Participation, Rollout, Wave

BUYER_KINDS = [
    OrganisationKind.MUNICIPALITY,
    OrganisationKind.HOSPITAL_TRUST,
    OrganisationKind.GP_OFFICE,
]


def is_contact_for(user: Any, supplier: Organisation | int) -> bool:
    pk = supplier if isinstance(supplier, int) else supplier.pk
    return pk in supplier_ids(user)


def can_keep_capacity(user: Any, supplier: Organisation | int) -> bool:
    """A supplier keeps its own calendar (administrators may help)."""
    return is_contact_for(user, supplier) or access.is_administrator(user)


def is_buyer(user: Any, rollout: Rollout) -> bool:
    """The rollout's project lead or a member of its collaboration's steering group."""
    return can_edit_rollout(user, rollout) or is_steering_member(user, rollout.collaboration_id)


def can_keep_checklist(user: Any) -> bool:
    return access.is_ks_staff(user) or access.is_administrator(user)


def can_keep_procurement(user: Any, procurement: Procurement) -> bool:
    """The project leads of the lead and participating organisations."""
    org_ids = access.organisation_ids(user, roles=[Role.PROJECT_LEAD])
    if procurement.lead_id in org_ids:
        return True
    return any(p.pk in org_ids for p in procurement.participants.all())


def participant_choices(user: Any) -> Any:
    """The organisations a person may name as participants of a procurement: any buyer
    organisation for KS staff and administrators; for everyone else the buyer organisations
    taking part in the collaborations they take part in, and those that take part in no
    collaboration yet (a municipality exploring a joint procurement). Never one that plans
    its rollouts only in collaborations the person cannot see."""
    buyers = Organisation.objects.filter(kind__in=BUYER_KINDS)
    if access.sees_everything(user):
        return buyers
    collaborations = Collaboration.objects.visible_to(user)
    return buyers.filter(
        Q(
            pk__in=Participation.objects.filter(collaboration__in=collaborations).values(
                "organisation_id"
            )
        )
        | ~Q(pk__in=Participation.objects.values("organisation_id"))
    )


def schedule_rollouts(user: Any, procurement: Procurement) -> Any:
    """The rollouts a person may put on a procurement's implementation schedule: rollouts of
    the procurement's lead and participants that the person may request a start date for
    (``is_buyer``: their own organisation's, or their steering group's)."""
    org_ids = {procurement.lead_id, *(p.pk for p in procurement.participants.all())}
    own = access.organisation_ids(user, roles=[Role.PROJECT_LEAD])
    return (
        Rollout.objects.visible_to(user)
        .filter(organisation_id__in=org_ids)
        .filter(
            Q(organisation_id__in=own) | Q(collaboration_id__in=steering_collaboration_ids(user))
        )
        .select_related("organisation", "collaboration", "wave")
        .order_by("organisation__name", "collaboration__name")
    )


def schedule_waves(user: Any, rollouts: Any) -> Any:
    """The waves an entry may name: visible waves of the collaborations of ``rollouts``."""
    return (
        Wave.objects.visible_to(user)
        .filter(collaboration__in=rollouts.values("collaboration_id"))
        .select_related("collaboration")
        .order_by("collaboration__name", "go_live")
    )


def visible_suppliers(user: Any) -> Any:
    """The suppliers whose capacity and load a user may see: all for buyers and KS, only
    one's own for a supplier contact, none for anyone else."""
    suppliers = Organisation.objects.filter(kind=OrganisationKind.SUPPLIER)
    if sees_all_suppliers(user):
        return suppliers
    return suppliers.filter(pk__in=supplier_ids(user))


def get_supplier_for_user(user: Any, pk: Any) -> Organisation:
    return access.get_or_404(visible_suppliers(user), pk=pk)


def get_commitment_for_user(user: Any, pk: Any) -> StartDateCommitment:
    return access.get_or_404(
        StartDateCommitment.objects.visible_to(user).select_related(
            "rollout__organisation",
            "rollout__wave",
            "rollout__collaboration",
            "supplier",
            "product",
        ),
        pk=pk,
    )


def get_procurement_for_user(user: Any, pk: Any, *, write: bool = False) -> Procurement:
    procurement = access.get_or_404(
        Procurement.objects.visible_to(user).select_related("lead", "supplier"), pk=pk
    )
    if write and not can_keep_procurement(user, procurement):
        raise PermissionDenied
    return procurement


def allowed_steps(user: Any, commitment: StartDateCommitment) -> list[str]:
    """The steps this person may take on the commitment now."""
    steps = []
    supplier = is_contact_for(user, commitment.supplier_id)
    buyer = is_buyer(user, commitment.rollout)
    status = commitment.status
    if supplier and status == "requested":
        steps.append("propose")
    if buyer and status == "proposed":
        steps.append("commit")
    if supplier and status == "committed":
        steps.append("confirm")
    if supplier and status in ("requested", "proposed", "committed"):
        steps.append("decline")
    if buyer and commitment.is_active:
        steps.append("withdraw")
    return steps


def may_request(user: Any) -> bool:
    """Project leads and steering-group members ask suppliers for start dates."""
    return bool(
        access.organisation_ids(user, roles=[Role.PROJECT_LEAD]) or steering_collaboration_ids(user)
    )
