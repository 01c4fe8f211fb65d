"""Readiness criteria with evidence, and the steering group's go/no-go decision."""

from __future__ import annotations

from pathlib import PurePath
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from portal import history
from portal.web import expected_version, run_service, status_for
from rollout import access
from rollout.forms import CriterionForm, GoDecisionForm
from rollout.services import readiness

_FIELDS = ["owner", "status", "evidence_text", "evidence_link"]


@login_required
@require_http_methods(["GET", "POST"])
def criterion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = access.get_criterion_for_user(request.user, pk)
    can_edit = access.can_edit_rollout(request.user, criterion.rollout)
    if request.method == "POST":
        criterion = access.get_criterion_for_user(request.user, pk, write=True)
    form = (
        CriterionForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            instance=criterion,
            initial={"version": criterion.version},
        )
        if can_edit
        else None
    )
    conflict = False
    if request.method == "POST" and form is not None and form.is_valid():
        values = {f: form.cleaned_data[f] for f in _FIELDS}
        criterion.refresh_from_db()
        result, conflict = run_service(
            form,
            lambda: readiness.update_criterion(
                by=request.user,
                criterion=criterion,
                expected_version=expected_version(form),
                evidence_file=form.cleaned_data.get("evidence_file"),
                **values,
            ),
        )
        if result is not None:
            messages.success(request, _("The criterion is saved."))
            return redirect("rollout:rollout-detail", pk=criterion.rollout_id)
    return render(
        request,
        "rollout/criterion_detail.html",
        {
            "criterion": criterion,
            "rollout": criterion.rollout,
            "form": form,
            "evidence_filename": PurePath(cast(str, criterion.evidence_file.name)).name
            if criterion.evidence_file
            else "",
            "history": history.entries_for(criterion)[:20],
        },
        status=status_for(form, conflict) if form else 200,
    )


@login_required
@require_safe
def criterion_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """The criterion's evidence file, as a download, for everyone who may see the criterion.
    A stranger gets 404, as for a missing criterion; so does everyone when it has no file."""
    criterion = access.get_criterion_for_user(request.user, pk)
    if not criterion.evidence_file:
        raise Http404(_("The criterion has no evidence file."))
    try:
        handle = criterion.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The evidence file is missing.")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=PurePath(cast(str, criterion.evidence_file.name)).name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = access.get_rollout_for_user(request.user, pk)
    if not access.can_decide(request.user, rollout.collaboration_id):
        raise PermissionDenied
    form = GoDecisionForm(
        request.POST if request.method == "POST" else None,
        initial={"decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        result, _conflict = run_service(
            form,
            lambda: readiness.record_decision(
                by=request.user, rollout=rollout, **form.cleaned_data
            ),
        )
        if result is not None:
            messages.success(request, _("The decision is recorded."))
            return redirect("rollout:rollout-detail", pk=rollout.pk)
    criteria = rollout.criteria.select_related("template").order_by("template__order")
    return render(
        request,
        "rollout/decision_form.html",
        {"rollout": rollout, "form": form, "criteria": criteria},
        status=status_for(form, False),
    )
