"""Waves (puljer): create, see and change; moving a wave's date re-plans its rollouts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import history
from portal.web import expected_version, run_service, status_for
from rollout import access
from rollout.calendar import blackout_reasons, go_live_warnings
from rollout.forms import RolloutCreateForm, WaveForm
from rollout.services import plan
from rollout.services.status import attach_statuses

_FIELDS = ["name", "go_live", "status", "blackout_override_reason", "notes"]


@login_required
@require_http_methods(["GET", "POST"])
def wave_create(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration = access.get_collaboration_for_user(request.user, pk)
    if not access.can_manage_waves(request.user, collaboration):
        raise PermissionDenied
    form = WaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in _FIELDS}
        wave, _conflict = run_service(
            form, lambda: plan.create_wave(by=request.user, collaboration=collaboration, **values)
        )
        if wave is not None:
            for warning in go_live_warnings(wave.go_live):
                messages.warning(request, warning)
            messages.success(request, _("The wave is created."))
            return redirect("rollout:wave-detail", pk=wave.pk)
    return render(
        request,
        "rollout/wave_form.html",
        {"form": form, "collaboration": collaboration, "wave": None},
        status=status_for(form, False),
    )


@login_required
def wave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    wave = access.get_wave_for_user(request.user, pk)
    rollouts = attach_statuses(
        wave.rollouts.select_related("organisation").order_by("organisation__name")
    )
    return render(
        request,
        "rollout/wave_detail.html",
        {
            "wave": wave,
            "rollouts": rollouts,
            "blackout": blackout_reasons(wave.go_live, wave.collaboration),
            "warnings": go_live_warnings(wave.go_live),
            "can_manage": access.can_manage_waves(request.user, wave.collaboration_id),
            "history": history.entries_for(wave)[:20],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def wave_edit(request: HttpRequest, pk: int) -> HttpResponse:
    wave = access.get_wave_for_user(request.user, pk, write=True)
    form = WaveForm(
        request.POST if request.method == "POST" else None,
        instance=wave,
        initial={"version": wave.version},
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in _FIELDS}
        wave.refresh_from_db()
        result, conflict = run_service(
            form,
            lambda: plan.update_wave(
                by=request.user, wave=wave, expected_version=expected_version(form), **values
            ),
        )
        if result is not None:
            for warning in go_live_warnings(result.go_live):
                messages.warning(request, warning)
            messages.success(request, _("The wave is saved; its rollouts follow its date."))
            return redirect("rollout:wave-detail", pk=wave.pk)
    return render(
        request,
        "rollout/wave_form.html",
        {"form": form, "collaboration": wave.collaboration, "wave": wave},
        status=status_for(form, conflict),
    )


@login_required
@require_http_methods(["GET", "POST"])
def rollout_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Place a participating organisation in the wave; its milestone plan is generated."""
    wave = access.get_wave_for_user(request.user, pk, write=True)
    form = RolloutCreateForm(request.POST if request.method == "POST" else None, wave=wave)
    if request.method == "POST" and form.is_valid():
        rollout, _conflict = run_service(
            form,
            lambda: plan.create_rollout(
                by=request.user,
                collaboration=wave.collaboration,
                wave=wave,
                organisation=form.cleaned_data["organisation"],
                end_users_to_train=form.cleaned_data["end_users_to_train"],
            ),
        )
        if rollout is not None:
            messages.success(
                request,
                _("%(org)s is placed in %(wave)s with its milestone plan.")
                % {"org": rollout.organisation, "wave": wave.name},
            )
            return redirect("rollout:rollout-detail", pk=rollout.pk)
    return render(
        request,
        "rollout/rollout_form.html",
        {"form": form, "wave": wave},
        status=status_for(form, False),
    )
