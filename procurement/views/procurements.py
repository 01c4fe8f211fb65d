"""Procurements: the list, a new procurement, one procurement with its KS checklist, supplier
dialogue and implementation schedule, and the pages that keep them. Suppliers see none."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal import access as portal_access
from portal import history
from portal.models import Organisation, OrganisationKind, Role
from portal.pagination import paginate
from portal.web import expected_version, run_service, status_for
from procurement import access
from procurement.filters import ProcurementFilterSet
from procurement.forms import (
    ChecklistForm,
    DialogueMeetingForm,
    ProcurementCreateForm,
    ProcurementEditForm,
    ScheduleEntryForm,
)
from procurement.models import (
    ACTIVE_STATUSES,
    ChecklistItem,
    Procurement,
    ScheduleEntry,
    StartDateCommitment,
)
from procurement.services import procurements as service

EDIT_FIELDS = [
    "phase",
    "doffin_reference",
    "supplier",
    "needs_started_on",
    "tender_published_on",
    "award_on",
    "contract_signed_on",
    "description",
]


def _form_status(request: HttpRequest, form: Any) -> int:
    return status_for(form, False) if request.method == "POST" else 200


@login_required
@require_GET
def procurement_list(request: HttpRequest) -> HttpResponse:
    queryset = Procurement.objects.visible_to(request.user).select_related("lead", "supplier")
    filterset = ProcurementFilterSet(request.GET, queryset=queryset, request=request)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "procurement/procurement_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "object_list": page.object_list,
            "may_create": _may_create(request.user),
        },
    )


def _leads_for(user: Any) -> QuerySet[Organisation]:
    """The organisations a person may lead a procurement for: their own as project lead; any
    buyer organisation for KS staff and administrators."""
    if portal_access.sees_everything(user):
        return Organisation.objects.exclude(kind=OrganisationKind.SUPPLIER)
    own = portal_access.organisation_ids(user, roles=[Role.PROJECT_LEAD])
    return Organisation.objects.filter(pk__in=own).exclude(kind=OrganisationKind.SUPPLIER)


def _may_create(user: Any) -> bool:
    return portal_access.sees_everything(user) or bool(
        portal_access.organisation_ids(user, roles=[Role.PROJECT_LEAD])
    )


@login_required
@require_http_methods(["GET", "POST"])
def procurement_create(request: HttpRequest) -> HttpResponse:
    if not _may_create(request.user):
        raise PermissionDenied
    form = ProcurementCreateForm(
        request.POST if request.method == "POST" else None,
        leads=_leads_for(request.user),
        participants=access.participant_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        procurement, _conflict = run_service(
            form,
            lambda: service.create_procurement(
                by=request.user,
                lead=data["lead"],
                participants=list(data["participants"]),
                name=data["name"],
                kind=data["kind"],
                phase=data["phase"],
                description=data["description"],
            ),
        )
        if procurement is not None:
            messages.success(request, _("The procurement is created."))
            return redirect("procurement:procurement-detail", pk=procurement.pk)
    return render(
        request,
        "procurement/procurement_form.html",
        {"form": form, "procurement": None, "heading": _("New procurement")},
        status=_form_status(request, form),
    )


def _commitments_by_entry(
    user: Any, procurement: Procurement, schedule: list[ScheduleEntry]
) -> dict[int, StartDateCommitment]:
    """The start-date commitment each schedule entry led to, as far as the user may see it:
    the procurement's own for the entry's rollout, or else the rollout's open one with the
    supplier awarded."""
    rollout_ids = [e.rollout_id for e in schedule if e.rollout_id is not None]
    if not rollout_ids:
        return {}
    wanted = Q(procurement=procurement)
    if procurement.supplier_id is not None:
        wanted |= Q(supplier_id=procurement.supplier_id, status__in=ACTIVE_STATUSES)
    candidates = (
        StartDateCommitment.objects.visible_to(user)
        .filter(wanted, rollout_id__in=rollout_ids)
        .order_by("-id")
    )
    by_rollout: dict[int, StartDateCommitment] = {}
    for commitment in candidates:
        best = by_rollout.get(commitment.rollout_id)
        if best is None or (
            commitment.procurement_id == procurement.pk and best.procurement_id != procurement.pk
        ):
            by_rollout[commitment.rollout_id] = commitment
    return {
        e.pk: by_rollout[e.rollout_id]
        for e in schedule
        if e.rollout_id is not None and e.rollout_id in by_rollout
    }


@login_required
@require_GET
def procurement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = access.get_procurement_for_user(request.user, pk)
    participants = list(procurement.participants.order_by("name"))
    ticks = {t.item_id: t for t in procurement.ticks.select_related("by")}
    checklist = [
        (item, ticks.get(item.pk)) for item in ChecklistItem.objects.filter(is_active=True)
    ]
    schedule = list(procurement.schedule.select_related("organisation", "wave"))
    commitments = _commitments_by_entry(request.user, procurement, schedule)
    return render(
        request,
        "procurement/procurement_detail.html",
        {
            "procurement": procurement,
            "participants": participants,
            "checklist": checklist,
            "checklist_done": sum(1 for _item, t in checklist if t and t.done),
            "meetings": procurement.meetings.select_related("supplier"),
            "schedule": [(e, commitments.get(e.pk)) for e in schedule],
            "can_keep": access.can_keep_procurement(request.user, procurement),
            "history": history.entries_for(procurement)[:20],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def procurement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = access.get_procurement_for_user(request.user, pk, write=True)
    form = ProcurementEditForm(
        request.POST if request.method == "POST" else None,
        initial={
            "version": procurement.version,
            **{name: getattr(procurement, name) for name in EDIT_FIELDS},
        },
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in EDIT_FIELDS}
        result, conflict = run_service(
            form,
            lambda: service.update_procurement(
                by=request.user,
                procurement=procurement,
                expected_version=expected_version(form),
                **values,
            ),
        )
        if result is not None:
            messages.success(request, _("The procurement is saved."))
            return redirect("procurement:procurement-detail", pk=procurement.pk)
        procurement.refresh_from_db()
    return render(
        request,
        "procurement/procurement_form.html",
        {"form": form, "procurement": procurement, "heading": _("Change the procurement")},
        status=status_for(form, conflict) if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def procurement_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = access.get_procurement_for_user(request.user, pk, write=True)
    ticks = {t.item_id: t for t in procurement.ticks.all()}
    form = ChecklistForm(
        request.POST if request.method == "POST" else None,
        checklist=ChecklistItem.objects.filter(is_active=True),
        ticks=ticks,
        state=service.checklist_state(procurement),
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        saved, conflict = run_service(
            form,
            lambda: service.save_checklist(
                by=request.user,
                procurement=procurement,
                values=form.values(),
                expected_state=form.cleaned_data["state"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The checklist is saved."))
            return redirect("procurement:procurement-detail", pk=procurement.pk)
    return render(
        request,
        "procurement/procurement_checklist.html",
        {"form": form, "procurement": procurement},
        status=status_for(form, conflict) if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def procurement_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = access.get_procurement_for_user(request.user, pk, write=True)
    form = DialogueMeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting, _conflict = run_service(
            form,
            lambda: service.add_meeting(
                by=request.user,
                procurement=procurement,
                held_on=data["held_on"],
                supplier=data["supplier"],
                notes=data["notes"],
            ),
        )
        if meeting is not None:
            messages.success(request, _("The meeting is recorded."))
            return redirect("procurement:procurement-detail", pk=procurement.pk)
    return render(
        request,
        "procurement/procurement_meeting.html",
        {"form": form, "procurement": procurement},
        status=_form_status(request, form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def procurement_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = access.get_procurement_for_user(request.user, pk, write=True)
    rollouts = access.schedule_rollouts(request.user, procurement)
    form = ScheduleEntryForm(
        request.POST if request.method == "POST" else None,
        rollouts=rollouts,
        waves=access.schedule_waves(request.user, rollouts),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result, _conflict = run_service(
            form,
            lambda: service.add_schedule_entry(
                by=request.user,
                procurement=procurement,
                rollout=data["rollout"],
                start_on=data["start_on"],
                wave=data["wave"],
            ),
        )
        if result is not None:
            messages.success(
                request, _("The start date is recorded with its start-date commitment.")
            )
            return redirect("procurement:procurement-detail", pk=procurement.pk)
    return render(
        request,
        "procurement/procurement_schedule.html",
        {"form": form, "procurement": procurement, "has_rollouts": rollouts.exists()},
        status=_form_status(request, form),
    )
