"""Writes to collaborations. Views, API and commands call these."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from portal import access, history
from portal.models import Organisation
from rollout.models import Collaboration, Participation, SteeringGroupMember


@transaction.atomic
def create_collaboration(
    *,
    by: Any,
    name: str,
    description: str = "",
    participants: Iterable[Organisation] = (),
    is_demo: bool = False,
) -> Collaboration:
    if by is not None and not access.sees_everything(by):
        raise PermissionDenied
    collaboration = Collaboration.objects.create(
        name=name, description=description, is_demo=is_demo
    )
    Participation.objects.bulk_create(
        Participation(collaboration=collaboration, organisation=org) for org in participants
    )
    history.record(
        collaboration,
        by=by,
        action="created",
        changes={
            "name": [None, name],
            "participants": [None, sorted(str(o) for o in collaboration.participants.all())],
        },
    )
    return collaboration


@transaction.atomic
def add_participant(
    *, by: Any, collaboration: Collaboration, organisation: Organisation
) -> Participation:
    if by is not None and not access.sees_everything(by):
        raise PermissionDenied
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
def add_steering_member(
    *, by: Any, collaboration: Collaboration, user: Any, is_chair: bool = False, title: str = ""
) -> SteeringGroupMember:
    if by is not None and not access.sees_everything(by):
        raise PermissionDenied
    seat, created = SteeringGroupMember.objects.get_or_create(
        collaboration=collaboration,
        user=user,
        defaults={"is_chair": is_chair, "title": title},
    )
    if created:
        history.record(
            collaboration,
            by=by,
            action="steering member added",
            changes={"steering_group": [None, str(user)]},
        )
    return seat
