"""The common methodology, kept by KS staff: versions, templates, rolling a version out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.access import get_or_404
from portal.web import run_service, status_for
from rollout import access
from rollout.forms import MethodologyApplyForm, MilestoneTemplateForm
from rollout.models import Methodology, MilestoneTemplate
from rollout.services import methodology as service


@login_required
def methodology_list(request: HttpRequest) -> HttpResponse:
    versions = Methodology.objects.visible_to(request.user)
    return render(
        request,
        "rollout/methodology_list.html",
        {"versions": versions, "can_keep": access.can_keep_methodology(request.user)},
    )


@login_required
def methodology_detail(request: HttpRequest, pk: int) -> HttpResponse:
    methodology = get_or_404(Methodology.objects.visible_to(request.user), pk=pk)
    templates = methodology.milestones.prefetch_related("criteria").order_by("order")
    return render(
        request,
        "rollout/methodology_detail.html",
        {
            "methodology": methodology,
            "templates": templates,
            "can_keep": access.can_keep_methodology(request.user),
        },
    )


@login_required
@require_POST
def methodology_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_keep_methodology(request.user):
        raise PermissionDenied
    source = get_or_404(Methodology.objects.visible_to(request.user), pk=pk)
    try:
        draft = service.new_version(
            by=request.user, source=source, notes=request.POST.get("notes", "").strip()
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("rollout:methodology-detail", pk=source.pk)
    messages.success(
        request,
        _("Version %(version)s is a draft: change it, then publish it.")
        % {"version": draft.version},
    )
    return redirect("rollout:methodology-detail", pk=draft.pk)


@login_required
@require_POST
def methodology_publish(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_keep_methodology(request.user):
        raise PermissionDenied
    methodology = get_or_404(Methodology.objects.visible_to(request.user), pk=pk)
    service.publish(by=request.user, methodology=methodology)
    messages.success(request, _("The version is published."))
    return redirect("rollout:methodology-detail", pk=methodology.pk)


@login_required
@require_http_methods(["GET", "POST"])
def rollout_methodology(request: HttpRequest, pk: int, methodology_pk: int) -> HttpResponse:
    """Preview what moves when a rollout follows another version; apply it on confirmation."""
    if not access.can_keep_methodology(request.user):
        raise PermissionDenied
    rollout = access.get_rollout_for_user(request.user, pk)
    methodology = get_or_404(
        Methodology.objects.visible_to(request.user).filter(is_published=True), pk=methodology_pk
    )
    form = MethodologyApplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        result, _conflict = run_service(
            form,
            lambda: service.apply_methodology(
                by=request.user, rollout=rollout, methodology=methodology
            ),
        )
        if result is not None:
            messages.success(
                request, _("The rollout follows %(version)s now.") % {"version": methodology}
            )
            return redirect("rollout:rollout-detail", pk=rollout.pk)
    return render(
        request,
        "rollout/methodology_preview.html",
        {
            "rollout": rollout,
            "methodology": methodology,
            "form": form,
            "changes": service.preview(rollout, methodology),
        },
        status=status_for(form, False),
    )


_TEMPLATE_FIELDS = [
    "phase",
    "title_nb",
    "title_en",
    "description_nb",
    "description_en",
    "offset_days",
    "responsible_role",
    "is_gate",
]


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a milestone template of a draft version (a published one never changes)."""
    if not access.can_keep_methodology(request.user):
        raise PermissionDenied
    template = get_or_404(MilestoneTemplate.objects.select_related("methodology"), pk=pk)
    form: MilestoneTemplateForm | None = MilestoneTemplateForm(
        request.POST if request.method == "POST" else None, instance=template
    )
    if template.methodology.is_published:
        form = None
    elif request.method == "POST" and form is not None and form.is_valid():
        values = {f: form.cleaned_data[f] for f in _TEMPLATE_FIELDS}
        template.refresh_from_db()
        result, _conflict = run_service(
            form, lambda: service.update_template(by=request.user, template=template, **values)
        )
        if result is not None:
            messages.success(request, _("The milestone template is saved."))
            return redirect("rollout:methodology-detail", pk=template.methodology_id)
    refused = 400 if request.method == "POST" else 200
    status = refused if form is None else status_for(form, False)
    return render(
        request, "rollout/template_form.html", {"form": form, "template": template}, status=status
    )
