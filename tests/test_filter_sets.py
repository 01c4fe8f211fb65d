"""One filter set per list: the page, the API list and the CSV export of a list read the same
FilterSet from the app's filters.py, so a parameter one accepts, the others accept too, and the
API's schema documents it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import resolve, reverse

from tests.personas import World

pytestmark = pytest.mark.django_db

# The list page (and export) and the API list of each list that has both.
LISTS = [
    ("rollout:risk-list", "api:risk-list", "rollout.filters", "RiskFilterSet"),
    ("rollout:report-list", "api:status-report-list", "rollout.filters", "StatusReportFilterSet"),
    ("rollout:rollout-list", "api:rollout-list", "rollout.filters", "RolloutFilterSet"),
    (
        "procurement:commitment-list",
        "api:commitment-list",
        "procurement.filters",
        "CommitmentFilterSet",
    ),
]


@pytest.mark.parametrize(("page", "api", "module", "name"), LISTS)
def test_the_api_list_uses_the_apps_filter_set(page: str, api: str, module: str, name: str) -> None:
    import importlib

    shared = getattr(importlib.import_module(module), name)
    view = resolve(reverse(api)).func
    assert view.cls.filterset_class is shared  # type: ignore[attr-defined]
    # No second set of the same name anywhere in the API modules.
    import django_filters

    same_name = [
        c
        for c in _subclasses(django_filters.FilterSet)
        if c.__name__ == name and c.__module__.split(".")[0] == module.split(".")[0]
    ]
    assert same_name == [shared]


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def ids(response: Any) -> list[int]:
    return sorted(r["id"] for r in response.json()["results"])


def test_the_risk_api_reads_the_pages_collaboration_and_score(
    world: World, client_for: Any
) -> None:
    client = client_for("admin")
    url = reverse("api:risk-list")
    both = sorted([world["risk:levanger"].pk, world["risk:verdal"].pk])
    assert ids(client.get(url, {"collaboration": world["collab:central"].pk})) == both
    assert ids(client.get(url, {"collaboration": world["collab:other"].pk})) == []
    assert ids(client.get(url, {"min_score": 25})) == []
    assert client.get(url, {"min_score": 26}).status_code == 400


def test_the_rollout_api_reads_the_pages_organisation_search(world: World, client_for: Any) -> None:
    response = client_for("admin").get(reverse("api:rollout-list"), {"q": "levang"})
    assert ids(response) == [world["rollout:levanger"].pk]


def test_the_risk_page_reads_the_apis_rollout(world: World, client_for: Any) -> None:
    response = client_for("admin").get(
        reverse("rollout:risk-list"), {"rollout": world["rollout:verdal"].pk}
    )
    assert [r.pk for r in response.context["object_list"]] == [world["risk:verdal"].pk]
    # The parameter rides along in the form, hidden, so filtering further keeps it.
    assert f'name="rollout" value="{world["rollout:verdal"].pk}"' in response.content.decode()


def test_the_rollout_page_reads_the_apis_wave_and_stage(world: World, client_for: Any) -> None:
    client = client_for("admin")
    url = reverse("rollout:rollout-list")
    wave = world["wave:other"]
    response = client.get(url, {"wave": wave.pk})
    assert [r.pk for r in response.context["object_list"]] == [world["rollout:other"].pk]
    stage = world["rollout:other"].status
    response = client.get(url, {"wave": wave.pk, "stage": stage})
    assert [r.pk for r in response.context["object_list"]] == [world["rollout:other"].pk]


def test_the_commitment_export_reads_the_apis_rollout(world: World, client_for: Any) -> None:
    client = client_for("admin")
    rollout = world["rollout:verdal"]
    page = client.get(reverse("procurement:commitment-list"), {"rollout": rollout.pk})
    assert {c.rollout_id for c in page.context["object_list"]} == {rollout.pk}
    export = client.get(reverse("procurement:commitment-export"), {"rollout": rollout.pk})
    text = export.content.decode("utf-8-sig")
    assert "Verdal" in text
    assert "Levanger" not in text


def test_the_schema_documents_the_union(client_for: Any) -> None:
    schema = client_for("admin").get(reverse("api:schema"), {"format": "json"}).json()

    def parameters(path: str) -> set[str]:
        return {p["name"] for p in schema["paths"][path]["get"]["parameters"]}

    assert {"collaboration", "status", "min_score", "rollout"} <= parameters("/api/v1/risks/")
    assert {"collaboration", "state", "rollout"} <= parameters("/api/v1/status-reports/")
    assert {"collaboration", "status", "stage", "wave", "q"} <= parameters("/api/v1/rollouts/")
    assert {"supplier", "status", "rollout"} <= parameters("/api/v1/commitments/")


def test_the_article_page_and_the_api_read_one_filter_set(client_for: Any) -> None:
    from knowledge.filters import ArticleFilterSet

    view = resolve(reverse("api:article-list")).func
    assert view.cls.filterset_class is ArticleFilterSet  # type: ignore[attr-defined]
    response = client_for("supplier_a").get(reverse("knowledge:article-list"))
    assert isinstance(response.context["filter"], ArticleFilterSet)


def test_the_article_page_reads_the_apis_topic_name(world: World, client_for: Any) -> None:
    from knowledge.models import Article, ArticleStatus, Topic

    topic = Topic.objects.create(name="Opplæring")
    article = Article.objects.filter(status=ArticleStatus.PUBLISHED).first()
    assert article is not None
    article.topics.set([topic])
    client = client_for("admin")
    page = client.get(reverse("knowledge:article-list"), {"topic": "Opplæring"})
    api = client.get(reverse("api:article-list"), {"topic": "Opplæring"})
    assert [a.pk for a in page.context["object_list"]] == [article.pk]
    assert ids(api) == [article.pk]
    # The page's select offers the topics by the name the API documents.
    assert '<option value="Opplæring" selected>' in page.content.decode()


def test_the_schema_types_the_risk_score(client_for: Any) -> None:
    schema = client_for("admin").get(reverse("api:schema"), {"format": "json"}).json()
    (score,) = [
        p
        for p in schema["paths"]["/api/v1/risks/"]["get"]["parameters"]
        if p["name"] == "min_score"
    ]
    assert {"type": "number", "minimum": 0, "maximum": 25} in score["schema"].get(
        "anyOf", [score["schema"]]
    )
