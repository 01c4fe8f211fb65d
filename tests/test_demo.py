"""The demo: one account per role, each lands on its home page, loading twice changes nothing."""

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse

from portal.models import Membership, Organisation, Role, User
from portal.site.demo import DEMO_ACCOUNTS, HELSEPLATTFORMEN
from rollout.models import Collaboration


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.DEBUG = True
    call_command("load_demo")


def test_loading_the_demo_twice_changes_nothing(demo: None) -> None:
    counts = (
        User.objects.count(),
        Membership.objects.count(),
        Organisation.objects.count(),
        Collaboration.objects.count(),
    )
    call_command("load_demo")
    assert counts == (
        User.objects.count(),
        Membership.objects.count(),
        Organisation.objects.count(),
        Collaboration.objects.count(),
    )


def test_there_is_a_demo_account_for_every_role(demo: None) -> None:
    roles = {a.role for a in DEMO_ACCOUNTS if a.role}
    assert roles == set(Role.values)
    central = Collaboration.objects.get(name=HELSEPLATTFORMEN)
    assert central.steering_members.filter(user__email="styringsgruppe@demo.no").exists()
    # Os in Innlandet belongs to the collaboration though it lies outside Helse Midt-Norge.
    assert central.participants.filter(municipality_number="3430").exists()


@override_settings(MFA_REQUIRED_FOR_STAFF=False)
@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=[a.email for a in DEMO_ACCOUNTS])
def test_every_demo_account_signs_in_and_lands_on_its_home_page(demo: None, account: Any) -> None:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": account.email, "password": "demo"}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert response.context["home"].tasks or response.context["home"].sections


def test_the_demo_is_refused_in_production_mode(db: Any, settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not User.objects.filter(email__endswith="@demo.no").exists()
