"""The home page per role: what does this person need to do now?

This is a site module: it may import every app, and each app adds its own part of the answer
as it grows (overdue milestones, reports due, commitments to answer, articles to review).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from portal import access
from portal.models import Invitation, Role
from rollout.models import Collaboration


@dataclass
class Task:
    """One thing to do, with a link to where it is done."""

    text: str
    url: str = ""


@dataclass
class Home:
    greeting: str
    tasks: list[Task] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)


def build_home(user: Any) -> Home:
    memberships = access.memberships(user)
    home = Home(greeting=_("Welcome, %(name)s") % {"name": user.first_name or user.email})
    if not memberships and not user.steering_seats.exists():
        home.tasks.append(
            Task(
                _(
                    "You are not a member of any organisation yet. Ask KS or your project lead "
                    "to invite you."
                )
            )
        )
    if access.sees_everything(user):
        open_count = Invitation.objects.visible_to(user).open().count()
        home.tasks.append(
            Task(
                _("Invite people to their organisations (%(count)s invitations open).")
                % {"count": open_count},
                reverse("portal:invitation-list"),
            )
        )
    collaborations = list(Collaboration.objects.visible_to(user).only("pk", "name"))
    steering = {seat.collaboration_id for seat in user.steering_seats.all()}
    for collaboration in collaborations:
        if collaboration.pk in steering:
            home.tasks.append(
                Task(
                    _("Follow the plan of %(name)s as a member of its steering group.")
                    % {"name": collaboration.name},
                    reverse("rollout:collaboration-detail", args=[collaboration.pk]),
                )
            )
    roles = {m.role for m in memberships}
    if Role.PROJECT_LEAD in roles:
        for m in memberships:
            if m.role == Role.PROJECT_LEAD:
                home.tasks.append(
                    Task(
                        _("Keep the milestone plan of %(org)s up to date.")
                        % {"org": m.organisation.name},
                        reverse("portal:organisation-detail", args=[m.organisation_id]),
                    )
                )
    if Role.SUPPLIER_CONTACT in roles:
        for m in memberships:
            if m.role == Role.SUPPLIER_CONTACT:
                home.tasks.append(
                    Task(
                        _("Keep the capacity and start dates of %(org)s up to date.")
                        % {"org": m.organisation.name},
                        reverse("portal:organisation-detail", args=[m.organisation_id]),
                    )
                )
    home.sections.append({"title": _("Your collaborations"), "items": collaborations})
    return home
