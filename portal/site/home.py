"""The home page per role: what does this person need to do now?

This is a site module: it may import every app, and each app adds its own part of the answer
as it grows (overdue milestones, reports due, commitments to answer, articles to review).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal import access
from portal.models import Invitation, Role
from procurement.models import StartDateCommitment
from rollout.access import steering_collaboration_ids
from rollout.calendar import report_deadline
from rollout.models import (
    Collaboration,
    Milestone,
    Rollout,
    StatusReport,
    SteeringGroupMember,
    WaveChangeRequest,
    WaveChangeStatus,
)
from rollout.services.status import statuses_for


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
    # Steering-group seats, shown among the person's roles: (role, collaboration, its url).
    seats: list[tuple[str, str, str]] = field(default_factory=list)


def _project_lead_tasks(user: Any, home: Home) -> None:
    org_ids = access.organisation_ids(user, roles=[Role.PROJECT_LEAD])
    if not org_ids:
        return
    today = timezone.localdate()
    rollouts = list(
        Rollout.objects.visible_to(user)
        .filter(organisation_id__in=org_ids)
        .exclude(status="withdrawn")
        .select_related("organisation", "collaboration", "wave")
        .annotate(
            overdue=Count(
                "milestones",
                filter=Q(milestones__completed_on__isnull=True, milestones__due__lt=today),
            )
        )
    )
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    submitted = set(
        StatusReport.objects.filter(
            rollout__in=rollouts, period=last_month, state="submitted"
        ).values_list("rollout_id", flat=True)
    )
    upcoming: dict[int, Milestone] = {}
    for milestone in (
        Milestone.objects.filter(rollout__in=rollouts, completed_on__isnull=True, due__gte=today)
        .select_related("template")
        .order_by("rollout_id", "due")
    ):
        upcoming.setdefault(milestone.rollout_id, milestone)
    for rollout in rollouts:
        url = reverse("rollout:rollout-detail", args=[rollout.pk])
        if rollout.overdue:
            home.tasks.append(
                Task(
                    _("%(org)s: %(count)s milestones are overdue. Update them.")
                    % {"org": rollout.organisation.name, "count": rollout.overdue},
                    url,
                )
            )
        if rollout.status != "live" and rollout.pk not in submitted:
            deadline = report_deadline(
                last_month, rollout.collaboration.report_deadline_working_day
            )
            home.tasks.append(
                Task(
                    _("%(org)s: the status report for %(month)s is due %(deadline)s.")
                    % {
                        "org": rollout.organisation.name,
                        "month": date_format(last_month, "F Y"),
                        "deadline": date_format(deadline, "j. F"),
                    },
                    reverse("rollout:report-create", args=[rollout.pk]),
                )
            )
        nxt = upcoming.get(rollout.pk)
        if nxt is not None and rollout.status != "live":
            home.tasks.append(
                Task(
                    _("%(org)s: next milestone «%(title)s» is due %(due)s.")
                    % {
                        "org": rollout.organisation.name,
                        "title": nxt.template.title,
                        "due": date_format(nxt.due, "j. F Y"),
                    },
                    reverse("rollout:milestone-detail", args=[nxt.pk]),
                )
            )


def _steering_tasks(user: Any, home: Home) -> None:
    ids = steering_collaboration_ids(user)
    if not ids:
        return
    pending = WaveChangeRequest.objects.filter(
        rollout__collaboration_id__in=ids, status=WaveChangeStatus.PENDING
    ).select_related("rollout__organisation", "to_wave")
    for request in pending:
        home.tasks.append(
            Task(
                _("Decide the wave change requested by %(org)s (to %(wave)s).")
                % {"org": request.rollout.organisation.name, "wave": request.to_wave.name},
                reverse("rollout:change-detail", args=[request.pk]),
            )
        )
    today = timezone.localdate()
    gates = Milestone.objects.filter(
        rollout__collaboration_id__in=ids,
        template__is_gate=True,
        completed_on__isnull=True,
        due__range=(today, today + timedelta(weeks=6)),
    ).select_related("rollout__organisation")
    for gate in gates:
        home.tasks.append(
            Task(
                _("Go/no-go for %(org)s is due %(due)s.")
                % {"org": gate.rollout.organisation.name, "due": date_format(gate.due, "j. F Y")},
                reverse("rollout:decision-create", args=[gate.rollout_id]),
            )
        )


def _supplier_tasks(user: Any, home: Home) -> None:
    ids = access.organisation_ids(user, roles=[Role.SUPPLIER_CONTACT])
    if not ids:
        return
    waiting = (
        StartDateCommitment.objects.filter(
            supplier_id__in=ids, status__in=["requested", "committed"]
        )
        .select_related("rollout__organisation")
        .order_by("start_on")
    )
    for commitment in waiting:
        home.tasks.append(
            Task(
                _("Answer the start date asked by %(org)s (%(date)s).")
                % {
                    "org": commitment.rollout.organisation.name,
                    "date": date_format(commitment.start_on, "j. F Y"),
                },
                reverse("procurement:commitment-detail", args=[commitment.pk]),
            )
        )
    for m in access.memberships(user):
        if m.organisation_id in ids:
            home.tasks.append(
                Task(
                    _("Keep the capacity of %(org)s up to date.") % {"org": m.organisation.name},
                    reverse("procurement:supplier-load", args=[m.organisation_id]),
                )
            )


def build_home(user: Any) -> Home:
    memberships = access.memberships(user)
    home = Home(greeting=_("Welcome, %(name)s") % {"name": user.first_name or user.email})
    steering = steering_collaboration_ids(user)
    if not memberships and not steering:
        home.tasks.append(
            Task(
                _(
                    "You are not a member of any organisation yet. Ask KS or "
                    "your project lead to invite you."
                )
            )
        )
    for seat in SteeringGroupMember.objects.filter(user=user).select_related("collaboration"):
        home.seats.append(
            (
                _("Steering group (chair)") if seat.is_chair else _("Steering group"),
                seat.collaboration.name,
                reverse("rollout:collaboration-detail", args=[seat.collaboration_id]),
            )
        )
    _project_lead_tasks(user, home)
    _steering_tasks(user, home)
    if access.sees_everything(user):
        open_count = Invitation.objects.visible_to(user).open().count()
        home.tasks.append(
            Task(
                _("Invite people to their organisations (%(count)s invitations open).")
                % {"count": open_count},
                reverse("portal:invitation-list"),
            )
        )
    if access.is_ks_staff(user):
        home.tasks.append(
            Task(_("Keep the common methodology up to date."), reverse("rollout:methodology-list"))
        )
    _supplier_tasks(user, home)
    own = list(
        Rollout.objects.visible_to(user)
        .filter(organisation_id__in=access.organisation_ids(user))
        .select_related("organisation", "wave")
        .order_by("wave__go_live")
    )
    statuses = statuses_for(own)
    links = []
    for r in own:
        when = date_format(r.wave.go_live, "j. F Y")
        links.append(
            (
                f"{r.organisation.name} · {r.wave.name} ({when})",
                reverse("rollout:rollout-detail", args=[r.pk]),
                statuses[r.pk],
            )
        )
    if links:
        # Each link with the rollout's status and its reasons.
        home.sections.append({"title": _("Your rollouts"), "links": links, "with_status": True})
    collaborations = Collaboration.objects.visible_to(user).only("pk", "name")
    home.sections.append(
        {
            "title": _("Your collaborations"),
            "links": [
                (c.name, reverse("rollout:collaboration-detail", args=[c.pk]))
                for c in collaborations
            ],
        }
    )
    return home
