"""Every page and endpoint, for every persona: the status (and count) the matrix expects."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.matrix import read_matrix, urls_without_rows
from tests.personas import World

ROWS = read_matrix()


@pytest.fixture
def world(module_world: World, db: Any) -> World:
    """The matrix reads one world built once for the module (see ``module_world``)."""
    return module_world


# URLs that address their object by something other than its primary key.
_BY_TOKEN = {"portal:invitation-accept"}
# URLs with a second argument, taken from the world.
_EXTRA_KWARGS = {
    "rollout:rollout-methodology": lambda w: {"methodology_pk": w["methodology:default"].pk},
}


def _url(world: World, row: Any) -> str:
    if not row.object:
        return reverse(row.url_name)
    obj = world[row.object]
    if row.url_name in _BY_TOKEN:
        return reverse(row.url_name, kwargs={"token": obj.token})
    extra = _EXTRA_KWARGS.get(row.url_name, lambda w: {})(world)
    return reverse(row.url_name, kwargs={"pk": obj.pk, **extra})


def _count(response: Any) -> int:
    if response.get("Content-Type", "").startswith("application/json"):
        return int(response.json()["count"])
    return int(response.context["page_obj"].paginator.count)


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_matrix(row: Any, world: World, client_for: Any) -> None:
    client = client_for(row.persona)
    url = _url(world, row)
    # Writes to versioned objects require If-Match (428 without); "*" matches any version.
    if_match = {"If-Match": "*"}
    if row.method == "GET":
        response = client.get(url)
    elif row.method == "POST":
        response = client.post(url, {}, headers=if_match)
    else:
        response = client.generic(row.method, url, headers=if_match)
    assert response.status_code == row.status, (
        f"{row.persona} {row.method} {url}: {response.status_code}, matrix says {row.status}"
    )
    if row.count is not None:
        assert _count(response) == row.count


def test_every_url_has_a_row() -> None:
    assert urls_without_rows() == set()


def test_a_url_without_a_row_fails_the_check() -> None:
    missing = urls_without_rows("tests.urls_with_unlisted_view")
    assert missing == {"page-without-matrix-row"}
