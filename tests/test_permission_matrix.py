"""Every page and endpoint, for every persona: the status (and count) the matrix expects, and
no name or id of an object the persona may not see (``tests/matrix/content.py``)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from tests.matrix import own_url_names, read_matrix, urls_without_rows
from tests.matrix.bodies import body_for
from tests.matrix.content import Forbidden, api_kind, forbidden_for, leaks
from tests.personas import World

ROWS = read_matrix()

# Leaks the content check finds that are being fixed elsewhere: row id → reason, marked as
# strict expected failures (a row fails once it passes: remove its entry with the fix). Empty
# now: the leaks of issue 8 item 1 it found (a draft report shown outside its organisation, the
# supplier load page, procurement participants and schedule entries, the article filter) are
# fixed.
KNOWN_LEAKS: dict[str, str] = {}


@pytest.fixture
def world(matrix_world: World, db: Any) -> World:
    """The matrix reads one world built once for the module (see ``module_world``)."""
    return matrix_world


@pytest.fixture(scope="module")
def forbidden_cache() -> dict[str, Forbidden]:
    return {}


@pytest.fixture
def forbidden(world: World, forbidden_cache: dict[str, Forbidden]) -> Any:
    """``forbidden("verdal_lead")``: what that persona must not be shown, built once a module."""

    def get(persona: str) -> Forbidden:
        if persona not in forbidden_cache:
            forbidden_cache[persona] = forbidden_for(world.people[persona], ROWS)
        return forbidden_cache[persona]

    return get


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


# A 400 to a valid body is a refusal when it names only the object written to (one the persona
# cannot see or choose, answered as for one that does not exist) or the object's state.
_REFUSAL_FIELDS = {
    "organisation",
    "lead",
    "rollout",
    "collaboration",
    "non_field_errors",
    "__all__",
}


def _refused_fields(response: Any) -> set[str]:
    if response.get("Content-Type", "").startswith("application/json"):
        return set(response.json())
    form = (response.context or {}).get("form") if hasattr(response, "context") else None
    return set(form.errors) if form is not None else set()


def _param(row: Any) -> Any:
    if row.id in KNOWN_LEAKS:
        return pytest.param(
            row, id=row.id, marks=pytest.mark.xfail(strict=True, reason=KNOWN_LEAKS[row.id])
        )
    return pytest.param(row, id=row.id)


def _fresh(world: World, row: Any) -> Any:
    """The row's object as it is in the database now (its version may have moved on)."""
    if not row.object:
        return None
    obj = world[row.object]
    return type(obj)._default_manager.get(pk=obj.pk)


def _request(client: Any, world: World, row: Any, url: str) -> Any:
    if row.method == "GET":
        return client.get(url)
    obj = _fresh(world, row)
    body = body_for(row.url_name, world, obj)
    assert body is not None, f"no valid body for {row.method} {row.url_name}"
    if not row.url_name.startswith("api:"):
        return client.post(url, body)
    headers = {"HTTP_IF_MATCH": f'"{obj.version}"'} if hasattr(obj, "version") else {}
    return client.generic(
        row.method, url, json.dumps(body), content_type="application/json", **headers
    )


@pytest.mark.parametrize("row", [_param(r) for r in ROWS])
def test_matrix(row: Any, world: World, client_for: Any, forbidden: Any) -> None:
    hidden = forbidden(row.persona)
    client = client_for(row.persona)
    url = _url(world, row)
    response = _request(client, world, row, url)
    assert response.status_code == row.status, (
        f"{row.persona} {row.method} {url}: {response.status_code}, matrix says {row.status}"
    )
    if row.count is not None:
        assert _count(response) == row.count
    if row.method != "GET" and row.status == 400:
        assert _refused_fields(response) <= _REFUSAL_FIELDS, (
            f"{row.persona} {row.method} {url}: the body is invalid, not refused"
        )
    found = leaks(
        response, hidden, url_name=row.url_name, kind=api_kind(row.url_name), requested=url
    )
    assert found == [], f"{row.persona} {row.method} {url} shows what they may not see: {found}"


def test_every_write_has_a_valid_body(world: World) -> None:
    """A write of the matrix without a valid body would prove only that validation fails."""
    missing = {
        row.url_name
        for row in ROWS
        if row.method != "GET"
        and body_for(row.url_name, world, world[row.object] if row.object else None) is None
    }
    assert missing == set()


# Writes that no persona can make on the matrix's object, for a reason of its state.
_REFUSED_BY_STATE = {"rollout:template-edit": "a published methodology's templates never change"}
_SUCCESS = {200, 201, 204, 302}


def test_every_write_succeeds_for_someone() -> None:
    """Each valid body is valid: some persona's write of it succeeds, so another persona's
    refusal is the access check's."""
    writes = {row.url_name for row in ROWS if row.method != "GET"}
    succeeding = {
        row.url_name
        for row in ROWS
        # Anonymous is redirected to sign in (302), which is no success.
        if row.method != "GET" and row.status in _SUCCESS and row.persona != "anonymous"
    }
    assert writes - succeeding == set(_REFUSED_BY_STATE)


def test_lists_and_exports_are_in_the_matrix() -> None:
    """Every API list and every export (CSV, ICS) is requested, and so content-checked, for
    every persona."""
    wanted = {
        name for name in own_url_names() if name.startswith("api:") and name.endswith("-list")
    }
    for name in own_url_names():
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue
        if path.endswith((".csv", ".ics")) or name in ("api:commitment-calendar", "api:load"):
            wanted.add(name)
    assert {"procurement:commitment-export", "knowledge:meeting-calendar"} <= wanted
    covered = {row.url_name for row in ROWS if row.method == "GET"}
    assert wanted - covered == set()


def test_every_url_has_a_row() -> None:
    assert urls_without_rows() == set()


def test_a_url_without_a_row_fails_the_check() -> None:
    missing = urls_without_rows("tests.urls_with_unlisted_view")
    assert missing == {"page-without-matrix-row"}
