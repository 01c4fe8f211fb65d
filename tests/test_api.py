"""The API: token and session authentication, the schema, and errors that name the field."""

from typing import Any

from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from portal.models import Invitation, Role
from tests.personas import World


def test_a_token_signs_in_to_the_api(world: World) -> None:
    token = Token.objects.create(user=world.people["levanger_lead"])
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(reverse("api:collaboration-list"))
    assert response.status_code == 200
    assert [c["name"] for c in response.json()["results"]] == ["Helseplattformen Zq-Midt"]


def test_a_bad_token_is_refused(world: World) -> None:
    client = Client(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(reverse("api:collaboration-list")).status_code == 401


def test_the_schema_describes_the_resources(world: World, client_for: Any) -> None:
    response = client_for("levanger_lead").get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Innføringsportalen API"
    for path in (
        "/api/v1/collaborations/",
        "/api/v1/organisations/",
        "/api/v1/invitations/",
        "/api/v1/me/",
    ):
        assert path in schema["paths"]


def test_the_docs_load_their_assets_from_the_portal_itself(world: World, client_for: Any) -> None:
    html = client_for("levanger_lead").get(reverse("api:docs")).content.decode()
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html


def test_ks_invites_through_the_api(world: World, client_for: Any) -> None:
    response = client_for("ks_editor").post(
        reverse("api:invitation-list"),
        {
            "email": "api@verdal.example.no",
            "organisation": world["org:verdal"].pk,
            "role": Role.PROJECT_LEAD,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Invitation.objects.filter(email="api@verdal.example.no").exists()


def test_a_bad_invitation_through_the_api_is_a_400_naming_the_field(
    world: World, client_for: Any
) -> None:
    response = client_for("ks_editor").post(
        reverse("api:invitation-list"),
        {
            "email": "api@supplier.example.no",
            "organisation": world["org:supplier_a"].pk,
            "role": Role.PROJECT_LEAD,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "role" in response.json()
    assert not Invitation.objects.filter(email="api@supplier.example.no").exists()


def test_me_lists_the_persons_memberships(world: World, client_for: Any) -> None:
    body = client_for("levanger_lead").get(reverse("api:me")).json()
    assert body["email"] == "lead@levanger.example.no"
    assert [m["role"] for m in body["memberships"]] == ["project_lead"]
    assert body["sees_everything"] is False


def test_api_messages_are_norwegian_unless_the_client_asks_for_english(
    world: World, client_for: Any
) -> None:
    client = client_for("outsider")
    url = reverse("api:invitation-list")
    assert "tilgang" in client.get(url).json()["detail"]
    english = client.get(url, headers={"Accept-Language": "en"}).json()["detail"]
    assert "permission" in english
