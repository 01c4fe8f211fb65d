"""Capacity: a supplier's calendar (kept by the supplier), and the over-commitment heatmap —
weeks × suppliers, and for one supplier weeks × rollouts."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from procurement import access
from procurement.forms import CapacityForm, HeatmapForm
from procurement.load import compute_load, monday, weeks_between
from procurement.services.capacity import set_capacity
from rollout.calendar import blackout_days
from rollout.views.common import run_service, status_for


def _weeks(request: HttpRequest) -> tuple[HeatmapForm, list[date]]:
    form = HeatmapForm(request.GET or None)
    start = monday(timezone.localdate())
    count = 26
    if form.is_valid():
        start = form.cleaned_data.get("start") or start
        count = form.cleaned_data["weeks"]
    return form, weeks_between(start, count)


def _blackout_weeks(weeks: list[date]) -> dict[date, str]:
    """Weeks that hold a blackout day (a holiday or a blackout period), for display."""
    if not weeks:
        return {}
    days = blackout_days(weeks[0], weeks[-1] + timedelta(days=6))
    found: dict[date, set[str]] = {}
    for day, reasons in days.items():
        found.setdefault(monday(day), set()).update(reasons)
    return {week: ", ".join(sorted(reasons)) for week, reasons in found.items()}


@login_required
def heatmap(request: HttpRequest) -> HttpResponse:
    """Weeks × suppliers: demand against capacity. A supplier contact sees only its own row."""
    form, weeks = _weeks(request)
    suppliers = list(access.visible_suppliers(request.user).order_by("name"))
    load = compute_load([s.pk for s in suppliers], weeks)
    rows = [(s, [load.cell(s.pk, w) for w in weeks]) for s in suppliers]
    return render(
        request,
        "procurement/heatmap.html",
        {
            "form": form,
            "weeks": weeks,
            "rows": rows,
            "filter": SimpleNamespace(form=form),
            "blackouts": _blackout_weeks(weeks),
        },
    )


@login_required
def supplier_load(request: HttpRequest, pk: int) -> HttpResponse:
    """One supplier: weeks × rollouts, and its capacity."""
    supplier = access.get_supplier_for_user(request.user, pk)
    form, weeks = _weeks(request)
    load = compute_load([supplier.pk], weeks)
    cells = [load.cell(supplier.pk, w) for w in weeks]
    rollouts = sorted({name for c in cells for name in c.rollouts})
    grid = [(name, [name in c.rollouts for c in cells]) for name in rollouts]
    return render(
        request,
        "procurement/supplier_load.html",
        {
            "supplier": supplier,
            "form": form,
            "filter": SimpleNamespace(form=form),
            "weeks": weeks,
            "cells": cells,
            "grid": grid,
            "can_keep": access.can_keep_capacity(request.user, supplier),
            "products": supplier.products.all(),
            "blackouts": _blackout_weeks(weeks),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def capacity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    supplier = access.get_supplier_for_user(request.user, pk)
    if not access.can_keep_capacity(request.user, supplier):
        raise PermissionDenied
    form = CapacityForm(
        request.POST if request.method == "POST" else None,
        initial={"first_week": monday(timezone.localdate()), "every": 1},
    )
    if request.method == "POST" and form.is_valid():
        count, _conflict = run_service(
            form, lambda: set_capacity(by=request.user, supplier=supplier, **form.cleaned_data)
        )
        if count is not None:
            messages.success(request, _("Capacity saved for %(n)s weeks.") % {"n": count})
            return redirect("procurement:supplier-load", pk=supplier.pk)
    return render(
        request,
        "procurement/capacity_form.html",
        {"form": form, "supplier": supplier},
        status=status_for(form, False),
    )
