"""KS staff keep collaborations in the portal: create and edit them (name, supplier, solution,
methodology), take organisations in and out, and give and take steering-group seats. Every
write goes through ``rollout.services.collaborations`` and is in the history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.access import get_or_404
from portal.web import error_carrier, expected_version, run_service, status_for
from rollout import access
from rollout.collaboration_forms import CollaborationForm, ParticipantForm, SteeringSeatForm
from rollout.models import Collaboration, Participation, SteeringGroupMember
from rollout.services import collaborations as service


def _keeper_only(request: HttpRequest) -> None:
    if not access.can_keep_collaborations(request.user):
        raise PermissionDenied


def _collaboration(request: HttpRequest, pk: int) -> Collaboration:
    """The collaboration, for someone who keeps collaborations: 404 for a stranger (as on
    its page), 403 for someone who may read but not keep it."""
    collaboration = access.get_collaboration_for_user(request.user, pk)
    _keeper_only(request)
    return collaboration


def _values(form: CollaborationForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in service.COLLABORATION_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def collaboration_create(request: HttpRequest) -> HttpResponse:
    _keeper_only(request)
    form = CollaborationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        collaboration, _conflict = run_service(
            form, lambda: service.create_collaboration(by=request.user, **_values(form))
        )
        if collaboration is not None:
            messages.success(request, _("The collaboration is created."))
            return redirect("rollout:collaboration-detail", pk=collaboration.pk)
    return render(
        request,
        "rollout/ks/collaboration_form.html",
        {"form": form, "collaboration": None},
        status=status_for(form, False),
    )


@login_required
@require_http_methods(["GET", "POST"])
def collaboration_edit(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration = _collaboration(request, pk)
    form = CollaborationForm(
        request.POST if request.method == "POST" else None,
        instance=collaboration,
        initial={"version": collaboration.version},
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        result, conflict = run_service(
            form,
            lambda: service.update_collaboration(
                by=request.user,
                collaboration=collaboration,
                expected_version=expected_version(form),
                **_values(form),
            ),
        )
        if result is not None:
            messages.success(request, _("The collaboration is saved."))
            return redirect("rollout:collaboration-detail", pk=collaboration.pk)
    return render(
        request,
        "rollout/ks/collaboration_form.html",
        {"form": form, "collaboration": Collaboration.objects.get(pk=collaboration.pk)},
        status=status_for(form, conflict),
    )


def _members_page(
    request: HttpRequest,
    collaboration: Collaboration,
    *,
    participant_form: ParticipantForm | None = None,
    seat_form: SteeringSeatForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "rollout/ks/collaboration_members.html",
        {
            "collaboration": collaboration,
            "participations": collaboration.participations.select_related("organisation").order_by(
                "organisation__name"
            ),
            "seats": collaboration.steering_members.select_related("user").order_by(
                "-is_chair", "user__last_name", "user__email"
            ),
            "with_rollout": set(collaboration.rollouts.values_list("organisation_id", flat=True)),
            "participant_form": participant_form or ParticipantForm(collaboration=collaboration),
            "seat_form": seat_form or SteeringSeatForm(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def collaboration_participants(request: HttpRequest, pk: int) -> HttpResponse:
    """The participants and steering group, and the form to take an organisation in."""
    collaboration = _collaboration(request, pk)
    if request.method == "GET":
        return _members_page(request, collaboration)
    form = ParticipantForm(request.POST, collaboration=collaboration)
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        done, _conflict = run_service(
            form,
            lambda: service.add_participant(
                by=request.user, collaboration=collaboration, organisation=organisation
            ),
        )
        if done is not None:
            messages.success(
                request, _("%(org)s takes part in the collaboration.") % {"org": organisation}
            )
            return redirect("rollout:collaboration-participants", pk=collaboration.pk)
    return _members_page(
        request, collaboration, participant_form=form, status=status_for(form, False)
    )


@login_required
@require_POST
def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    participation = get_or_404(
        Participation.objects.select_related("organisation", "collaboration").filter(
            collaboration__in=Collaboration.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    _keeper_only(request)
    collaboration = participation.collaboration
    carrier = error_carrier()
    done, _conflict = run_service(
        carrier,
        lambda: (
            service.remove_participant(
                by=request.user,
                collaboration=collaboration,
                organisation=participation.organisation,
            )
            or True
        ),
    )
    if done is None:
        for message in carrier.non_field_errors():
            messages.error(request, str(message))
        return _members_page(request, collaboration, status=400)
    messages.success(
        request,
        _("%(org)s no longer takes part in the collaboration.")
        % {"org": participation.organisation},
    )
    return redirect("rollout:collaboration-participants", pk=collaboration.pk)


@login_required
@require_POST
def steering_seat_add(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration = _collaboration(request, pk)
    form = SteeringSeatForm(request.POST)
    if form.is_valid():
        person = form.cleaned_data["email"]
        seat, _conflict = run_service(
            form,
            lambda: service.add_steering_member(
                by=request.user,
                collaboration=collaboration,
                user=person,
                is_chair=form.cleaned_data["is_chair"],
                title=form.cleaned_data["title"].strip(),
            ),
        )
        if seat is not None:
            messages.success(
                request, _("%(person)s has a seat in the steering group.") % {"person": person}
            )
            return redirect("rollout:collaboration-participants", pk=collaboration.pk)
    return _members_page(request, collaboration, seat_form=form, status=status_for(form, False))


@login_required
@require_POST
def steering_seat_remove(request: HttpRequest, pk: int) -> HttpResponse:
    seat = get_or_404(
        SteeringGroupMember.objects.select_related("user", "collaboration").filter(
            collaboration__in=Collaboration.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    _keeper_only(request)
    collaboration = seat.collaboration
    service.remove_steering_member(by=request.user, seat=seat)
    messages.success(
        request,
        _("%(person)s no longer has a seat in the steering group.") % {"person": seat.user},
    )
    return redirect("rollout:collaboration-participants", pk=collaboration.pk)
