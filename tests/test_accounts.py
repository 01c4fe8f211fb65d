"""Signing in: Norwegian by default, two factors for KS staff and administrators, limits on
failed attempts, and sessions that end."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.personas import World

PASSWORD = "a-long-test-password-1"


def test_the_login_page_is_in_norwegian_by_default(db: Any, client: Client) -> None:
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nb">' in html
    assert "Logg inn" in html
    assert response["Content-Language"] == "nb"


def test_english_is_one_switch_away(db: Any, client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    html = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en">' in html
    assert "Sign in to Innføringsportalen" in html


def test_a_person_signs_in_with_e_mail_and_password(world: World, client: Client) -> None:
    response = client.post(
        reverse("account_login"), {"login": "lead@levanger.example.no", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


def test_failed_sign_ins_are_limited(world: World, client: Client) -> None:
    for _ in range(5):
        client.post(
            reverse("account_login"), {"login": "lead@levanger.example.no", "password": "wrong"}
        )
    # Even the right password is refused while the limit holds.
    response = client.post(
        reverse("account_login"), {"login": "lead@levanger.example.no", "password": PASSWORD}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_ks_staff_without_a_second_factor_must_set_one_up(db: Any, client: Client) -> None:
    ks = OrganisationFactory(kind="ks", name="KS")
    user = UserFactory(email="new.editor@ks.example.no")
    MembershipFactory(user=user, organisation=ks, role="ks_staff")
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.get(reverse("rollout:collaboration-list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("api:collaboration-list")).status_code == 403
    # Setting it up (allauth asks for the password again first) stays open, and so does the
    # accessibility statement.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.get(reverse("portal:accessibility")).status_code == 200
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "X"})
    assert client.get(reverse("rollout:collaboration-list")).status_code == 200


@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_a_project_lead_is_offered_but_not_forced_to_use_a_second_factor(
    world: World, client_for: Any
) -> None:
    client = client_for("levanger_lead")
    assert client.get(reverse("rollout:collaboration-list")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


@override_settings(MFA_REQUIRED_FOR_STAFF=False)
def test_the_demo_setting_lets_ks_staff_in_without_a_second_factor(db: Any, client: Client) -> None:
    ks = OrganisationFactory(kind="ks", name="KS")
    user = UserFactory(email="demo.editor@ks.example.no")
    MembershipFactory(user=user, organisation=ks, role="ks_staff")
    client.force_login(user)
    assert client.get(reverse("rollout:collaboration-list")).status_code == 200


def _age_session(client: Client, *, started: int, seen: int) -> None:
    session = client.session
    session["_portal_session_started"] = started
    session["_portal_session_seen"] = seen
    session.save()


@pytest.mark.parametrize(
    ("started_ago", "seen_ago", "signed_in"),
    [
        (60, 60, True),  # active a minute ago
        (31 * 60, 31 * 60, False),  # idle for 31 minutes
        (11 * 3600, 29 * 60, True),  # 11 hours in, idle 29 minutes
        (12 * 3600 + 60, 60, False),  # over 12 hours in all, though active
    ],
)
def test_sessions_end_when_idle_or_too_old(
    world: World, client_for: Any, started_ago: int, seen_ago: int, signed_in: bool
) -> None:
    client = client_for("levanger_lead")
    client.get(reverse("portal:home"))
    now = int(time.time())
    _age_session(client, started=now - started_ago, seen=now - seen_ago)
    response = client.get(reverse("portal:home"))
    assert (response.status_code == 200) is signed_in
    if not signed_in:
        assert response["Location"].startswith(reverse("account_login"))


def test_the_admin_signs_in_through_the_portals_login(db: Any, client: Client) -> None:
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_a_session_opened_without_the_second_factor_is_ended(world: World, client: Client) -> None:
    # As if KS staff had signed in with the password alone (e.g. a password-only form).
    client.force_login(world.people["ks_editor"])
    response = client.get(reverse("rollout:collaboration-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_a_staff_token_without_a_second_factor_is_refused(db: Any) -> None:
    from rest_framework.authtoken.models import Token

    ks = OrganisationFactory(kind="ks", name="KS")
    user = UserFactory(email="token.editor@ks.example.no")
    MembershipFactory(user=user, organisation=ks, role="ks_staff")
    token = Token.objects.create(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(reverse("api:collaboration-list")).status_code == 403
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "X"})
    assert client.get(reverse("api:collaboration-list")).status_code == 200
