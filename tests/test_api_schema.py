"""The OpenAPI schema tells the truth: error answers, nullable fields, empty links, filters —
and the answers the schema fuzzer found wrong (tests/test_api_fuzz.py runs the fuzzer)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.personas import World

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def schema(world: World, client_for: Any) -> dict[str, Any]:
    response = client_for("levanger_lead").get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    return dict(response.json())


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_every_operation_documents_its_errors_in_the_one_format(schema: dict[str, Any]) -> None:
    responses = schema["components"]["responses"]
    assert responses["Error400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationError"
    }
    for status in ("401", "403", "404", "412", "428"):
        assert responses[f"Error{status}"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorDetail"
        }
    assert schema["components"]["schemas"]["ErrorDetail"]["required"] == ["detail"]
    for method, path, operation in operations(schema):
        where = f"{method.upper()} {path}"
        documented = operation["responses"]
        assert {"401", "403"} <= set(documented), where
        names = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
        if "{id}" in path or ("query", "page") in names:
            assert "404" in documented, where
        if method in ("post", "patch") or "requestBody" in operation:
            assert "400" in documented, where
        if method in ("put", "patch", "delete") or ("header", "If-Match") in names:
            assert {"412", "428"} <= set(documented), where


def test_every_update_documents_412_and_428(schema: dict[str, Any]) -> None:
    def body_of(response: dict[str, Any]) -> str:
        if "$ref" in response:
            name = response["$ref"].rsplit("/", 1)[-1]
            response = schema["components"]["responses"][name]
        return str(response["content"]["application/json"]["schema"]["$ref"])

    updates = [(m, p, o) for m, p, o in operations(schema) if m == "patch"]
    assert len(updates) >= 5
    for _method, path, operation in updates:
        for status in ("412", "428"):
            assert body_of(operation["responses"][status]).endswith("/ErrorDetail"), path
    step = schema["paths"]["/api/v1/commitments/{id}/step/"]["post"]["responses"]
    assert {"412", "428"} <= set(step)


def test_a_county_that_may_be_missing_is_nullable(schema: dict[str, Any]) -> None:
    county = schema["components"]["schemas"]["Organisation"]["properties"]["county"]
    assert county.get("nullable") is True


def test_a_value_read_through_a_nullable_relation_is_nullable() -> None:
    """Any serializer's field, not only those that say allow_null themselves."""
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework import serializers

    from portal.api_schema import PortalAutoSchema
    from rollout.models import ProgressEntry

    class EntrySerializer(serializers.ModelSerializer):
        by = serializers.CharField(source="created_by.get_full_name", read_only=True)
        rollout_of = serializers.CharField(source="rollout.organisation.name", read_only=True)

        class Meta:
            model = ProgressEntry
            fields = ["id", "by", "rollout_of"]

    auto_schema = PortalAutoSchema()
    auto_schema.registry = SchemaGenerator().registry
    auto_schema.method = "GET"
    fields = EntrySerializer().fields
    assert auto_schema._map_serializer_field(fields["by"], "response").get("nullable") is True
    rollout_of = auto_schema._map_serializer_field(fields["rollout_of"], "response")
    assert "nullable" not in rollout_of


def test_an_empty_link_is_not_declared_a_uri(schema: dict[str, Any]) -> None:
    link = schema["components"]["schemas"]["Meeting"]["properties"]["link"]
    assert link.get("format") != "uri"
    assert {"type": "string", "maxLength": 0} in link["anyOf"]
    assert {"type": "string", "format": "uri"} in link["anyOf"]


def test_a_blank_phase_of_an_article_is_in_its_enum(schema: dict[str, Any]) -> None:
    phase = schema["components"]["schemas"]["Article"]["properties"]["phase"]
    refs = [option["$ref"].rsplit("/", 1)[-1] for option in phase["oneOf"]]
    assert "" in schema["components"]["schemas"][refs[1]]["enum"]


def test_a_required_text_may_not_be_empty(schema: dict[str, Any]) -> None:
    title = schema["components"]["schemas"]["ArticleCreate"]["properties"]["title"]
    assert title["minLength"] == 1


def test_filters_allow_the_empty_value_they_ignore(
    schema: dict[str, Any], world: World, client_for: Any
) -> None:
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/capacity/"]["get"]["parameters"]
    }
    assert {"type": "string", "maxLength": 0} in parameters["week_from"]["anyOf"]
    assert {"type": "string", "maxLength": 0} in parameters["supplier"]["anyOf"]
    assert {"type": "string", "maxLength": 0} in parameters["page"]["anyOf"]
    response = client_for("levanger_lead").get(
        reverse("api:capacity-list"), {"week_from": "", "supplier": "", "page": ""}
    )
    assert response.status_code == 200


def test_an_id_filter_too_large_for_an_id_is_a_400_not_a_500(world: World, client_for: Any) -> None:
    client = client_for("levanger_lead")
    for url in (reverse("api:article-list"), reverse("api:risk-list")):
        for value in ("25435648418307440640", "-25435648418307440640"):
            field = "organisation" if "articles" in url else "rollout"
            response = client.get(url, {field: value})
            assert response.status_code == 400, (url, value)
            assert field in response.json()


def test_an_api_url_that_names_nothing_answers_404_in_json(world: World, client_for: Any) -> None:
    response = client_for("levanger_lead").post("/api/v1/status-reports/0.5/submit/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
    # The site's pages keep their own 404 page.
    page = client_for("levanger_lead").get("/finnes-ikke/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_mine_on_articles_is_true_or_false(world: World, client_for: Any) -> None:
    client = client_for("levanger_lead")
    assert client.get(reverse("api:article-list"), {"mine": "true"}).status_code == 200
    assert client.get(reverse("api:article-list"), {"mine": "1"}).status_code == 200
    assert client.get(reverse("api:article-list"), {"mine": ""}).status_code == 200
    response = client.get(reverse("api:article-list"), {"mine": "AAA"})
    assert response.status_code == 400
    assert "mine" in response.json()


def test_the_load_refuses_a_bad_number_of_weeks(world: World, client_for: Any) -> None:
    client = client_for("ks_editor")
    for weeks in ("0", "261", "null"):
        response = client.get(reverse("api:load"), {"weeks": weeks})
        assert response.status_code == 400, weeks
        assert "weeks" in response.json()
    response = client.get(reverse("api:load"), {"start": "", "weeks": ""})
    assert response.status_code == 200
    assert len(response.json()["weeks"]) == 26
