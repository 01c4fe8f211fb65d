"""The one way in to rollout objects: what a user may see, and what they may change.

Reading: ``Kind.objects.visible_to(user)`` (everyone in the collaboration reads its plans and
reports; KS staff and administrators read everything; suppliers read none of this).
One object: ``get_<kind>_for_user(user, pk, *, write=False)`` — 404 for a stranger, as for a
missing object; with ``write=True``, 403 for someone who may read but not change it.

Changing: a project lead changes only their own organisation's rollout; the collaboration's
steering group decides (waves, wave changes, go/no-go); KS staff keep the methodology.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from portal import access
from portal.models import Role
from rollout.models import (
    BlackoutPeriod,
    Collaboration,
    GateCriterion,
    Milestone,
    Risk,
    Rollout,
    StatusReport,
    Wave,
    WaveChangeRequest,
)

_STEERING_ATTR = "_rollout_steering_ids"


def steering_collaboration_ids(user: Any) -> set[int]:
    """Ids of the collaborations in whose steering group the user sits (read once)."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, _STEERING_ATTR, None)
    if cached is None:
        cached = set(user.steering_seats.values_list("collaboration_id", flat=True))
        setattr(user, _STEERING_ATTR, cached)
    return cached


def is_steering_member(user: Any, collaboration: Collaboration | int) -> bool:
    pk = collaboration if isinstance(collaboration, int) else collaboration.pk
    return pk in steering_collaboration_ids(user)


def can_change_collaboration(user: Any, collaboration: Collaboration) -> bool:
    """Who takes part and who sits in the steering group: KS staff and administrators."""
    return access.sees_everything(user)


def can_keep_collaborations(user: Any) -> bool:
    """Creating collaborations and keeping their participants, steering-group seats,
    supplier, solution and methodology, and the blackout periods: KS staff and
    administrators."""
    return access.sees_everything(user)


def get_blackout_for_user(user: Any, pk: Any, *, write: bool = False) -> BlackoutPeriod:
    """Blackout periods are read by everyone signed in (they shape every go-live date) and
    kept by KS staff and administrators."""
    if user is None or not user.is_authenticated:
        raise Http404
    period = access.get_or_404(BlackoutPeriod.objects.select_related("collaboration"), pk=pk)
    if write and not can_keep_collaborations(user):
        raise PermissionDenied
    return period


def can_manage_waves(user: Any, collaboration: Collaboration | int) -> bool:
    """The steering group plans the collaboration's waves; administrators may help."""
    return is_steering_member(user, collaboration) or access.is_administrator(user)


def can_decide(user: Any, collaboration: Collaboration | int) -> bool:
    """Wave changes and go/no-go are the steering group's decisions alone."""
    return is_steering_member(user, collaboration)


def can_edit_rollout(user: Any, rollout: Rollout) -> bool:
    """A project lead changes only their own organisation's rollout."""
    return rollout.organisation_id in access.organisation_ids(user, roles=[Role.PROJECT_LEAD])


def can_keep_methodology(user: Any) -> bool:
    return access.is_ks_staff(user) or access.is_administrator(user)


def _check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def get_collaboration_for_user(user: Any, pk: Any, *, write: bool = False) -> Collaboration:
    collaboration = access.get_or_404(Collaboration.objects.visible_to(user), pk=pk)
    if write:
        _check(can_change_collaboration(user, collaboration))
    return collaboration


def get_wave_for_user(user: Any, pk: Any, *, write: bool = False) -> Wave:
    wave = access.get_or_404(Wave.objects.visible_to(user).select_related("collaboration"), pk=pk)
    if write:
        _check(can_manage_waves(user, wave.collaboration_id))
    return wave


def get_rollout_for_user(user: Any, pk: Any, *, write: bool = False) -> Rollout:
    rollout = access.get_or_404(
        Rollout.objects.visible_to(user).select_related(
            "organisation", "collaboration", "wave", "methodology"
        ),
        pk=pk,
    )
    if write:
        _check(can_edit_rollout(user, rollout))
    return rollout


def get_milestone_for_user(user: Any, pk: Any, *, write: bool = False) -> Milestone:
    milestone = access.get_or_404(
        Milestone.objects.visible_to(user).select_related(
            "template", "rollout__organisation", "rollout__wave", "rollout__collaboration"
        ),
        pk=pk,
    )
    if write:
        _check(can_edit_rollout(user, milestone.rollout))
    return milestone


def get_report_for_user(user: Any, pk: Any, *, write: bool = False) -> StatusReport:
    report = access.get_or_404(
        StatusReport.objects.visible_to(user).select_related(
            "rollout__organisation", "rollout__collaboration", "created_by", "submitted_by"
        ),
        pk=pk,
    )
    if write:
        _check(can_edit_rollout(user, report.rollout))
    return report


def get_risk_for_user(user: Any, pk: Any, *, write: bool = False) -> Risk:
    risk = access.get_or_404(
        Risk.objects.visible_to(user).select_related("rollout__organisation"), pk=pk
    )
    if write:
        _check(can_edit_rollout(user, risk.rollout))
    return risk


def get_criterion_for_user(user: Any, pk: Any, *, write: bool = False) -> GateCriterion:
    criterion = access.get_or_404(
        GateCriterion.objects.visible_to(user).select_related(
            "template", "rollout__organisation", "milestone"
        ),
        pk=pk,
    )
    if write:
        _check(can_edit_rollout(user, criterion.rollout))
    return criterion


def get_change_request_for_user(user: Any, pk: Any, *, decide: bool = False) -> WaveChangeRequest:
    request = access.get_or_404(
        WaveChangeRequest.objects.visible_to(user).select_related(
            "rollout__organisation", "rollout__collaboration", "from_wave", "to_wave"
        ),
        pk=pk,
    )
    if decide:
        _check(can_decide(user, request.rollout.collaboration_id))
    return request
