"""KS staff and administrators invite people; the invitation expires; nobody signs up alone."""

from __future__ import annotations

import smtplib
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from portal import services
from portal.models import HistoryEntry, Invitation, Membership, ReminderSent, Role, User
from portal.tasks import send_invitation_email
from tests.personas import World


def test_ks_invites_a_person_through_the_page(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any, tasks_in_process: Any
) -> None:
    client = client_for("ks_editor")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:invitation-list"),
            {
                "email": "Ny.Leser@Verdal.example.no",
                "organisation": world["org:verdal"].pk,
                "role": Role.READER,
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="ny.leser@verdal.example.no")
    assert invitation.invited_by == world.people["ks_editor"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny.leser@verdal.example.no"]
    assert invitation.token in message.body
    assert HistoryEntry.objects.filter(object_id=str(invitation.pk), action="invited").exists()


def test_a_bad_invitation_names_the_field(world: World, client_for: Any) -> None:
    response = client_for("ks_editor").post(
        reverse("portal:invitation-list"),
        {"email": "not-an-address", "organisation": world["org:verdal"].pk, "role": Role.READER},
    )
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert not Invitation.objects.filter(organisation=world["org:verdal"]).exists()


def test_a_role_that_does_not_fit_the_organisation_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        services.invite_person(
            by=world.people["ks_editor"],
            email="x@example.no",
            organisation=world["org:supplier_a"],
            role=Role.PROJECT_LEAD,
        )
    assert "role" in exc.value.message_dict


def test_a_project_lead_cannot_invite(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.invite_person(
            by=world.people["levanger_lead"],
            email="x@example.no",
            organisation=world["org:levanger"],
            role=Role.READER,
        )


def test_a_new_person_accepts_and_gets_the_role(world: World, client: Any) -> None:
    invitation = world["invitation:open"]
    url = reverse("portal:invitation-accept", args=[invitation.token])
    response = client.post(
        url,
        {
            "first_name": "Nora",
            "last_name": "Ny",
            "password1": "et-langt-passord-2026",
            "password2": "et-langt-passord-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email=invitation.email)
    assert Membership.objects.get(user=user).organisation == world["org:levanger"]
    assert client.get(reverse("portal:home")).status_code == 200
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    # The link works once.
    assert client.get(url).status_code == 410


def test_a_weak_password_is_refused_and_nothing_is_created(world: World, client: Any) -> None:
    invitation = world["invitation:open"]
    response = client.post(
        reverse("portal:invitation-accept", args=[invitation.token]),
        {"first_name": "Nora", "last_name": "Ny", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email=invitation.email).exists()


def test_an_expired_invitation_cannot_be_used(world: World, client: Any) -> None:
    invitation = world["invitation:open"]
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.post(
        reverse("portal:invitation-accept", args=[invitation.token]),
        {
            "first_name": "Nora",
            "last_name": "Ny",
            "password1": "et-langt-passord-2026",
            "password2": "et-langt-passord-2026",
        },
    )
    assert response.status_code == 410
    assert not User.objects.filter(email=invitation.email).exists()


def test_an_unknown_token_is_a_404(db: Any, client: Any) -> None:
    response = client.get(reverse("portal:invitation-accept", args=["no-such-token"]))
    assert response.status_code == 404


def test_no_mail_goes_out_for_an_accepted_invitation(world: World) -> None:
    invitation = world["invitation:open"]
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    assert send_invitation_email(invitation.pk) is False
    assert mail.outbox == []


def test_an_existing_person_accepts_while_signed_in(world: World, client_for: Any) -> None:
    invitation = world["invitation:open"]
    verdal_lead = world.people["verdal_lead"]
    Invitation.objects.filter(pk=invitation.pk).update(email=verdal_lead.email)
    client = client_for("verdal_lead")
    response = client.post(reverse("portal:invitation-accept", args=[invitation.token]))
    assert response.status_code == 302
    assert verdal_lead.memberships.filter(organisation=world["org:levanger"]).exists()


def test_sign_up_is_closed(db: Any, client: Any) -> None:
    response = client.post(
        reverse("account_signup"),
        {
            "email": "self@example.no",
            "password1": "et-langt-passord-2026",
            "password2": "et-langt-passord-2026",
        },
    )
    assert not User.objects.filter(email="self@example.no").exists()
    assert response.status_code == 200


def test_only_an_administrator_invites_staff_roles(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        services.invite_person(
            by=world.people["ks_editor"],
            email="ny.admin@ks.example.no",
            organisation=world["org:ks"],
            role=Role.ADMINISTRATOR,
        )
    assert "role" in exc.value.message_dict
    invitation = services.invite_person(
        by=world.people["admin"],
        email="ny.ks@ks.example.no",
        organisation=world["org:ks"],
        role=Role.KS_STAFF,
    )
    assert invitation.role == Role.KS_STAFF


def test_an_invitation_task_delivered_twice_sends_one_mail(world: World) -> None:
    # Given an open invitation whose e-mail task the broker delivers twice
    invitation = world["invitation:open"]
    mail.outbox.clear()

    # When the task runs twice
    first = send_invitation_email(invitation.pk)
    second = send_invitation_email(invitation.pk)

    # Then one e-mail went out, and the second run knew it
    assert (first, second) == (True, False)
    assert [m.to for m in mail.outbox] == [[invitation.email]]


class RefusingMailServer(BaseEmailBackend):
    """An e-mail backend whose server refuses every message."""

    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPServerDisconnected("the mail server went away")


def test_an_invitation_mail_that_fails_is_sent_on_the_next_delivery(world: World) -> None:
    # Given the mail server refuses the first attempt
    invitation = world["invitation:open"]
    mail.outbox.clear()
    with (
        override_settings(EMAIL_BACKEND="tests.test_invitations.RefusingMailServer"),
        pytest.raises(smtplib.SMTPServerDisconnected),
    ):
        send_invitation_email(invitation.pk)

    # Then nothing was claimed, and the task delivered again sends the e-mail
    assert not ReminderSent.objects.filter(kind="invitation").exists()
    assert send_invitation_email(invitation.pk) is True
    assert [m.to for m in mail.outbox] == [[invitation.email]]
