"""Rollout never depends on knowledge or procurement: its templates load none of their tag
libraries, and the milestone page shows the panels the site registers (the lessons learned
at the step) and renders without them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.template.backends.django import get_installed_libraries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.site.panels import lessons_panel
from rollout.panels import (
    milestone_panels,
    register_milestone_panel,
    unregister_milestone_panel,
)
from tests.personas import World

ROLLOUT_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "rollout"
LOAD = re.compile(r"{%\s*load\s+(.*?)\s*%}", re.S)
OTHER_APPS = ("knowledge", "procurement")

# Pinned: the milestone page with the site's lessons panel (one query for the lessons), and
# one query fewer without it.
MILESTONE_QUERIES = 7


def _loaded_libraries(source: str) -> set[str]:
    names: set[str] = set()
    for match in LOAD.finditer(source):
        words = match.group(1).split()
        # {% load a b %} loads libraries a and b; {% load x y from lib %} loads from lib.
        names.update(words[words.index("from") + 1 :] if "from" in words else words)
    return names


def test_no_rollout_template_loads_a_tag_library_of_knowledge_or_procurement() -> None:
    libraries = get_installed_libraries()
    templates = sorted(ROLLOUT_TEMPLATES.rglob("*.html"))
    assert templates
    offending = []
    for path in templates:
        for name in _loaded_libraries(path.read_text(encoding="utf-8")):
            module = libraries.get(name, "")
            if module.startswith(OTHER_APPS) or name.startswith(OTHER_APPS):
                offending.append(f"{path.relative_to(ROLLOUT_TEMPLATES)}: {name}")
    assert offending == []


def test_the_load_check_sees_a_knowledge_library() -> None:
    """The check above can fail: it sees a library from another app, also with `from`."""
    assert _loaded_libraries("{% load i18n knowledge_tags %}") == {"i18n", "knowledge_tags"}
    assert _loaded_libraries("{% load lessons_for from procurement_tags %}") == {"procurement_tags"}


def test_the_site_registers_the_lessons_panel() -> None:
    assert lessons_panel in milestone_panels()
    register_milestone_panel(lessons_panel)  # registering again adds nothing
    assert milestone_panels().count(lessons_panel) == 1


@pytest.fixture
def without_site_panels() -> Iterator[None]:
    registered = milestone_panels()
    for provider in registered:
        unregister_milestone_panel(provider)
    yield
    for provider in registered:
        register_milestone_panel(provider)


def _page(client: Any, url: str) -> tuple[str, int]:
    """The page and its number of queries, measured on a second visit (the first one fills
    the content-type cache and the session, which would depend on the order of the tests)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_the_milestone_page_shows_the_lessons_panel(world: World, client_for: Any) -> None:
    url = reverse("rollout:milestone-detail", args=[world["milestone:levanger"].pk])
    page, queries = _page(client_for("levanger_lead"), url)
    assert 'id="lessons-heading"' in page
    assert queries == MILESTONE_QUERIES


def test_the_milestone_page_renders_without_the_site_panel(
    world: World, client_for: Any, without_site_panels: None
) -> None:
    url = reverse("rollout:milestone-detail", args=[world["milestone:levanger"].pk])
    page, queries = _page(client_for("levanger_lead"), url)
    assert 'id="lessons-heading"' not in page
    assert 'id="history-heading"' in page
    assert queries == MILESTONE_QUERIES - 1


def test_a_panel_gets_the_milestone_and_the_viewer_and_may_show_nothing(
    world: World, client_for: Any, without_site_panels: None
) -> None:
    seen: list[tuple[Any, Any]] = []

    def nothing(milestone: Any, user: Any) -> None:
        seen.append((milestone, user))
        return None

    register_milestone_panel(nothing)
    milestone = world["milestone:levanger"]
    url = reverse("rollout:milestone-detail", args=[milestone.pk])
    page, _queries = _page(client_for("levanger_lead"), url)
    unregister_milestone_panel(nothing)
    assert 'id="lessons-heading"' not in page
    assert seen
    assert {(m.pk, u.pk) for m, u in seen} == {(milestone.pk, world.people["levanger_lead"].pk)}
