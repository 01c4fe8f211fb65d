"""Pages of the base: organisations, their members, invitations."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import access, services
from portal.filters import OrganisationFilterSet
from portal.forms import AcceptInvitationForm, InvitationForm
from portal.models import HistoryEntry, Invitation, Membership, Organisation, User
from portal.pagination import paginate


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    queryset = Organisation.objects.visible_to(request.user).select_related("county")
    filterset = OrganisationFilterSet(request.GET, queryset=queryset)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "portal/organisation_list.html",
        {"filter": filterset, "page_obj": page, "object_list": page.object_list},
    )


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_or_404(
        Organisation.objects.visible_to(request.user).select_related(
            "county", "health_community", "regional_health_authority"
        ),
        pk=pk,
    )
    members = (
        Membership.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .select_related("user")
    )
    trusts = list(organisation.hospital_trusts.all())
    return render(
        request,
        "portal/organisation_detail.html",
        {"organisation": organisation, "members": members, "trusts": trusts},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_list(request: HttpRequest) -> HttpResponse:
    if not services.can_invite(request.user):
        raise PermissionDenied
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_person(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("portal:invitation-list")
    invitations = Invitation.objects.visible_to(request.user).select_related(
        "organisation", "invited_by"
    )
    page = paginate(request, invitations)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "portal/invitation_list.html",
        {"form": form, "page_obj": page, "object_list": page.object_list},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation e-mail. The token is the secret; an unknown one is a 404."""
    invitation = access.get_or_404(Invitation.objects.select_related("organisation"), token=token)
    if not invitation.is_open:
        return render(
            request, "portal/invitation_closed.html", {"invitation": invitation}, status=410
        )
    signed_in = request.user.is_authenticated
    form = (
        None
        if signed_in
        else AcceptInvitationForm(request.POST if request.method == "POST" else None)
    )
    error = ""
    if request.method == "POST" and (signed_in or (form is not None and form.is_valid())):
        try:
            if signed_in:
                services.accept_invitation(invitation=invitation, user=cast(User, request.user))
            else:
                assert form is not None
                user = services.accept_invitation(
                    invitation=invitation,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        except ValidationError as exc:
            if form is not None and hasattr(exc, "error_list"):
                form.add_error("password1", exc)
            else:
                error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("Welcome! You are now a member of %(organisation)s.")
                % {"organisation": invitation.organisation},
            )
            return redirect("portal:home")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "portal/invitation_accept.html",
        {"invitation": invitation, "form": form, "error": error},
        status=status,
    )


@login_required
def history_list(request: HttpRequest) -> HttpResponse:
    """Changes to people and invitations, for KS staff and administrators."""
    if not access.sees_everything(request.user):
        raise PermissionDenied
    page = paginate(request, HistoryEntry.objects.select_related("actor", "content_type"))
    return render(
        request, "portal/history_list.html", {"page_obj": page, "object_list": page.object_list}
    )


def _add_errors(form: InvitationForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
