"""A page's number of queries does not grow with the data: pinned for the list pages and the
rollout page, and unchanged when the data grows tenfold."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rollout.models import Participation
from rollout.services import plan, reports, risks
from tests.factories import OrganisationFactory
from tests.personas import World

# (URL name, object key, persona, queries). Pinned: a change here must be on purpose.
# The rollout pages have one query more for the rollouts' status (one for any number).
PAGES = [
    ("rollout:rollout-list", "", "levanger_lead", 7),
    ("rollout:report-list", "", "levanger_lead", 6),
    ("rollout:risk-list", "", "levanger_lead", 6),
    ("rollout:collaboration-detail", "collab:central", "steering_central", 14),
    ("rollout:wave-detail", "wave:central", "steering_central", 9),
    ("rollout:rollout-detail", "rollout:levanger", "levanger_lead", 14),
    ("rollout:rollout-detail", "rollout:levanger", "steering_central", 14),
]


def _grow(world: World, factor: int) -> None:
    """Ten times the rollouts, reports and risks in the central collaboration, and ten times
    the progress, reports and risks of Levanger's rollout."""
    central = world["collab:central"]
    wave = world["wave:central"]
    lead = world.people["levanger_lead"]
    levanger = world["rollout:levanger"]
    for i in range(factor):
        org = OrganisationFactory(name=f"Vekstkommune {i}")
        Participation.objects.create(collaboration=central, organisation=org)
        rollout = plan.create_rollout(by=None, collaboration=central, organisation=org, wave=wave)
        rollout.status_reports.create(period=date(2026, 9, 1), summary="x", created_by=lead)
        rollout.risks.create(title=f"Risiko {i}", probability=2, impact=2, owner="x")
        risks.create_risk(
            by=lead,
            rollout=levanger,
            title=f"Egen risiko {i}",
            probability=3,
            impact=3,
            owner="Prosjektleder",
        )
        reports.create_report(
            by=lead, rollout=levanger, period=date(2020 + i, 1, 1), summary=f"Rapport {i}"
        )
        plan.log_progress(by=lead, rollout=levanger, text=f"Fremdrift {i}")


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url_name", "key", "persona", "expected"), PAGES, ids=[f"{p[0]}-{p[2]}" for p in PAGES]
)
def test_queries_are_pinned_and_do_not_grow(
    world: World, client_for: Any, url_name: str, key: str, persona: str, expected: int
) -> None:
    url = reverse(url_name, args=[world[key].pk]) if key else reverse(url_name)
    client = client_for(persona)
    client.get(url)  # warm the session and content-type caches
    before = _count(client, url)
    _grow(world, 9)
    after = _count(client, url)
    assert (before, after) == (expected, expected)
