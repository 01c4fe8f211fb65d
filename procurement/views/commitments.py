"""Start-date commitments: the list (a supplier sees only its own), one commitment with its
steps, and the buyer's request."""

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
from portal.pagination import paginate
from portal.web import run_service, status_for
from procurement import access
from procurement.filters import CommitmentFilterSet
from procurement.forms import CommitmentRequestForm, CommitmentStepForm
from procurement.load import feasible_starts, overbookings
from procurement.models import StartDateCommitment
from procurement.services import commitments as service
from rollout import access as rollout_access


@login_required
def commitment_list(request: HttpRequest) -> HttpResponse:
    queryset = StartDateCommitment.objects.visible_to(request.user).select_related(
        "rollout__organisation", "rollout__wave", "supplier", "product"
    )
    filterset = CommitmentFilterSet(request.GET, queryset=queryset, request=request)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "procurement/commitment_list.html",
        {"filter": filterset, "page_obj": page, "object_list": page.object_list},
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = access.get_commitment_for_user(request.user, pk)
    steps = access.allowed_steps(request.user, commitment)
    form = CommitmentStepForm(
        request.POST if request.method == "POST" else None,
        initial={"version": commitment.version, "start_on": commitment.start_on},
    )
    conflict = False
    alternatives: list[Any] = []
    if request.method == "POST":
        if not steps:
            raise PermissionDenied
        if form.is_valid():
            action = form.cleaned_data["action"]
            if action not in steps:
                raise PermissionDenied
            data = form.cleaned_data
            kwargs: dict[str, Any] = {
                "by": request.user,
                "commitment": commitment,
                "reason": data["reason"] or "",
                "expected_version": data["version"],
            }
            if action == "propose":
                kwargs["start_on"] = data["start_on"] or commitment.start_on
            if action == "commit":
                kwargs["accept_overbooking"] = data["accept_overbooking"]
            # An overbooking is a ValidationError on start_on, with the alternatives below.
            result, conflict = run_service(form, lambda: getattr(service, action)(**kwargs))
            if result is not None:
                messages.success(
                    request, _("Saved: %(status)s.") % {"status": result.get_status_display()}
                )
                return redirect("procurement:commitment-detail", pk=commitment.pk)
            commitment.refresh_from_db()
    warnings = []
    if commitment.is_active:
        warnings = overbookings(
            commitment.supplier_id,
            commitment.start_on,
            commitment.rollout.wave.go_live,
            exclude=commitment.pk,
        )
        if warnings and not alternatives:
            alternatives = feasible_starts(
                commitment.supplier_id,
                commitment.start_on,
                commitment.rollout.wave.go_live,
                exclude=commitment.pk,
            )
    return render(
        request,
        "procurement/commitment_detail.html",
        {
            "commitment": commitment,
            "events": commitment.events.select_related("by"),
            "steps": steps,
            "form": form,
            "warnings": warnings,
            "alternatives": alternatives,
            "history": history.entries_for(commitment)[:20],
        },
        status=status_for(form, conflict) if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_request(request: HttpRequest, pk: int) -> HttpResponse:
    """The buyer asks a supplier for a start date for a rollout."""
    rollout = rollout_access.get_rollout_for_user(request.user, pk)
    if not access.is_buyer(request.user, rollout):
        raise PermissionDenied
    # "Show the products" (or htmx, on choosing a supplier) shows the form again with the
    # chosen supplier's products, and sends nothing.
    refresh = request.method == "POST" and "show_products" in request.POST
    if refresh:
        form = CommitmentRequestForm(
            initial=request.POST.dict(), supplier=request.POST.get("supplier")
        )
    else:
        form = CommitmentRequestForm(
            request.POST if request.method == "POST" else None,
            supplier=request.GET.get("supplier"),
        )
    form.fields["supplier"].widget.attrs.update(
        {
            "hx-get": request.path,
            "hx-trigger": "change",
            "hx-include": "this",
            "hx-target": "#id_product",
            "hx-select": "#id_product",
            "hx-swap": "outerHTML",
        }
    )
    warnings: list[Any] = []
    alternatives: list[Any] = []
    if request.method == "POST" and not refresh and form.is_valid():
        data = form.cleaned_data
        warnings = overbookings(data["supplier"].pk, data["start_on"], rollout.wave.go_live)
        commitment, _conflict = run_service(
            form,
            lambda: service.request_commitment(
                by=request.user,
                rollout=rollout,
                supplier=data["supplier"],
                product=data["product"],
                start_on=data["start_on"],
                reason=data["reason"],
            ),
        )
        if commitment is not None:
            if warnings:
                messages.warning(
                    request,
                    _(
                        "The supplier is over capacity in some of these weeks; see the "
                        "suggested dates before the date is committed."
                    ),
                )
            messages.success(request, _("The request is sent to the supplier."))
            return redirect("procurement:commitment-detail", pk=commitment.pk)
    if warnings:
        alternatives = feasible_starts(
            form.cleaned_data["supplier"].pk, form.cleaned_data["start_on"], rollout.wave.go_live
        )
    return render(
        request,
        "procurement/commitment_request.html",
        {"rollout": rollout, "form": form, "warnings": warnings, "alternatives": alternatives},
        status=status_for(form, False),
    )


@login_required
def commitment_export(request: HttpRequest) -> HttpResponse:
    """The visible commitments, filtered as on the list page, as CSV (UTF-8 with BOM and
    semicolons, as Norwegian spreadsheets expect)."""
    import csv

    queryset = StartDateCommitment.objects.visible_to(request.user).select_related(
        "rollout__organisation", "rollout__wave", "supplier", "product"
    )
    filterset = CommitmentFilterSet(request.GET, queryset=queryset, request=request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="oppstartsdatoer.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [_("Organisation"), _("Supplier"), _("Product"), _("Start date"), _("Go-live"), _("Status")]
    )
    for c in filterset.qs:
        writer.writerow(
            [
                c.rollout.organisation.name,
                c.supplier.name,
                c.product.name if c.product else "",
                c.start_on.isoformat(),
                c.rollout.wave.go_live.isoformat(),
                c.get_status_display(),
            ]
        )
    return response
