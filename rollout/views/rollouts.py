"""The rollout pages: the list, the rollout with its milestone plan, training, status."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal import history
from portal.pagination import paginate
from portal.web import error_carrier, expected_version, run_service, status_for
from rollout import access
from rollout.filters import RolloutFilterSet
from rollout.forms import MilestoneForm, ProgressForm, TrainingForm
from rollout.models import (
    GateCriterion,
    ProgressEntry,
    Rollout,
    RolloutStatus,
    StatusReport,
)
from rollout.services import plan
from rollout.services.status import attach_statuses, status_of


@login_required
def rollout_list(request: HttpRequest) -> HttpResponse:
    queryset = Rollout.objects.visible_to(request.user).select_related(
        "organisation", "collaboration", "wave"
    )
    filterset = RolloutFilterSet(request.GET, queryset=queryset, request=request)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "rollout/rollout_list.html",
        {"filter": filterset, "page_obj": page, "object_list": attach_statuses(page.object_list)},
    )


def rollout_context(request: HttpRequest, rollout: Rollout) -> dict:
    """Everything the rollout page shows, in a fixed number of queries."""
    milestones = list(
        rollout.milestones.select_related("template").order_by("due", "template__order")
    )
    can_edit = access.can_edit_rollout(request.user, rollout)
    can_decide = access.can_decide(request.user, rollout.collaboration_id)
    criteria = list(
        GateCriterion.objects.filter(rollout=rollout)
        .select_related("template")
        .order_by("template__order")
    )
    done = sum(1 for m in milestones if m.completed_on)
    decisions = list(rollout.decisions.select_related("recorded_by"))
    return {
        "rollout": rollout,
        "health": status_of(rollout),
        "milestones": milestones,
        "forms": {m.pk: MilestoneForm.for_milestone(m) for m in milestones} if can_edit else {},
        "done": done,
        "overdue": sum(1 for m in milestones if m.is_overdue),
        "criteria": criteria,
        "criteria_met": sum(1 for c in criteria if c.status == "met"),
        "decisions": decisions,
        # The button shows only where the service would accept it: a go for the current wave.
        "may_go_live": rollout.status != RolloutStatus.LIVE
        and (can_edit or can_decide)
        and plan.go_allowed(decisions, wave_id=rollout.wave_id),
        "reports": list(
            StatusReport.objects.visible_to(request.user)
            .filter(rollout=rollout)
            .select_related("submitted_by")
            .order_by("-period", "-revision")[:6]
        ),
        "risks": list(rollout.risks.exclude(status="closed").open_first()),
        "changes": list(
            rollout.wave_changes.select_related(
                "from_wave", "to_wave", "requested_by", "decided_by"
            )
        ),
        "progress": list(
            ProgressEntry.objects.filter(rollout=rollout).select_related(
                "created_by", "milestone__template"
            )[:10]
        ),
        "history": list(history.entries_for(rollout)[:15]),
        "can_edit": can_edit,
        "can_decide": can_decide,
        "can_keep_methodology": access.can_keep_methodology(request.user),
        "progress_form": ProgressForm(prefix="progress") if can_edit else None,
    }


@login_required
def rollout_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = access.get_rollout_for_user(request.user, pk)
    return render(request, "rollout/rollout_detail.html", rollout_context(request, rollout))


@login_required
@require_POST
def progress_log(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = access.get_rollout_for_user(request.user, pk, write=True)
    form = ProgressForm(request.POST, prefix="progress")
    if form.is_valid():
        _result, _conflict = run_service(
            form,
            lambda: plan.log_progress(
                by=request.user, rollout=rollout, text=form.cleaned_data["text"]
            ),
        )
        if not form.errors:
            messages.success(request, _("Progress logged."))
            return redirect("rollout:rollout-detail", pk=rollout.pk)
    context = rollout_context(request, rollout)
    context["progress_form"] = form
    return render(request, "rollout/rollout_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = access.get_rollout_for_user(request.user, pk, write=True)
    initial = {"version": rollout.version, **{f: getattr(rollout, f) for f in plan.TRAINING_FIELDS}}
    form = TrainingForm(request.POST if request.method == "POST" else None, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in plan.TRAINING_FIELDS}
        _result, conflict = run_service(
            form,
            lambda: plan.update_training(
                by=request.user, rollout=rollout, expected_version=expected_version(form), **values
            ),
        )
        if not form.errors:
            messages.success(request, _("Training progress saved."))
            return redirect("rollout:rollout-detail", pk=rollout.pk)
    return render(
        request,
        "rollout/training_form.html",
        {"rollout": rollout, "form": form},
        status=status_for(form, conflict),
    )


@login_required
@require_POST
def rollout_mark_live(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = access.get_rollout_for_user(request.user, pk)
    if not (
        access.can_edit_rollout(request.user, rollout)
        or access.can_decide(request.user, rollout.collaboration_id)
    ):
        raise PermissionDenied
    form = error_carrier()
    _result, _conflict = run_service(
        form,
        lambda: plan.set_rollout_status(
            by=request.user,
            rollout=rollout,
            status=RolloutStatus.LIVE,
            expected_version=rollout.version,
        ),
    )
    if form.errors:
        for error in form.non_field_errors():
            messages.error(request, cast(str, error))
        return redirect("rollout:rollout-detail", pk=rollout.pk)
    messages.success(request, _("The rollout is marked live."))
    return redirect("rollout:rollout-detail", pk=rollout.pk)
