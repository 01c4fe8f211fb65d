"""Writes to people, memberships and invitations. Views, API and commands call these."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access, history
from portal.models import Invitation, Membership, Organisation, OrganisationKind, Role, User

# Which roles fit which kind of organisation.
ROLES_FOR_KIND: dict[str, set[str]] = {
    OrganisationKind.MUNICIPALITY: {Role.PROJECT_LEAD, Role.READER},
    OrganisationKind.HOSPITAL_TRUST: {Role.PROJECT_LEAD, Role.READER},
    OrganisationKind.GP_OFFICE: {Role.PROJECT_LEAD, Role.READER},
    OrganisationKind.SUPPLIER: {Role.SUPPLIER_CONTACT},
    OrganisationKind.KS: {Role.KS_STAFF, Role.ADMINISTRATOR, Role.READER},
}


def can_invite(user: Any) -> bool:
    """KS staff and administrators invite people."""
    return access.sees_everything(user)


def check_role_fits(organisation: Organisation, role: str) -> None:
    if role not in ROLES_FOR_KIND.get(organisation.kind, set()):
        raise ValidationError(
            {
                "role": _("The role %(role)s does not fit an organisation of this kind.")
                % {"role": Role(role).label}
            }
        )


@transaction.atomic
def invite_person(*, by: Any, email: str, organisation: Organisation, role: str) -> Invitation:
    """Invite a person by e-mail to an organisation with a role; the e-mail goes on commit."""
    from portal.tasks import send_invitation_email

    if not can_invite(by):
        raise PermissionDenied
    if role in (Role.KS_STAFF, Role.ADMINISTRATOR) and not access.is_administrator(by):
        raise ValidationError(
            {"role": _("Only an administrator invites KS staff and administrators.")}
        )
    check_role_fits(organisation, role)
    email = email.strip().lower()
    if Membership.objects.filter(user__email__iexact=email, organisation=organisation).exists():
        raise ValidationError(
            {
                "email": _("This person is already a member of %(organisation)s.")
                % {"organisation": organisation}
            }
        )
    invitation = Invitation.objects.create(
        email=email, organisation=organisation, role=role, invited_by=by
    )
    history.record(
        invitation,
        by=by,
        action="invited",
        changes={"email": [None, email], "role": [None, role]},
    )
    transaction.on_commit(lambda: send_invitation_email.delay(invitation.pk))
    return invitation


@transaction.atomic
def add_membership(*, by: Any, user: User, organisation: Organisation, role: str) -> Membership:
    """Give ``user`` a role in ``organisation`` (or change the role they have)."""
    check_role_fits(organisation, role)
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    before = None if created else membership.role
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    if created or before != role:
        history.record(membership, by=by, action="role set", changes={"role": [before, role]})
    access.forget_memberships(user)
    return membership


@transaction.atomic
def accept_invitation(
    *,
    invitation: Invitation,
    user: User | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str = "",
) -> User:
    """Accept an open invitation: as the signed-in ``user``, or by creating the account.

    The invitation row is locked, so the same link cannot be used twice at once.
    """
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_open:
        raise ValidationError(_("This invitation has expired or has already been used."))
    if user is None:
        if User.objects.filter(email__iexact=locked.email).exists():
            raise ValidationError(
                _("An account with this e-mail address exists: sign in to accept.")
            )
        candidate = User(email=locked.email, first_name=first_name, last_name=last_name)
        validate_password(password, candidate)
        candidate.set_password(password)
        candidate.save()
        user = candidate
    elif user.email.lower() != locked.email.lower():
        raise ValidationError(_("This invitation was sent to another e-mail address."))
    add_membership(by=user, user=user, organisation=locked.organisation, role=locked.role)
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    history.record(locked, by=user, action="accepted")
    return user
