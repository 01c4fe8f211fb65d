"""The KS checklist ("felles rammer og anbefalinger"), kept by KS staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.access import get_or_404
from portal.web import expected_version, run_service, status_for
from procurement import access
from procurement.forms import ChecklistItemForm
from procurement.models import ChecklistItem
from procurement.services.procurements import ITEM_FIELDS, save_checklist_item


@login_required
@require_http_methods(["GET", "POST"])
def checklist_items(request: HttpRequest) -> HttpResponse:
    """Every signed-in person reads the checklist; KS staff add items here."""
    can_keep = access.can_keep_checklist(request.user)
    if request.method == "POST" and not can_keep:
        raise PermissionDenied
    next_order = (
        ChecklistItem.objects.order_by("-order").values_list("order", flat=True).first() or 0
    ) + 1
    form = (
        ChecklistItemForm(
            request.POST if request.method == "POST" else None,
            initial={"order": next_order, "is_active": True},
        )
        if can_keep
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        values = {f: form.cleaned_data[f] for f in ITEM_FIELDS}
        item, _conflict = run_service(form, lambda: save_checklist_item(by=request.user, **values))
        if item is not None:
            messages.success(request, _("The item is added to the checklist."))
            return redirect("procurement:checklist-items")
    return render(
        request,
        "procurement/checklist_items.html",
        {
            "items": ChecklistItem.objects.all(),
            "form": form,
            "can_keep": can_keep,
        },
        status=status_for(form, False) if form is not None else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def checklist_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_keep_checklist(request.user):
        raise PermissionDenied
    item = get_or_404(ChecklistItem.objects.all(), pk=pk)
    form = ChecklistItemForm(
        request.POST if request.method == "POST" else None,
        instance=item,
        initial={"version": item.version},
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in ITEM_FIELDS}
        item.refresh_from_db()
        result, conflict = run_service(
            form,
            lambda: save_checklist_item(
                by=request.user, item=item, expected_version=expected_version(form), **values
            ),
        )
        if result is not None:
            messages.success(request, _("The checklist item is saved."))
            return redirect("procurement:checklist-items")
    return render(
        request,
        "procurement/checklist_item_form.html",
        {"form": form, "item": item},
        status=status_for(form, conflict),
    )
