"""Blackout periods, kept by KS staff: the list, and create, edit and delete, through
``rollout.services.blackouts`` (with history)."""

from __future__ import annotations

from typing import Any

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
from rollout.collaboration_forms import BlackoutForm, VersionOnlyForm
from rollout.models import BlackoutPeriod
from rollout.services import blackouts as service


def _values(form: BlackoutForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in service.BLACKOUT_FIELDS}


@login_required
def blackout_list(request: HttpRequest) -> HttpResponse:
    if not access.can_keep_collaborations(request.user):
        raise PermissionDenied
    periods = BlackoutPeriod.objects.select_related("collaboration").order_by("-starts_on")
    return render(request, "rollout/ks/blackout_list.html", {"periods": periods})


@login_required
@require_http_methods(["GET", "POST"])
def blackout_create(request: HttpRequest) -> HttpResponse:
    if not access.can_keep_collaborations(request.user):
        raise PermissionDenied
    form = BlackoutForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        period, _conflict = run_service(
            form, lambda: service.create_blackout(by=request.user, **_values(form))
        )
        if period is not None:
            messages.success(request, _("The blackout period is saved."))
            return redirect("rollout:blackout-list")
    return render(
        request,
        "rollout/ks/blackout_form.html",
        {"form": form, "period": None},
        status=status_for(form, False),
    )


@login_required
@require_http_methods(["GET", "POST"])
def blackout_edit(request: HttpRequest, pk: int) -> HttpResponse:
    period = access.get_blackout_for_user(request.user, pk, write=True)
    form = BlackoutForm(
        request.POST if request.method == "POST" else None,
        instance=period,
        initial={"version": period.version},
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        result, conflict = run_service(
            form,
            lambda: service.update_blackout(
                by=request.user,
                period=period,
                expected_version=expected_version(form),
                **_values(form),
            ),
        )
        if result is not None:
            messages.success(request, _("The blackout period is saved."))
            return redirect("rollout:blackout-list")
    return render(
        request,
        "rollout/ks/blackout_form.html",
        {"form": form, "period": period, "history": history.entries_for(period)[:20]},
        status=status_for(form, conflict),
    )


@login_required
@require_http_methods(["GET", "POST"])
def blackout_delete(request: HttpRequest, pk: int) -> HttpResponse:
    period = access.get_blackout_for_user(request.user, pk, write=True)
    form = VersionOnlyForm(
        request.POST if request.method == "POST" else None, initial={"version": period.version}
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        done, conflict = run_service(
            form,
            lambda: (
                service.delete_blackout(
                    by=request.user, period=period, expected_version=expected_version(form)
                )
                or True
            ),
        )
        if done is not None:
            messages.success(request, _("The blackout period is deleted."))
            return redirect("rollout:blackout-list")
    return render(
        request,
        "rollout/ks/blackout_delete.html",
        {"form": form, "period": period},
        status=status_for(form, conflict),
    )
