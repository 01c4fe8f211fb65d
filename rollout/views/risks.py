"""Risks: per rollout, and across the collaborations a person may see."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import history
from portal.pagination import paginate
from portal.web import expected_version, run_service, status_for
from rollout import access
from rollout.filters import RiskFilterSet
from rollout.forms import RiskForm
from rollout.models import Risk
from rollout.services import risks

_FIELDS = ["title", "description", "probability", "impact", "owner", "mitigation", "status"]


@login_required
def risk_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        Risk.objects.visible_to(request.user)
        .select_related("rollout__organisation", "rollout__collaboration")
        .open_first()
    )
    filterset = RiskFilterSet(request.GET, queryset=queryset, request=request)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "rollout/risk_list.html",
        {"filter": filterset, "page_obj": page, "object_list": page.object_list},
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_create(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = access.get_rollout_for_user(request.user, pk, write=True)
    form = RiskForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in _FIELDS}
        risk, _conflict = run_service(
            form, lambda: risks.create_risk(by=request.user, rollout=rollout, **values)
        )
        if risk is not None:
            messages.success(request, _("The risk is added."))
            return redirect("rollout:rollout-detail", pk=rollout.pk)
    return render(
        request,
        "rollout/risk_form.html",
        {"form": form, "rollout": rollout, "risk": None},
        status=status_for(form, False),
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    risk = access.get_risk_for_user(request.user, pk)
    can_edit = access.can_edit_rollout(request.user, risk.rollout)
    if request.method == "POST":
        risk = access.get_risk_for_user(request.user, pk, write=True)
    form = (
        RiskForm(
            request.POST if request.method == "POST" else None,
            instance=risk,
            initial={"version": risk.version},
        )
        if can_edit
        else None
    )
    conflict = False
    if request.method == "POST" and form is not None and form.is_valid():
        values = {f: form.cleaned_data[f] for f in _FIELDS}
        risk.refresh_from_db()
        result, conflict = run_service(
            form,
            lambda: risks.update_risk(
                by=request.user, risk=risk, expected_version=expected_version(form), **values
            ),
        )
        if result is not None:
            messages.success(request, _("The risk is saved."))
            return redirect("rollout:risk-detail", pk=risk.pk)
    return render(
        request,
        "rollout/risk_detail.html",
        {
            "risk": risk,
            "rollout": risk.rollout,
            "form": form,
            "history": history.entries_for(risk)[:20],
        },
        status=status_for(form, conflict) if form else 200,
    )
