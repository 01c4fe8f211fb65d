"""Capacity: a supplier's calendar (kept by the supplier), and the over-commitment heatmap —
weeks × suppliers, and for one supplier weeks × rollouts."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import bounds
from portal.web import run_service, status_for
from procurement import access
from procurement.forms import CapacityForm, HeatmapForm
from procurement.load import compute_load, monday, weeks_between
from procurement.models import Capacity, StartDateCommitment
from procurement.services.capacity import set_capacity, set_capacity_weeks
from rollout.calendar import blackout_days


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
    """One supplier: weeks × rollouts, and its capacity. A rollout the viewer may not see is
    not named: each week counts them ("3 others")."""
    supplier = access.get_supplier_for_user(request.user, pk)
    form, weeks = _weeks(request)
    load = compute_load([supplier.pk], weeks)
    cells = [load.cell(supplier.pk, w) for w in weeks]
    seen = set(
        StartDateCommitment.objects.visible_to(request.user)
        .filter(supplier=supplier)
        .values_list("rollout_id", flat=True)
    )
    names = {rid: name for c in cells for rid, name in c.rollouts if rid in seen}
    in_week = [{rid for rid, _name in c.rollouts} for c in cells]
    grid = [
        (name, [rid in ids for ids in in_week])
        for rid, name in sorted(names.items(), key=lambda item: (item[1], item[0]))
    ]
    others = [sum(1 for rid, _name in c.rollouts if rid not in seen) for c in cells]
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
            "others": others if any(others) else [],
            "can_keep": access.can_keep_capacity(request.user, supplier),
            "products": supplier.products.all(),
            "blackouts": _blackout_weeks(weeks),
        },
    )


GRID_WEEKS = 12


def _grid(supplier: Any, start: date, data: Any = None) -> list[dict[str, Any]]:
    """The week grid: one row per week with its two inputs' names and values."""
    weeks = [
        week
        for week in weeks_between(start, GRID_WEEKS)
        if bounds.EARLIEST_DATE <= week <= bounds.LATEST_DATE
    ]
    stored = {c.week: c for c in Capacity.objects.filter(supplier=supplier, week__in=weeks)}
    rows = []
    for week in weeks:
        row = stored.get(week)
        key = week.isoformat()
        rows.append(
            {
                "week": week,
                "impl_name": f"impl-{key}",
                "live_name": f"live-{key}",
                "impl": (data or {}).get(f"impl-{key}", row.implementations if row else ""),
                "live": (data or {}).get(f"live-{key}", row.go_lives if row else ""),
            }
        )
    return rows


def _parse_grid(
    data: Any, rows: list[dict[str, Any]]
) -> tuple[dict[date, tuple[int, int]], list[str]]:
    values: dict[date, tuple[int, int]] = {}
    errors: list[str] = []
    for row in rows:
        impl, live = str(row["impl"]).strip(), str(row["live"]).strip()
        if impl == "" and live == "":
            continue
        field = bounds.IntegerField(max_value=bounds.SMALL_MAX, required=False)
        try:
            values[row["week"]] = (field.clean(impl) or 0, field.clean(live) or 0)
        except ValidationError:
            errors.append(
                _("Week %(week)s: write whole numbers from 0 to %(max)s.")
                % {"week": row["week"].isocalendar().week, "max": bounds.SMALL_MAX}
            )
    return values, errors


@login_required
@require_http_methods(["GET", "POST"])
def capacity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The supplier keeps its calendar: a grid of the coming weeks, or one pattern repeated
    over a range of weeks."""
    supplier = access.get_supplier_for_user(request.user, pk)
    if not access.can_keep_capacity(request.user, supplier):
        raise PermissionDenied
    start = monday(timezone.localdate())
    grid_errors: list[str] = []
    week_form = HeatmapForm(request.GET or None)
    if week_form.is_valid():
        start = monday(week_form.cleaned_data.get("start") or start)
    elif week_form.is_bound:
        grid_errors += [
            f"{week_form[name].label}: {error}"
            for name, errors in week_form.errors.items()
            for error in errors
        ]
    posted = request.POST if request.method == "POST" else None
    grid_post = posted is not None and posted.get("form") == "grid"
    rows = _grid(supplier, start, posted if grid_post else None)
    form = CapacityForm(
        posted if posted is not None and not grid_post else None,
        initial={"first_week": start, "every": 1},
    )
    if grid_post and not grid_errors:
        values, grid_errors = _parse_grid(posted, rows)
        if not grid_errors:
            count: int | None = set_capacity_weeks(by=request.user, supplier=supplier, weeks=values)
            messages.success(request, _("Capacity saved for %(n)s weeks.") % {"n": count})
            return redirect("procurement:supplier-load", pk=supplier.pk)
    elif posted is not None and not grid_post and form.is_valid():
        count, _conflict = run_service(
            form, lambda: set_capacity(by=request.user, supplier=supplier, **form.cleaned_data)
        )
        if count is not None:
            messages.success(request, _("Capacity saved for %(n)s weeks.") % {"n": count})
            return redirect("procurement:supplier-load", pk=supplier.pk)
    status = 400 if grid_errors else (status_for(form, False) if form.is_bound else 200)
    return render(
        request,
        "procurement/capacity_form.html",
        {
            "form": form,
            "supplier": supplier,
            "rows": rows,
            "grid_errors": grid_errors,
            "max_count": bounds.SMALL_MAX,
            "blackouts": _blackout_weeks([r["week"] for r in rows]),
            "previous": start - timedelta(weeks=GRID_WEEKS),
            "next": start + timedelta(weeks=GRID_WEEKS),
        },
        status=status,
    )
