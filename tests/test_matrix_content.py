"""The permission matrix's content check and its valid bodies can fail: a leaked name, link,
choice or id is reported, and a valid body writes for the persona allowed to write."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from django.urls import reverse

from rollout.models import Risk
from tests.matrix import read_matrix
from tests.matrix.bodies import body_for
from tests.matrix.content import forbidden_for, leaks
from tests.personas import World

ROWS = read_matrix()


def _hidden_from(world: World, persona: str) -> Any:
    return forbidden_for(world.people[persona], ROWS)


def test_a_leaked_name_is_reported(world: World) -> None:
    hidden = _hidden_from(world, "steering_other")
    page = HttpResponse("<p>Helseplattformen Zq-Midt</p>", content_type="text/html")
    found = leaks(page, hidden, url_name="portal:home")
    assert found == [f"name of collab #{world['collab:central'].pk}: 'Helseplattformen Zq-Midt'"]
    # Their own collaboration is no leak.
    assert leaks(HttpResponse("<p>Zq-Sørvest</p>"), hidden, url_name="portal:home") == []


def test_a_leaked_link_choice_and_id_are_reported(world: World) -> None:
    hidden = _hidden_from(world, "steering_other")
    rollout, wave = world["rollout:levanger"], world["wave:central"]
    page = HttpResponse(
        f'<a href="{reverse("rollout:rollout-detail", kwargs={"pk": rollout.pk})}">x</a>'
        f'<select name="wave"><option value="{wave.pk}">x</option></select>'
    )
    found = leaks(page, hidden, url_name="portal:home")
    assert f"URL of rollout #{rollout.pk}: '/innforinger/{rollout.pk}/'" in found
    assert f'choice wave="{wave.pk}", a hidden wave' in found
    data = {"results": [{"id": rollout.pk, "wave": wave.pk}]}
    answer = HttpResponse(json.dumps(data), content_type="application/json")
    found = leaks(answer, hidden, url_name="api:rollout-list", kind="rollout")
    assert found == [
        f'JSON "wave": {wave.pk}, a hidden wave',
        f"JSON id {rollout.pk} of a hidden rollout",
    ]


def test_a_leak_in_an_export_is_reported(world: World) -> None:
    """CSV and ICS are read too; a municipality the persona has no reason to know is named."""
    hidden = _hidden_from(world, "steering_other")
    export = HttpResponse("Verdal;2026-10-05\r\n", content_type="text/csv; charset=utf-8")
    found = leaks(export, hidden, url_name="procurement:commitment-export")
    assert found == [f"name of organisation #{world['org:verdal'].pk}: 'Verdal'"]
    feed = HttpResponse("SUMMARY:Få superbrukere\r\n", content_type="text/calendar")
    found = leaks(feed, hidden, url_name="knowledge:meeting-calendar")
    assert found == [f"name of risk #{world['risk:levanger'].pk}: 'Få superbrukere'"]


def test_a_real_page_shown_to_the_wrong_persona_fails_the_check(
    world: World, client_for: Any
) -> None:
    """Levanger's rollout page, as its lead sees it, leaks plenty if shown to another
    collaboration's steering member; shown to its own lead, nothing."""
    url = reverse("rollout:rollout-detail", kwargs={"pk": world["rollout:levanger"].pk})
    response = client_for("levanger_lead").get(url)
    assert response.status_code == 200
    found = leaks(response, _hidden_from(world, "steering_other"), url_name="x", requested=url)
    central = world["collab:central"].pk
    assert f"name of collab #{central}: 'Helseplattformen Zq-Midt'" in found
    assert any(item.startswith("name of risk") for item in found)
    own = leaks(response, _hidden_from(world, "levanger_lead"), url_name="x", requested=url)
    assert own == []


def test_a_valid_body_writes_for_the_lead_and_is_refused_for_another(
    world: World, client_for: Any
) -> None:
    rollout = world["rollout:levanger"]
    url = reverse("rollout:risk-create", kwargs={"pk": rollout.pk})
    body = body_for("rollout:risk-create", world, rollout)
    assert body is not None
    assert client_for("verdal_lead").post(url, body).status_code == 403
    assert not Risk.objects.filter(title="Matriserisiko").exists()
    assert client_for("levanger_lead").post(url, body).status_code == 302
    assert Risk.objects.get(title="Matriserisiko").rollout == rollout


def test_a_valid_api_body_writes_for_the_lead_and_is_refused_for_another(
    world: World, client_for: Any
) -> None:
    body = json.dumps(body_for("api:risk-list", world, None))
    url = reverse("api:risk-list")
    refused = client_for("verdal_lead").post(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert not Risk.objects.filter(title="Matriserisiko").exists()
    created = client_for("levanger_lead").post(url, body, content_type="application/json")
    assert created.status_code == 201
    assert Risk.objects.get(title="Matriserisiko").rollout == world["rollout:levanger"]
