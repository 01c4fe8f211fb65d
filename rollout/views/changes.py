"""Wave change requests: the project lead asks, the steering group decides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.web import run_service, status_for
from rollout import access
from rollout.forms import DecideWaveChangeForm, WaveChangeRequestForm
from rollout.models import WaveChangeStatus
from rollout.services import changes


@login_required
@require_http_methods(["GET", "POST"])
def change_request_create(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = access.get_rollout_for_user(request.user, pk, write=True)
    form = WaveChangeRequestForm(
        request.POST if request.method == "POST" else None, rollout=rollout
    )
    if request.method == "POST" and form.is_valid():
        result, _conflict = run_service(
            form,
            lambda: changes.request_wave_change(
                by=request.user, rollout=rollout, **form.cleaned_data
            ),
        )
        if result is not None:
            messages.success(request, _("The request is sent to the steering group."))
            return redirect("rollout:change-detail", pk=result.pk)
    return render(
        request,
        "rollout/change_form.html",
        {"rollout": rollout, "form": form},
        status=status_for(form, False),
    )


@login_required
@require_http_methods(["GET", "POST"])
def change_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change = access.get_change_request_for_user(request.user, pk)
    can_decide = (
        access.can_decide(request.user, change.rollout.collaboration_id)
        and change.status == WaveChangeStatus.PENDING
    )
    form = None
    if request.method == "POST":
        change = access.get_change_request_for_user(request.user, pk, decide=True)
    if can_decide or request.method == "POST":
        form = DecideWaveChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form is not None and form.is_valid():
        result, _conflict = run_service(
            form,
            lambda: changes.decide_wave_change(
                by=request.user,
                request=change,
                approve=form.cleaned_data["approve"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if result is not None:
            messages.success(request, _("The decision is recorded."))
            return redirect("rollout:rollout-detail", pk=change.rollout_id)
    return render(
        request,
        "rollout/change_detail.html",
        {"change": change, "form": form, "rollout": change.rollout},
        status=status_for(form, False) if form else 200,
    )
