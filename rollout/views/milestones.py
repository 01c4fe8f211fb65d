"""A milestone: the inline update on the rollout page (htmx) and its own page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.middleware import HtmxDetails

from portal import history
from portal.web import expected_version, run_service, status_for
from rollout import access
from rollout.forms import MilestoneForm
from rollout.models import Milestone
from rollout.panels import render_milestone_panels
from rollout.services import plan


class HtmxHttpRequest(HttpRequest):
    """A request through django-htmx's middleware, for the type checker."""

    htmx: HtmxDetails


def _save(request: HttpRequest, milestone: Milestone, form: MilestoneForm) -> bool:
    """Apply the form through the services in one transaction; False on any error."""
    data = form.cleaned_data
    if data["completed"]:
        completed_on = data["completed_on"] or milestone.completed_on or timezone.localdate()
    else:
        completed_on = None
    own_due = data["own_due"]
    reason = data["own_due_reason"].strip()
    kwargs = {"completed_on": completed_on, "note": data["note"]}
    if own_due is not None:
        kwargs.update(own_due=own_due, own_due_reason=reason)
    elif milestone.has_own_due and not reason:
        kwargs["own_due_reason"] = ""

    def apply() -> Milestone:
        with transaction.atomic():
            result = plan.update_milestone(
                by=request.user,
                milestone=milestone,
                expected_version=expected_version(form),
                **kwargs,
            )
            if data["progress"].strip():
                plan.log_progress(
                    by=request.user,
                    rollout=milestone.rollout,
                    milestone=milestone,
                    text=data["progress"],
                )
            return result

    _result, conflict = run_service(form, apply)
    form.conflict = conflict  # type: ignore[attr-defined]
    return not form.errors


@login_required
@require_http_methods(["GET", "POST"])
def milestone_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    milestone = access.get_milestone_for_user(request.user, pk)
    can_edit = access.can_edit_rollout(request.user, milestone.rollout)
    if request.method == "POST":
        milestone = access.get_milestone_for_user(request.user, pk, write=True)
    form = (
        MilestoneForm.for_milestone(milestone, request.POST if request.method == "POST" else None)
        if can_edit
        else None
    )
    if (
        request.method == "POST"
        and form is not None
        and form.is_valid()
        and _save(request, milestone, form)
    ):
        if request.htmx:
            milestone.refresh_from_db()
            return render(
                request,
                "rollout/_milestone_row.html",
                {
                    "m": milestone,
                    "form": MilestoneForm.for_milestone(milestone),
                    "can_edit": True,
                    "saved": True,
                },
            )
        messages.success(request, _("Milestone saved."))
        return redirect("rollout:rollout-detail", pk=milestone.rollout_id)
    status = status_for(form, getattr(form, "conflict", False)) if form else 200
    if request.htmx and request.method == "POST":
        # The row with its errors replaces the row, in place: answered 200, because htmx (and
        # django-htmx's debug handler, which would put the bare row in place of the whole
        # page) treat a 4xx as a failed request, and the browser logs it as an error. Without
        # htmx the full page below answers with the error status.
        return render(
            request,
            "rollout/_milestone_row.html",
            {"m": milestone, "form": form, "can_edit": True},
        )
    return render(
        request,
        "rollout/milestone_detail.html",
        {
            "milestone": milestone,
            "rollout": milestone.rollout,
            "form": form,
            "progress": milestone.progress.select_related("created_by")[:20],
            "history": history.entries_for(milestone)[:20],
            "panels": render_milestone_panels(request, milestone),
        },
        status=status,
    )
