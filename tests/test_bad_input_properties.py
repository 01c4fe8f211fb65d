"""Property-based tests of the API's date and number inputs: whatever date (year 1 to 9999)
or integer (far beyond 64 bits) a client sends, the answer is never a 500. A date outside
2000–2100 or a number beyond its column is a 400 naming the field; anything else is a 2xx or
a 400 naming a field (the services' own rules).

The examples are bounded and derandomised, so a run takes seconds and fails the same way
every time."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal import bounds
from tests.personas import World

JSON = "application/json"

BOUNDED = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

EDGES = [
    0,
    -1,
    1,
    bounds.SMALL_MAX,
    bounds.SMALL_MAX + 1,
    bounds.INTEGER_MAX,
    bounds.INTEGER_MAX + 1,
    2**63 - 1,
    2**63,
    -(2**63) - 1,
]
ANY_INTEGER = st.one_of(st.sampled_from(EDGES), st.integers(min_value=-(2**80), max_value=2**80))
DATE_EDGES = [
    date.min,
    date.max,
    bounds.EARLIEST_DATE,
    bounds.LATEST_DATE,
    date(1999, 12, 31),
    date(2101, 1, 1),
    date(9999, 11, 6),
    date(1, 1, 6),
]
ANY_DATE = st.one_of(st.sampled_from(DATE_EDGES), st.dates())


def in_range(day: date) -> bool:
    return bounds.EARLIEST_DATE <= day <= bounds.LATEST_DATE


def check(response: Any, field: str, *, refused: bool) -> None:
    """Never a 500; a refused value is a 400 naming ``field``; otherwise a 2xx, or a 400 that
    names some field."""
    assert response.status_code < 500, response.content
    if refused:
        assert response.status_code == 400, response.content
        assert field in response.json(), response.content
    elif response.status_code >= 400:
        assert response.status_code == 400, response.content
        assert isinstance(response.json(), dict) and response.json(), response.content


def patch_read(client: Any, url: str, data: dict[str, Any]) -> Any:
    etag = client.get(url)["ETag"]
    return client.patch(url, data, content_type=JSON, headers={"If-Match": etag})


# --- Numbers --------------------------------------------------------------------------------


@BOUNDED
@given(
    field=st.sampled_from(
        ["end_users_to_train", "end_users_trained", "super_users", "instructors_certified"]
    ),
    value=ANY_INTEGER,
)
def test_any_training_figure(world: World, client_for: Any, field: str, value: int) -> None:
    url = reverse("api:rollout-detail", args=[world["rollout:levanger"].pk])
    response = patch_read(client_for("levanger_lead"), url, {field: value})
    check(response, field, refused=not 0 <= value <= bounds.INTEGER_MAX)


@BOUNDED
@given(implementations=ANY_INTEGER, go_lives=ANY_INTEGER, every=ANY_INTEGER, first_week=ANY_DATE)
def test_any_capacity(
    world: World,
    client_for: Any,
    implementations: int,
    go_lives: int,
    every: int,
    first_week: date,
) -> None:
    response = client_for("supplier_a").post(
        reverse("api:capacity-list"),
        {
            "supplier": world["org:supplier_a"].pk,
            "first_week": first_week.isoformat(),
            "implementations": implementations,
            "go_lives": go_lives,
            "every": every,
        },
        content_type=JSON,
    )
    assert response.status_code < 500, response.content
    if not 0 <= implementations <= bounds.SMALL_MAX:
        check(response, "implementations", refused=True)
    if not 0 <= go_lives <= bounds.SMALL_MAX:
        check(response, "go_lives", refused=True)
    if not 1 <= every <= 52:
        check(response, "every", refused=True)
    if not in_range(first_week):
        check(response, "first_week", refused=True)


@BOUNDED
@given(start=ANY_DATE, weeks=ANY_INTEGER)
def test_any_load_query(client_for: Any, start: date, weeks: int) -> None:
    response = client_for("ks_editor").get(
        reverse("api:load"), {"start": start.isoformat(), "weeks": weeks}
    )
    assert response.status_code < 500, response.content
    if not in_range(start):
        check(response, "start", refused=True)
    if not 1 <= weeks <= 260:
        check(response, "weeks", refused=True)
    if in_range(start) and 1 <= weeks <= 260:
        assert response.status_code == 200
        assert len(response.json()["weeks"]) == weeks


@BOUNDED
@given(
    name=st.sampled_from(["rollout", "milestone", "status-report", "risk", "commitment"]),
    field=st.sampled_from(["rollout", "wave", "supplier", "collaboration"]),
    value=ANY_INTEGER,
)
def test_any_id_in_a_list_filter(client_for: Any, name: str, field: str, value: int) -> None:
    response = client_for("ks_editor").get(reverse(f"api:{name}-list"), {field: value})
    assert response.status_code < 500, response.content
    if response.status_code == 400:
        assert field in response.json()
    if not 1 <= value <= bounds.ID_MAX and field in FILTERED_BY[name]:
        check(response, field, refused=True)


FILTERED_BY = {
    "rollout": {"collaboration", "wave"},
    "milestone": {"rollout"},
    "status-report": {"rollout"},
    "risk": {"rollout"},
    "commitment": {"rollout", "supplier"},
}


@BOUNDED
@given(
    name=st.sampled_from(["status-report", "risk", "progress-entry"]),
    rollout=ANY_INTEGER,
)
def test_any_rollout_id_in_a_new_object(
    world: World, client_for: Any, name: str, rollout: int
) -> None:
    body = {"rollout": rollout, "period": "2027-01-01", "title": "x", "text": "x"}
    body.update(probability=1, impact=1)
    response = client_for("levanger_lead").post(
        reverse(f"api:{name}-list"), body, content_type=JSON
    )
    check(response, "rollout", refused=rollout != world["rollout:levanger"].pk)


# --- Dates ----------------------------------------------------------------------------------


@BOUNDED
@given(go_live=ANY_DATE)
def test_any_go_live(world: World, client_for: Any, go_live: date) -> None:
    url = reverse("api:wave-detail", args=[world["wave:central"].pk])
    response = patch_read(client_for("steering_central"), url, {"go_live": go_live.isoformat()})
    check(response, "go_live", refused=not in_range(go_live))


@BOUNDED
@given(field=st.sampled_from(["completed_on", "own_due"]), day=ANY_DATE)
def test_any_milestone_date(world: World, client_for: Any, field: str, day: date) -> None:
    url = reverse("api:milestone-detail", args=[world["milestone:levanger"].pk])
    data = {field: day.isoformat()}
    if field == "own_due":
        data["own_due_reason"] = "Egen frist."
    response = patch_read(client_for("levanger_lead"), url, data)
    check(response, field, refused=not in_range(day))


@BOUNDED
@given(period=ANY_DATE)
def test_any_report_period(world: World, client_for: Any, period: date) -> None:
    response = client_for("levanger_lead").post(
        reverse("api:status-report-list"),
        {"rollout": world["rollout:levanger"].pk, "period": period.isoformat(), "summary": "x"},
        content_type=JSON,
    )
    check(response, "period", refused=not in_range(period))
    if response.status_code == 201:
        # Every view of the new report works.
        report = response.json()["id"]
        lead = client_for("levanger_lead")
        assert lead.get(reverse("api:status-report-detail", args=[report])).status_code == 200
        assert lead.get(reverse("rollout:report-detail", args=[report])).status_code == 200


@BOUNDED
@given(start_on=ANY_DATE)
def test_any_commitment_start(world: World, client_for: Any, start_on: date) -> None:
    response = client_for("levanger_lead").post(
        reverse("api:commitment-list"),
        {
            "rollout": world["rollout:levanger"].pk,
            "supplier": world["org:supplier_b"].pk,
            "start_on": start_on.isoformat(),
        },
        content_type=JSON,
    )
    check(response, "start_on", refused=not in_range(start_on))


@BOUNDED
@given(week_from=ANY_DATE, week_to=ANY_DATE)
def test_any_capacity_filter(client_for: Any, week_from: date, week_to: date) -> None:
    response = client_for("ks_editor").get(
        reverse("api:capacity-list"),
        {"week_from": week_from.isoformat(), "week_to": week_to.isoformat()},
    )
    if not in_range(week_from):
        check(response, "week_from", refused=True)
    elif not in_range(week_to):
        check(response, "week_to", refused=True)
    else:
        assert response.status_code == 200
