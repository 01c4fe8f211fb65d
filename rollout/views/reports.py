"""Monthly status reports: write a draft, submit it, correct a submitted one."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal import history
from portal.pagination import paginate
from portal.web import error_carrier, expected_version, run_service, status_for
from rollout import access
from rollout.calendar import report_deadline
from rollout.filters import StatusReportFilterSet
from rollout.forms import StatusReportForm
from rollout.models import StatusReport
from rollout.services import reports


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        StatusReport.objects.visible_to(request.user)
        .select_related("rollout__organisation", "rollout__collaboration")
        .order_by("-period", "rollout__organisation__name", "-revision")
    )
    filterset = StatusReportFilterSet(request.GET, queryset=queryset, request=request)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "rollout/report_list.html",
        {"filter": filterset, "page_obj": page, "object_list": page.object_list},
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = access.get_rollout_for_user(request.user, pk, write=True)
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    form = StatusReportForm(
        request.POST if request.method == "POST" else None, initial={"period": last_month}
    )
    if request.method == "POST" and form.is_valid():
        content = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "period")}
        report, _conflict = run_service(
            form,
            lambda: reports.create_report(
                by=request.user, rollout=rollout, period=form.cleaned_data["period"], **content
            ),
        )
        if report is not None:
            messages.success(request, _("The draft is saved. Submit it when it is ready."))
            return redirect("rollout:report-detail", pk=report.pk)
    return render(
        request,
        "rollout/report_form.html",
        {"form": form, "rollout": rollout, "report": None},
        status=status_for(form, False),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    can_edit = access.can_edit_rollout(request.user, report.rollout)
    form = None
    conflict = False
    if request.method == "POST":
        report = access.get_report_for_user(request.user, pk, write=True)
    if can_edit and not report.is_submitted:
        form = StatusReportForm(
            request.POST if request.method == "POST" else None,
            instance=report,
            initial={"version": report.version},
        )
    if request.method == "POST":
        if form is None:
            messages.error(
                request,
                _(
                    "A submitted report cannot be changed. Make a "
                    "correction, which keeps the submitted one."
                ),
            )
            return redirect("rollout:report-detail", pk=report.pk)
        if form.is_valid():
            content = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            report.refresh_from_db()
            result, conflict = run_service(
                form,
                lambda: reports.update_report(
                    by=request.user,
                    report=report,
                    expected_version=expected_version(form),
                    **content,
                ),
            )
            if result is not None:
                messages.success(request, _("The draft is saved."))
                return redirect("rollout:report-detail", pk=report.pk)
    deadline = report_deadline(
        report.period, report.rollout.collaboration.report_deadline_working_day
    )
    return render(
        request,
        "rollout/report_detail.html",
        {
            "report": report,
            "rollout": report.rollout,
            "form": form,
            "can_edit": can_edit,
            "deadline": deadline,
            "revisions": StatusReport.objects.visible_to(request.user)
            .filter(rollout=report.rollout_id, period=report.period)
            .order_by("revision"),
            "history": history.entries_for(report)[:20],
        },
        status=status_for(form, conflict) if form else 200,
    )


def _posted_version(request: HttpRequest) -> int | None:
    """The posted ``version`` as a positive integer, or None when it is missing or not one."""
    value = (request.POST.get("version") or "").strip()
    if not value.isdigit() or not value.isascii():
        return None
    version = int(value)
    return version if version > 0 else None


@login_required
@require_http_methods(["GET", "POST"])
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submitting cannot be undone, so it is asked first: GET shows the report as it will be
    submitted with the question; only a POST with ``confirm`` submits it."""
    report = access.get_report_for_user(request.user, pk, write=True)
    if report.is_submitted:
        messages.info(request, _("The report is already submitted."))
        return redirect("rollout:report-detail", pk=report.pk)
    if request.method == "GET":
        return render(
            request,
            "rollout/report_submit.html",
            {"report": report, "rollout": report.rollout},
        )
    if request.POST.get("confirm") != "yes":
        return redirect("rollout:report-submit", pk=report.pk)
    version = _posted_version(request)
    if version is None:
        # The submit button carries the version the report was read at; without it the
        # report is not submitted (a submit is never written without the version check).
        messages.error(
            request, _("The report was not submitted. Reload the page and submit it again.")
        )
        return redirect("rollout:report-detail", pk=report.pk)
    form = error_carrier()
    run_service(
        form,
        lambda: reports.submit_report(by=request.user, report=report, expected_version=version),
    )
    for error in form.non_field_errors():
        messages.error(request, cast(str, error))
    if not form.errors:
        messages.success(request, _("The report is submitted to the steering group."))
    return redirect("rollout:report-detail", pk=report.pk)


@login_required
@require_POST
def report_correct(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk, write=True)
    form = error_carrier()
    correction, _conflict = run_service(
        form, lambda: reports.correct_report(by=request.user, report=report)
    )
    if correction is None:
        for error in form.non_field_errors():
            messages.error(request, cast(str, error))
        return redirect("rollout:report-detail", pk=report.pk)
    messages.success(request, _("A correction is started; the submitted report is kept."))
    return redirect("rollout:report-detail", pk=correction.pk)
