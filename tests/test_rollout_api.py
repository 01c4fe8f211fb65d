"""The rollout API: versioned writes with ETag and If-Match, the services' rules as HTTP answers,
constant query counts of the lists, and the schema."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.concurrency import ConcurrentEditError
from rollout.models import (
    GoDecision,
    Milestone,
    Participation,
    Risk,
    StatusReport,
    StatusReportState,
    Wave,
    WaveChangeRequest,
    WaveChangeStatus,
)
from rollout.services.methodology import new_version, publish
from rollout.services.plan import create_rollout, create_wave, update_milestone
from rollout.services.readiness import record_decision
from rollout.services.reports import create_report
from rollout.services.risks import create_risk
from tests.factories import OrganisationFactory
from tests.personas import World

JSON = "application/json"


def detail(name: str, obj: Any) -> str:
    return reverse(f"api:{name}-detail", kwargs={"pk": obj.pk})


READ = "the ETag the client reads first"


def patch(client: Any, url: str, data: dict[str, Any], if_match: str | None = READ) -> Any:
    """PATCH as a client does: with the ETag it read (``if_match=READ``), a given one, or none
    (``None``)."""
    # English messages, so the assertions below read the same as the code's msgids.
    headers = {"Accept-Language": "en"}
    if if_match == READ:
        if_match = client.get(url).get("ETag", '"1"')
    if if_match is not None:
        headers["If-Match"] = if_match
    return client.patch(url, data, content_type=JSON, headers=headers)


# --- Milestones: ETag and If-Match ----------------------------------------------------------


def test_levanger_lead_completes_a_milestone_with_the_right_if_match(
    world: World, client_for: Any
) -> None:
    # Given the Levanger lead has read a milestone of their plan
    client = client_for("levanger_lead")
    milestone = world["milestone:levanger"]
    read = client.get(detail("milestone", milestone))
    assert read.status_code == 200
    assert read["ETag"] == '"1"'
    assert read.json()["version"] == 1
    today = timezone.localdate()

    # When they complete it, sending back the ETag they read
    response = patch(
        client, detail("milestone", milestone), {"completed_on": today.isoformat()}, read["ETag"]
    )

    # Then it is completed and the ETag moved on
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    assert response.json()["completed_on"] == today.isoformat()
    assert response.json()["version"] == 2
    milestone.refresh_from_db()
    assert milestone.completed_on == today
    assert milestone.version == 2


def test_a_stale_if_match_gives_412_and_nothing_changes(world: World, client_for: Any) -> None:
    # Given the Levanger lead read version 1, and then someone else saved the milestone
    client = client_for("levanger_lead")
    milestone = world["milestone:levanger"]
    update_milestone(
        by=world.people["levanger_lead"], milestone=milestone, expected_version=1, note="Other"
    )
    assert milestone.version == 2

    # When they send their change with the version they read
    response = patch(
        client,
        detail("milestone", milestone),
        {"completed_on": timezone.localdate().isoformat(), "note": "Mine"},
        '"1"',
    )

    # Then they are told, and nothing is written
    assert response.status_code == 412
    assert "current version" in response.json()["detail"]
    milestone.refresh_from_db()
    assert (milestone.completed_on, milestone.note, milestone.version) == (None, "Other", 2)


def test_a_patch_without_if_match_gives_428_and_nothing_changes(
    world: World, client_for: Any
) -> None:
    # Given a milestone of Levanger's plan
    milestone = world["milestone:levanger"]

    # When the Levanger lead writes a note without If-Match
    response = patch(
        client_for("levanger_lead"), detail("milestone", milestone), {"note": "OK"}, None
    )

    # Then they are told to send it, in the API's error format, and nothing is written
    assert response.status_code == 428
    assert list(response.json()) == ["detail"]
    assert "If-Match" in response.json()["detail"]
    milestone.refresh_from_db()
    assert (milestone.note, milestone.version) == ("", 1)


def test_if_match_star_says_whatever_the_current_version_is(world: World, client_for: Any) -> None:
    # Given a milestone someone else already saved once
    milestone = world["milestone:levanger"]
    update_milestone(
        by=world.people["levanger_lead"], milestone=milestone, expected_version=1, note="Other"
    )

    # When the Levanger lead writes, knowingly over any version
    response = patch(
        client_for("levanger_lead"), detail("milestone", milestone), {"note": "OK"}, "*"
    )

    # Then it is saved
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"3"'


@pytest.mark.parametrize(
    ("name", "key", "body"),
    [
        ("wave", "wave:central", {"name": "Ny"}),
        ("rollout", "rollout:levanger", {"end_users_trained": 1}),
        ("milestone", "milestone:levanger", {"note": "x"}),
        ("status-report", "report:levanger", {"summary": "x"}),
        ("risk", "risk:levanger", {"title": "x"}),
        ("criterion", "criterion:levanger", {"note": "x"}),
    ],
)
def test_every_patch_without_if_match_gives_428(
    world: World, client_for: Any, name: str, key: str, body: dict[str, Any]
) -> None:
    persona = "steering_central" if name == "wave" else "levanger_lead"
    obj = world[key]
    response = patch(client_for(persona), detail(name, obj), body, None)
    assert response.status_code == 428, response.content
    version = obj.version
    obj.refresh_from_db()
    assert obj.version == version


def test_every_patch_route_of_the_api_is_listed_above() -> None:
    from portal.site.api_urls import router

    patched = sorted(
        basename
        for _prefix, viewset, basename in router.registry
        if hasattr(viewset, "partial_update")
        or hasattr(viewset, "update")
        or hasattr(viewset, "destroy")
    )
    assert patched == sorted(["wave", "rollout", "milestone", "status-report", "risk", "criterion"])


def test_a_concurrent_save_inside_the_service_gives_412(
    world: World, client_for: Any, monkeypatch: Any
) -> None:
    # Given someone saves the milestone between the API's read and the service's write
    def racing(**kwargs: Any) -> Milestone:
        raise ConcurrentEditError

    monkeypatch.setattr("rollout.services.plan.update_milestone", racing)

    # When the Levanger lead writes a note
    response = patch(
        client_for("levanger_lead"), detail("milestone", world["milestone:levanger"]), {"note": "x"}
    )

    # Then the answer is 412 with the service's message
    assert response.status_code == 412
    assert "Someone else saved this" in response.json()["detail"]


def test_verdal_lead_cannot_change_a_levanger_milestone_and_a_supplier_cannot_see_it(
    world: World, client_for: Any
) -> None:
    # Given a milestone of Levanger's plan
    milestone = world["milestone:levanger"]
    body = {"note": "Not mine"}

    # When the Verdal lead (who reads it) and supplier A (who does not) try to change it
    verdal = patch(client_for("verdal_lead"), detail("milestone", milestone), body, '"1"')
    supplier = patch(client_for("supplier_a"), detail("milestone", milestone), body, '"1"')

    # Then the Verdal lead is refused and the supplier is told it is not there
    assert verdal.status_code == 403
    assert supplier.status_code == 404
    milestone.refresh_from_db()
    assert (milestone.note, milestone.version) == ("", 1)


def test_an_own_due_date_needs_a_reason(world: World, client_for: Any) -> None:
    # Given a milestone of Levanger's plan
    milestone = world["milestone:levanger"]

    # When the Levanger lead gives it its own due date without a reason
    response = patch(
        client_for("levanger_lead"),
        detail("milestone", milestone),
        {"own_due": (milestone.due + timedelta(days=7)).isoformat()},
    )

    # Then the service's 400 names the reason
    assert response.status_code == 400
    assert "own_due_reason" in response.json()


# --- Status reports -------------------------------------------------------------------------


def test_submitting_a_report_without_if_match_gives_428(world: World, client_for: Any) -> None:
    report = world["report:levanger"]
    response = client_for("levanger_lead").post(
        reverse("api:status-report-submit", kwargs={"pk": report.pk})
    )
    assert response.status_code == 428
    report.refresh_from_db()
    assert report.state == StatusReportState.DRAFT


def test_a_submitted_report_cannot_be_patched(world: World, client_for: Any) -> None:
    # Given Verdal's submitted report
    report = world["report:verdal"]
    before = (report.summary, report.version)

    # When the Verdal lead tries to change it
    response = patch(
        client_for("verdal_lead"),
        detail("status-report", report),
        {"summary": "Changed afterwards"},
        f'"{report.version}"',
    )

    # Then it is a 400 that says why, and the report is unchanged
    assert response.status_code == 400
    assert "correction" in response.json()["non_field_errors"][0]
    report.refresh_from_db()
    assert (report.summary, report.version) == before


def test_levanger_lead_changes_and_submits_a_draft(world: World, client_for: Any) -> None:
    # Given Levanger's draft report
    client = client_for("levanger_lead")
    report = world["report:levanger"]

    # When the lead changes it and submits it, each time with the ETag they hold
    changed = patch(
        client, detail("status-report", report), {"overall": "amber", "summary": "Nesten."}, '"1"'
    )
    submitted = client.post(
        reverse("api:status-report-submit", kwargs={"pk": report.pk}),
        headers={"If-Match": changed["ETag"]},
    )

    # Then both are saved and the report is submitted
    assert changed.status_code == 200, changed.content
    assert changed["ETag"] == '"2"'
    assert submitted.status_code == 200, submitted.content
    assert submitted["ETag"] == '"3"'
    report.refresh_from_db()
    assert (report.overall, report.state) == ("amber", StatusReportState.SUBMITTED)


def test_submitting_with_a_stale_if_match_gives_412(world: World, client_for: Any) -> None:
    # Given Levanger's draft report at version 1
    report = world["report:levanger"]

    # When the lead submits it claiming an older version
    response = client_for("levanger_lead").post(
        reverse("api:status-report-submit", kwargs={"pk": report.pk}), headers={"If-Match": '"0"'}
    )

    # Then nothing is submitted
    assert response.status_code == 412
    report.refresh_from_db()
    assert report.state == StatusReportState.DRAFT


def test_correct_creates_revision_2_and_keeps_the_submitted_one(
    world: World, client_for: Any
) -> None:
    # Given Verdal's submitted report
    report = world["report:verdal"]

    # When the Verdal lead starts a correction
    response = client_for("verdal_lead").post(
        reverse("api:status-report-correct", kwargs={"pk": report.pk})
    )

    # Then a new draft revision answers, and the submitted one is kept as it was
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["revision"], body["state"], body["supersedes"]) == (2, "draft", report.pk)
    assert body["summary"] == report.summary
    assert response["ETag"] == '"1"'
    report.refresh_from_db()
    assert report.state == StatusReportState.SUBMITTED
    assert StatusReport.objects.filter(rollout=report.rollout, period=report.period).count() == 2


def test_levanger_lead_writes_a_report_through_the_api(world: World, client_for: Any) -> None:
    # Given the Levanger lead
    rollout = world["rollout:levanger"]

    # When they write November's report
    response = client_for("levanger_lead").post(
        reverse("api:status-report-list"),
        {"rollout": rollout.pk, "period": "2026-11-15", "summary": "Trening i gang."},
        content_type=JSON,
    )

    # Then a draft for the month is made
    assert response.status_code == 201, response.content
    assert response["ETag"] == '"1"'
    report = StatusReport.objects.get(pk=response.json()["id"])
    assert (report.period, report.state) == (date(2026, 11, 1), StatusReportState.DRAFT)


# --- Wave change requests -------------------------------------------------------------------


def test_steering_central_approves_a_wave_change_and_the_plan_moves(
    world: World, client_for: Any
) -> None:
    # Given Levanger's request to move from Pulje 1 to Pulje 2
    change = world["change:levanger"]
    rollout = world["rollout:levanger"]
    later = Wave.objects.get(collaboration=world["collab:central"], name="Pulje 2")
    shift = (later.go_live - world["wave:central"].go_live).days
    due_before = dict(rollout.milestones.values_list("pk", "due"))
    verdal_before = dict(world["rollout:verdal"].milestones.values_list("pk", "due"))

    # When the central steering group approves it
    response = client_for("steering_central").post(
        reverse("api:wave-change-request-decide", kwargs={"pk": change.pk}),
        {"approve": True, "reason": "Godkjent i styringsgruppemøtet."},
        content_type=JSON,
    )

    # Then Levanger is in Pulje 2 and each milestone moved by the difference between the waves
    assert response.status_code == 200, response.content
    assert response.json()["status"] == WaveChangeStatus.APPROVED
    rollout.refresh_from_db()
    assert rollout.wave_id == later.pk
    due_after = dict(rollout.milestones.values_list("pk", "due"))
    assert due_after == {pk: due + timedelta(days=shift) for pk, due in due_before.items()}
    assert dict(world["rollout:verdal"].milestones.values_list("pk", "due")) == verdal_before
    shown = client_for("levanger_lead").get(detail("rollout", rollout)).json()
    assert (shown["go_live"], shown["slip_days"]) == (later.go_live.isoformat(), shift)


def test_a_project_lead_cannot_decide_a_wave_change(world: World, client_for: Any) -> None:
    # Given Levanger's pending request
    change = world["change:levanger"]

    # When the Levanger lead tries to approve it themselves
    response = client_for("levanger_lead").post(
        reverse("api:wave-change-request-decide", kwargs={"pk": change.pk}),
        {"approve": True, "reason": "Selvbetjening."},
        content_type=JSON,
    )

    # Then they are refused and it still awaits the steering group
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.status == WaveChangeStatus.PENDING
    assert world["rollout:levanger"].wave_id == world["wave:central"].pk


def test_verdal_lead_asks_for_a_wave_change(world: World, client_for: Any) -> None:
    # Given Verdal in Pulje 1
    rollout = world["rollout:verdal"]
    later = Wave.objects.get(collaboration=world["collab:central"], name="Pulje 2")

    # When the Verdal lead asks to move to Pulje 2
    response = client_for("verdal_lead").post(
        reverse("api:wave-change-request-list"),
        {"rollout": rollout.pk, "to_wave": later.pk, "reason": "Ny journal i sykehjemmet."},
        content_type=JSON,
    )

    # Then a pending request from Pulje 1 is made
    assert response.status_code == 201, response.content
    request = WaveChangeRequest.objects.get(pk=response.json()["id"])
    assert (request.from_wave_id, request.status) == (world["wave:central"].pk, "pending")


# --- Waves ----------------------------------------------------------------------------------


def test_a_wave_on_constitution_day_needs_the_steering_groups_reason(
    world: World, client_for: Any
) -> None:
    # Given the central steering group plans a wave on 17 May
    client = client_for("steering_central")
    body = {
        "collaboration": world["collab:central"].pk,
        "name": "Pulje 3",
        "go_live": "2028-05-17",
    }

    # When they create it without a reason, then with one
    refused = client.post(reverse("api:wave-list"), body, content_type=JSON)
    accepted = client.post(
        reverse("api:wave-list"),
        {**body, "blackout_override_reason": "Leverandøren har bare denne helgen."},
        content_type=JSON,
    )

    # Then the first names the go-live, the second makes the wave
    assert refused.status_code == 400
    assert "go_live" in refused.json()
    assert accepted.status_code == 201, accepted.content
    assert accepted["ETag"] == '"1"'
    assert Wave.objects.filter(name="Pulje 3", go_live=date(2028, 5, 17)).count() == 1


def test_moving_a_waves_go_live_replans_its_rollouts(world: World, client_for: Any) -> None:
    # Given Pulje 1 with Levanger and Verdal
    wave = world["wave:central"]
    milestone = world["milestone:levanger"]
    new_go_live = wave.go_live + timedelta(days=14)

    # When the central steering group moves it two weeks with the ETag they read
    response = patch(
        client_for("steering_central"),
        detail("wave", wave),
        {"go_live": new_go_live.isoformat()},
        '"1"',
    )

    # Then the wave moved and the milestones with it
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    old_due = milestone.due
    milestone.refresh_from_db()
    assert milestone.due == old_due + timedelta(days=14)


def test_a_project_lead_cannot_change_a_wave(world: World, client_for: Any) -> None:
    # Given Pulje 1
    wave = world["wave:central"]

    # When the Levanger lead tries to rename it
    response = patch(client_for("levanger_lead"), detail("wave", wave), {"name": "Min pulje"})

    # Then they are refused
    assert response.status_code == 403
    wave.refresh_from_db()
    assert wave.name == "Pulje 1"


def test_waves_filter_by_collaboration_and_status(world: World, client_for: Any) -> None:
    # Given KS, who reads every wave
    client = client_for("ks_editor")

    # When they filter
    central = client.get(reverse("api:wave-list"), {"collaboration": world["collab:central"].pk})
    live = client.get(reverse("api:wave-list"), {"status": "live"})

    # Then only the matching waves are listed
    assert [w["name"] for w in central.json()["results"]] == ["Pulje 1", "Pulje 2"]
    assert live.json()["count"] == 0


# --- Go/no-go, risks, criteria --------------------------------------------------------------


def test_steering_central_records_a_go_decision_and_ks_cannot(
    world: World, client_for: Any
) -> None:
    # Given Levanger's rollout
    body = {
        "rollout": world["rollout:levanger"].pk,
        "decided_on": "2027-03-20",
        "decision": "go",
        "rationale": "Alle kriterier er oppfylt.",
    }

    # When the central steering group records its decision, and KS tries the same
    decided = client_for("steering_central").post(
        reverse("api:go-decision-list"), body, content_type=JSON
    )
    refused = client_for("ks_editor").post(reverse("api:go-decision-list"), body, content_type=JSON)

    # Then there is one decision, on the rollout's gate, which the Verdal lead reads
    assert decided.status_code == 201, decided.content
    assert refused.status_code == 403
    decision = GoDecision.objects.get(rollout=world["rollout:levanger"])
    assert decision.milestone is not None and decision.milestone.template.is_gate
    assert client_for("verdal_lead").get(detail("go-decision", decision)).status_code == 200
    assert client_for("steering_other").get(detail("go-decision", decision)).status_code == 404
    assert client_for("supplier_a").get(detail("go-decision", decision)).status_code == 404


def test_a_go_with_conditions_needs_the_conditions(world: World, client_for: Any) -> None:
    # When the central steering group decides go with conditions but states none
    response = client_for("steering_central").post(
        reverse("api:go-decision-list"),
        {
            "rollout": world["rollout:levanger"].pk,
            "decided_on": "2027-03-20",
            "decision": "go_with_conditions",
            "rationale": "Nesten klart.",
        },
        content_type=JSON,
    )

    # Then the 400 names the conditions
    assert response.status_code == 400
    assert "conditions" in response.json()
    assert not GoDecision.objects.filter(rollout=world["rollout:levanger"]).exists()


def test_a_risk_with_probability_6_is_refused(world: World, client_for: Any) -> None:
    # Given the Levanger lead records a risk
    before = Risk.objects.count()

    # When its probability is 6 on the 1–5 scale
    response = client_for("levanger_lead").post(
        reverse("api:risk-list"),
        {
            "rollout": world["rollout:levanger"].pk,
            "title": "Nettverket",
            "probability": 6,
            "impact": 3,
            "owner": "IKT",
        },
        content_type=JSON,
    )

    # Then the 400 names the probability and no risk is made
    assert response.status_code == 400
    assert "probability" in response.json()
    assert Risk.objects.count() == before


def test_levanger_lead_closes_a_risk(world: World, client_for: Any) -> None:
    # Given Levanger's open risk
    risk = world["risk:levanger"]

    # When the lead closes it
    response = patch(client_for("levanger_lead"), detail("risk", risk), {"status": "closed"}, '"1"')

    # Then it is closed, and filtering on closed risks finds it
    assert response.status_code == 200, response.content
    closed = client_for("levanger_lead").get(reverse("api:risk-list"), {"status": "closed"})
    assert [r["id"] for r in closed.json()["results"]] == [risk.pk]


def test_a_risk_cannot_move_to_another_rollout(world: World, client_for: Any) -> None:
    # When the Levanger lead tries to move Levanger's risk to Verdal's rollout
    risk = world["risk:levanger"]
    response = patch(
        client_for("levanger_lead"), detail("risk", risk), {"rollout": world["rollout:verdal"].pk}
    )

    # Then the rollout is left as it was
    assert response.status_code == 200
    risk.refresh_from_db()
    assert risk.rollout_id == world["rollout:levanger"].pk


def test_levanger_lead_records_evidence_on_a_criterion(world: World, client_for: Any) -> None:
    # Given a readiness criterion of Levanger's gate
    criterion = world["criterion:levanger"]

    # When the lead marks it met, with a link to the evidence
    response = patch(
        client_for("levanger_lead"),
        detail("criterion", criterion),
        {"status": "met", "evidence_link": "https://levanger.example.no/rapport.pdf"},
        '"1"',
    )

    # Then it is saved; a bad link is a 400 naming the field
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    bad = patch(
        client_for("levanger_lead"),
        detail("criterion", criterion),
        {"evidence_link": "not a link"},
        '"2"',
    )
    assert bad.status_code == 400
    assert "evidence_link" in bad.json()
    criterion.refresh_from_db()
    assert (criterion.status, criterion.version) == ("met", 2)


def test_the_methodology_lists_its_milestones_with_criteria(world: World, client_for: Any) -> None:
    # When supplier A reads the common methodology
    body = client_for("supplier_a").get(detail("methodology", world["methodology:default"])).json()

    # Then it has its 34 milestones in order, and the gate its 15 criteria
    assert len(body["milestones"]) == 34
    assert [m["order"] for m in body["milestones"]] == sorted(
        m["order"] for m in body["milestones"]
    )
    gates = [m for m in body["milestones"] if m["criteria"]]
    assert len(gates) == 1
    assert gates[0]["is_gate"] and len(gates[0]["criteria"]) == 15


def test_anonymous_gets_401_with_a_challenge(world: World, client_for: Any) -> None:
    response = client_for("anonymous").get(reverse("api:rollout-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


# --- Query counts ---------------------------------------------------------------------------

# The number of queries of each list for the Levanger lead: the session, the user, their
# memberships, the count and the page (and the prefetches of the methodology).
LIST_QUERIES = {
    "api:wave-list": 5,
    "api:rollout-list": 6,  # one for the statuses of the page's rollouts
    "api:milestone-list": 5,
    "api:status-report-list": 5,
    "api:risk-list": 5,
    "api:wave-change-request-list": 5,
    "api:go-decision-list": 5,
    "api:criterion-list": 5,
    "api:methodology-list": 7,
}


def grow(world: World) -> None:
    """More of everything the Levanger lead reads."""
    central = world["collab:central"]
    first, later = world["wave:central"], Wave.objects.get(collaboration=central, name="Pulje 2")
    lead, ks = world.people["levanger_lead"], world.people["ks_editor"]
    periods = [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1)]
    for i, period in enumerate(periods):
        create_wave(
            by=None, collaboration=central, name=f"Ekstra {i}", go_live=date(2028, 2, 5 + 7 * i)
        )
        org = OrganisationFactory(name=f"Ny kommune {i}")
        Participation.objects.create(collaboration=central, organisation=org)
        rollout = create_rollout(by=None, collaboration=central, organisation=org, wave=first)
        WaveChangeRequest.objects.create(
            rollout=rollout, from_wave=first, to_wave=later, reason="Mer tid."
        )
        record_decision(
            by=None, rollout=rollout, decided_on=date(2027, 3, 1), decision="go", rationale="Klar."
        )
        create_report(by=lead, rollout=world["rollout:levanger"], period=period, summary="Ok.")
        create_risk(
            by=lead,
            rollout=world["rollout:levanger"],
            title=f"Risiko {i}",
            probability=2,
            impact=2,
            owner="PL",
        )
    draft = new_version(by=ks, source=world["methodology:default"], notes="v2")
    publish(by=ks, methodology=draft)


def seed(world: World) -> None:
    """A go/no-go decision, so that every list the Levanger lead reads has a row."""
    record_decision(
        by=None,
        rollout=world["rollout:levanger"],
        decided_on=date(2027, 3, 20),
        decision="no_go",
        rationale="Opplæringen er ikke ferdig.",
    )


def _count_list(client: Any, url_name: str, queries: int, assert_num_queries: Any) -> int:
    url = reverse(url_name)
    client.get(url)  # the first request of a session writes it once
    with assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    return int(response.json()["count"])


@pytest.mark.parametrize("url_name", LIST_QUERIES)
def test_a_list_makes_a_fixed_number_of_queries(
    url_name: str, world: World, client_for: Any, django_assert_num_queries: Any
) -> None:
    seed(world)
    _count_list(
        client_for("levanger_lead"), url_name, LIST_QUERIES[url_name], django_assert_num_queries
    )


@pytest.mark.parametrize("url_name", LIST_QUERIES)
def test_a_list_makes_no_more_queries_as_data_grows(
    url_name: str, world: World, client_for: Any, django_assert_num_queries: Any
) -> None:
    # Given the Levanger lead's list, and then more rows in it
    seed(world)
    client = client_for("levanger_lead")
    before = _count_list(client, url_name, LIST_QUERIES[url_name], django_assert_num_queries)
    grow(world)

    # When they read it again, then it shows more rows with the same number of queries
    after = _count_list(client, url_name, LIST_QUERIES[url_name], django_assert_num_queries)
    assert after > before


# --- Schema ---------------------------------------------------------------------------------


def test_the_schema_has_every_rollout_path(world: World, client_for: Any) -> None:
    schema = client_for("levanger_lead").get(reverse("api:schema"), {"format": "json"}).json()
    for path in (
        "/api/v1/waves/",
        "/api/v1/waves/{id}/",
        "/api/v1/rollouts/",
        "/api/v1/rollouts/{id}/",
        "/api/v1/milestones/",
        "/api/v1/milestones/{id}/",
        "/api/v1/status-reports/",
        "/api/v1/status-reports/{id}/",
        "/api/v1/status-reports/{id}/submit/",
        "/api/v1/status-reports/{id}/correct/",
        "/api/v1/risks/",
        "/api/v1/risks/{id}/",
        "/api/v1/wave-change-requests/",
        "/api/v1/wave-change-requests/{id}/",
        "/api/v1/wave-change-requests/{id}/decide/",
        "/api/v1/go-decisions/",
        "/api/v1/go-decisions/{id}/",
        "/api/v1/criteria/",
        "/api/v1/criteria/{id}/",
        "/api/v1/methodologies/",
        "/api/v1/methodologies/{id}/",
    ):
        assert path in schema["paths"], path
    decide = schema["paths"]["/api/v1/wave-change-requests/{id}/decide/"]["post"]
    assert decide["requestBody"]["content"][JSON]["schema"]["$ref"].endswith("/Decide")
    patch_milestone = schema["paths"]["/api/v1/milestones/{id}/"]["patch"]
    assert "If-Match" in [p["name"] for p in patch_milestone["parameters"]]


def test_the_schema_says_every_update_requires_if_match(world: World, client_for: Any) -> None:
    schema = client_for("levanger_lead").get(reverse("api:schema"), {"format": "json"}).json()
    guarded = [
        (path, method, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in ("put", "patch", "delete")
        or path in ("/api/v1/status-reports/{id}/submit/", "/api/v1/commitments/{id}/step/")
    ]
    assert len(guarded) >= 8
    for path, method, operation in guarded:
        if_match = [p for p in operation["parameters"] if p["name"] == "If-Match"]
        assert if_match and if_match[0]["required"] is True, (method, path)
        for code in ("412", "428"):
            body = operation["responses"][code]["content"][JSON]["schema"]
            assert body["$ref"].endswith("/ErrorDetail"), (method, path, code)


def test_the_project_lead_updates_training_with_if_match(world: World, client_for: Any) -> None:
    rollout = world["rollout:levanger"]
    client = client_for("levanger_lead")
    etag = client.get(detail("rollout", rollout))["ETag"]
    response = patch(
        client,
        detail("rollout", rollout),
        {"end_users_trained": 450, "instructors_certified": 6},
        etag,
    )
    assert response.status_code == 200, response.content
    assert response.json()["training_percent"] == 50
    stale = patch(client, detail("rollout", rollout), {"end_users_trained": 10}, etag)
    assert stale.status_code == 412
    too_many = patch(client, detail("rollout", rollout), {"end_users_trained": 5000})
    assert too_many.status_code == 400
    assert "end_users_trained" in too_many.json()
    rollout.refresh_from_db()
    assert (rollout.end_users_trained, rollout.instructors_certified) == (450, 6)


def test_the_project_lead_logs_progress_through_the_api(world: World, client_for: Any) -> None:
    milestone = world["milestone:levanger"]
    response = client_for("levanger_lead").post(
        reverse("api:progress-entry-list"),
        {"rollout": milestone.rollout_id, "milestone": milestone.pk, "text": "Vedtak fattet."},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    assert milestone.progress.get().text == "Vedtak fattet."
    other = client_for("verdal_lead").post(
        reverse("api:progress-entry-list"),
        {"rollout": milestone.rollout_id, "text": "Ikke min."},
        content_type=JSON,
    )
    assert other.status_code == 403
