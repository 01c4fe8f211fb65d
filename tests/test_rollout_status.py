"""The status of a rollout, defined once (``rollout.services.status``) and shown with its
reasons on the pages and in the API; the slip is only the slip; risks open first, by score.

The dates are relative to today, so these tests keep testing whatever the day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from rollout.models import (
    GoDecision,
    Milestone,
    Participation,
    Risk,
    Rollout,
    RolloutStatus,
    StatusReport,
    Wave,
)
from rollout.services import plan, readiness, reports, risks
from tests.factories import OrganisationFactory
from tests.personas import World


def _svc() -> Any:
    # Imported here, so that each test fails on its own assertion before the rule existed.
    from rollout.services import status

    return status


def _month_before(day: date) -> date:
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def _calm(rollout: Rollout, today: date) -> None:
    """A rollout with its go-live ahead, every milestone due before today done, no reports,
    and old enough that reports have been due."""
    Wave.objects.filter(pk=rollout.wave_id).update(go_live=today + timedelta(days=300))
    Milestone.objects.filter(rollout=rollout, due__lt=today).update(completed_on=F("due"))
    StatusReport.objects.filter(rollout=rollout).delete()
    Rollout.objects.filter(pk=rollout.pk).update(
        created_at=timezone.now() - timedelta(days=200),
        baseline_go_live=today + timedelta(days=300),
    )
    rollout.refresh_from_db()


def _overdue(rollout: Rollout, today: date, *days_late: int) -> list[Milestone]:
    """Reopen milestones so that they are overdue by ``days_late`` (baseline = due: no slip)."""
    chosen = list(rollout.milestones.order_by("template__order")[: len(days_late)])
    for milestone, late in zip(chosen, days_late, strict=True):
        due = today - timedelta(days=late)
        Milestone.objects.filter(pk=milestone.pk).update(
            completed_on=None, due=due, baseline_due=due
        )
    return chosen


def _report(world: World, rollout: Rollout, period: date, overall: str, submit: bool = True) -> Any:
    lead = world.people["levanger_lead"] if rollout == world["rollout:levanger"] else None
    lead = lead or world.people["verdal_lead"]
    report = reports.create_report(
        by=lead, rollout=rollout, period=period, summary=f"{overall} {period}", overall=overall
    )
    if submit:
        reports.submit_report(by=lead, report=report, expected_version=report.version)
    return report


def _due_period(today: date) -> date:
    return _svc().expected_report_period(today, 5)


def _row(html: str, name: str) -> str:
    """The table row of the collaboration/wave/list page that names the organisation."""
    for row in re.findall(r"<tr>.*?</tr>", html, flags=re.S):
        if f">{name}</a>" in row:
            return row
    raise AssertionError(f"no row for {name}")


# --- the two reproductions -------------------------------------------------------------------


def test_two_red_reports_and_three_overdue_milestones_are_off_track(
    world: World, client_for: Any
) -> None:
    today = timezone.localdate()
    levanger = world["rollout:levanger"]
    _calm(levanger, today)
    _overdue(levanger, today, 45, 20, 3)
    _report(world, levanger, _month_before(_due_period(today)), "red")
    _report(world, levanger, _due_period(today), "red")

    page = client_for("steering_central").get(
        reverse("rollout:collaboration-detail", args=[world["collab:central"].pk])
    )
    row = _row(page.content.decode(), "Levanger")
    assert "status-off_track" in row
    assert "Ikke i rute" in row and "3 milepæler forfalt, den verste med 45 dager." in row
    assert "rød" in row
    # The slip column says the slip, in days, and nothing about being on track.
    assert "0 dager" in row
    assert not re.search(r">\s*i rute", row, flags=re.I)

    with translation.override("en"):
        health = _svc().status_of(levanger, today=today)
    assert health.status == _svc().TrackStatus.OFF_TRACK
    assert (health.overdue_milestones, health.worst_overdue_days) == (3, 45)
    assert health.latest_report == "red"
    assert health.reasons[0].startswith("Latest status report (")
    assert health.reasons[0].endswith("): red.")
    assert "3 milestones overdue, the worst by 45 days." in health.reasons


def test_a_go_live_in_2023_that_never_went_live_is_go_live_passed(
    world: World, client_for: Any
) -> None:
    today = timezone.localdate()
    verdal = world["rollout:verdal"]
    old = Wave.objects.create(
        collaboration=verdal.collaboration, name="Pulje 2023", go_live=date(2023, 2, 11)
    )
    Rollout.objects.filter(pk=verdal.pk).update(
        wave=old, baseline_go_live=date(2023, 2, 11), status=RolloutStatus.IN_PROGRESS
    )

    page = client_for("steering_central").get(
        reverse("rollout:collaboration-detail", args=[world["collab:central"].pk])
    )
    row = _row(page.content.decode(), "Verdal")
    assert "status-go_live_passed" in row
    assert "Innføringsdato passert" in row
    assert "Innføringsdatoen 11. februar 2023 er passert uten beslutning om innføring." in row
    assert not re.search(r">\s*i rute", row, flags=re.I)

    with translation.override("en"):
        health = _svc().status_of(verdal, today=today)
    assert health.status == _svc().TrackStatus.GO_LIVE_PASSED
    assert health.go_live_passed
    assert health.reasons[0] == "Go-live 11. February 2023 has passed without a go decision."


def test_a_go_without_going_live_and_a_live_rollout(world: World) -> None:
    today = timezone.localdate()
    verdal = world["rollout:verdal"]
    Wave.objects.filter(pk=verdal.wave_id).update(go_live=today - timedelta(days=14))
    GoDecision.objects.filter(rollout=verdal).delete()  # the world's no-go
    readiness.record_decision(
        by=world.people["steering_central"],
        rollout=verdal,
        decided_on=today - timedelta(days=30),
        decision="go",
        rationale="Klar.",
    )
    with translation.override("en"):
        health = _svc().status_of(verdal, today=today)
        assert health.status == _svc().TrackStatus.GO_LIVE_PASSED
        assert "the go was given but the rollout is not live" in health.reasons[0]
        Rollout.objects.filter(pk=verdal.pk).update(status=RolloutStatus.LIVE)
        live = _svc().status_of(verdal, today=today)
    assert live.status == _svc().TrackStatus.LIVE
    assert live.reasons[0] == "The rollout is marked live."


# --- each reason -----------------------------------------------------------------------------


def test_a_missing_report_is_at_risk_and_named(world: World) -> None:
    today = timezone.localdate()
    levanger = world["rollout:levanger"]
    _calm(levanger, today)
    _report(world, levanger, _month_before(_due_period(today)), "green")
    with translation.override("en"):
        health = _svc().status_of(levanger, today=today)
    assert health.status == _svc().TrackStatus.AT_RISK
    assert health.missing_report_period == _due_period(today)
    assert any(
        r.startswith("The status report for ") and "is missing (due " in r for r in health.reasons
    )
    # A report of a later month answers for it too.
    report = _report(world, levanger, today.replace(day=1), "green")
    assert _svc().status_of(levanger, today=today).status == _svc().TrackStatus.ON_TRACK
    # And so, of course, does the month's own.
    StatusReport.objects.filter(pk=report.pk).delete()
    _report(world, levanger, _due_period(today), "green")
    assert _svc().status_of(levanger, today=today).status == _svc().TrackStatus.ON_TRACK


def test_a_new_rollout_owes_no_report_for_months_before_it_existed(world: World) -> None:
    today = timezone.localdate()
    levanger = world["rollout:levanger"]
    _calm(levanger, today)
    Rollout.objects.filter(pk=levanger.pk).update(created_at=timezone.now())
    health = _svc().status_of(levanger, today=today)
    assert health.missing_report_period is None
    assert health.status == _svc().TrackStatus.ON_TRACK


def test_drafts_do_not_count(world: World) -> None:
    today = timezone.localdate()
    levanger = world["rollout:levanger"]
    _calm(levanger, today)
    _report(world, levanger, _due_period(today), "green")
    # A red draft of a later month is the municipality's working copy: it changes nothing.
    _report(world, levanger, today.replace(day=1), "red", submit=False)
    health = _svc().status_of(levanger, today=today)
    assert health.status == _svc().TrackStatus.ON_TRACK
    assert (health.latest_report, health.latest_report_period) == ("green", _due_period(today))
    # And a draft of the month that is due is still a missing report.
    StatusReport.objects.filter(rollout=levanger).delete()
    _report(world, levanger, _due_period(today), "green", submit=False)
    health = _svc().status_of(levanger, today=today)
    assert health.status == _svc().TrackStatus.AT_RISK
    assert health.latest_report is None
    assert health.missing_report_period == _due_period(today)


def test_amber_is_at_risk(world: World) -> None:
    today = timezone.localdate()
    levanger = world["rollout:levanger"]
    _calm(levanger, today)
    _report(world, levanger, _due_period(today), "amber")
    with translation.override("en"):
        health = _svc().status_of(levanger, today=today)
    assert health.status == _svc().TrackStatus.AT_RISK
    assert health.reasons[0].endswith("): amber.")


def test_one_overdue_milestone_is_at_risk_and_a_month_late_is_off_track(world: World) -> None:
    today = timezone.localdate()
    levanger = world["rollout:levanger"]
    _calm(levanger, today)
    _report(world, levanger, _due_period(today), "green")
    (milestone,) = _overdue(levanger, today, 30)
    with translation.override("en"):
        health = _svc().status_of(levanger, today=today)
    assert health.status == _svc().TrackStatus.AT_RISK
    assert "1 milestone overdue, by 30 days." in health.reasons
    Milestone.objects.filter(pk=milestone.pk).update(due=today - timedelta(days=31))
    assert _svc().status_of(levanger, today=today).status == _svc().TrackStatus.OFF_TRACK


def test_on_track_says_why(world: World) -> None:
    today = timezone.localdate()
    levanger = world["rollout:levanger"]
    _calm(levanger, today)
    _report(world, levanger, _due_period(today), "green")
    with translation.override("en"):
        health = _svc().status_of(levanger, today=today)
    assert health.status == _svc().TrackStatus.ON_TRACK
    assert health.reasons[0].endswith("): green.")
    assert health.reasons[1:] == ["No milestone is overdue."]
    # "Today" is the caller's: two months on, the next report is missing.
    later = today + timedelta(days=62)
    Milestone.objects.filter(rollout=levanger, due__lt=later).update(completed_on=F("due"))
    health = _svc().status_of(levanger, today=later)
    assert health.status == _svc().TrackStatus.AT_RISK
    assert health.missing_report_period == _due_period(later)


# --- one query for a list, on every page -----------------------------------------------------


def _collaboration_page_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_statuses_of_many_rollouts_take_one_query(world: World, client_for: Any) -> None:
    today = timezone.localdate()
    central = world["collab:central"]
    url = reverse("rollout:collaboration-detail", args=[central.pk])
    client = client_for("steering_central")
    client.get(url)
    before = _collaboration_page_queries(client, url)
    lead = world.people["levanger_lead"]
    for i in range(8):
        org = OrganisationFactory(name=f"Vekst {i}")
        Participation.objects.create(collaboration=central, organisation=org)
        rollout = plan.create_rollout(
            by=None, collaboration=central, organisation=org, wave=world["wave:central"]
        )
        report = rollout.status_reports.create(
            period=_due_period(today), summary="x", created_by=lead, overall="red"
        )
        StatusReport.objects.filter(pk=report.pk).update(
            state="submitted", submitted_at=timezone.now()
        )
    after = _collaboration_page_queries(client, url)
    assert before == after == 14

    ids = list(Rollout.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as ctx:
        statuses = _svc().statuses_for(ids, today=today)
    assert len(ctx.captured_queries) == 1
    assert len(statuses) == len(ids) == 11


def test_every_page_that_shows_a_rollout_shows_its_status(world: World, client_for: Any) -> None:
    today = timezone.localdate()
    levanger = world["rollout:levanger"]
    _calm(levanger, today)
    _overdue(levanger, today, 45)
    client = client_for("levanger_lead")
    pages = [
        reverse("rollout:rollout-list"),
        reverse("rollout:wave-detail", args=[levanger.wave_id]),
        reverse("rollout:rollout-detail", args=[levanger.pk]),
        reverse("portal:home"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "status-off_track" in html, url
        assert "1 milepæl forfalt, med 45 dager." in html, url


# --- the API ----------------------------------------------------------------------------------


def test_the_api_gives_the_status_and_its_reasons(world: World, client_for: Any) -> None:
    today = timezone.localdate()
    levanger = world["rollout:levanger"]
    _calm(levanger, today)
    _overdue(levanger, today, 45, 20, 3)
    _report(world, levanger, _due_period(today), "red")
    client = client_for("steering_central")
    detail = client.get(
        reverse("api:rollout-detail", args=[levanger.pk]), headers={"accept-language": "en"}
    ).json()
    assert detail["status"] == "off_track"
    assert detail["stage"] == "planning"
    assert "3 milestones overdue, the worst by 45 days." in detail["status_reasons"]
    listed = client.get(reverse("api:rollout-list")).json()["results"]
    by_id = {r["id"]: r for r in listed}
    assert by_id[levanger.pk]["status"] == "off_track"
    assert by_id[levanger.pk]["status_reasons"]

    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    rollout = schema["components"]["schemas"]["Rollout"]["properties"]
    assert rollout["status"]["readOnly"] is True
    assert rollout["status"]["allOf"][0]["$ref"] == "#/components/schemas/TrackStatus"
    status_schema = schema["components"]["schemas"]["TrackStatus"]
    assert set(status_schema["enum"]) >= {"on_track", "at_risk", "off_track", "go_live_passed"}
    assert rollout["status_reasons"]["type"] == "array"
    assert rollout["status_reasons"]["readOnly"] is True


# --- a milestone page --------------------------------------------------------------------------


def test_an_overdue_milestone_is_not_said_to_be_on_plan(world: World, client_for: Any) -> None:
    today = timezone.localdate()
    levanger = world["rollout:levanger"]
    _calm(levanger, today)
    (milestone,) = _overdue(levanger, today, 40)
    html = (
        client_for("levanger_lead")
        .get(reverse("rollout:milestone-detail", args=[milestone.pk]))
        .content.decode()
    )
    assert "i rute" not in html.lower()
    assert "Forfalt med 40 dager" in html
    assert "forskyvning: 0 dager" in html


# --- risks: open first, by score --------------------------------------------------------------


def test_risks_are_listed_open_first_by_score(world: World, client_for: Any) -> None:
    levanger = world["rollout:levanger"]
    lead = world.people["levanger_lead"]
    values = [
        ("Lukket stor", 5, 5, "closed"),
        ("Åpen liten", 2, 2, "open"),
        ("Under tiltak", 4, 4, "mitigating"),
        ("Åpen sannsynlig", 5, 1, "open"),
    ]
    for title, p, i, s in values:
        risks.create_risk(
            by=lead, rollout=levanger, title=title, probability=p, impact=i, owner="x", status=s
        )
    # With the world's own: "Få superbrukere" 3 × 4 = 12, open.
    expected = ["Under tiltak", "Få superbrukere", "Åpen sannsynlig", "Åpen liten", "Lukket stor"]
    client = client_for("levanger_lead")
    html = client.get(reverse("rollout:risk-list")).content.decode()
    positions = [html.index(f">{title}</a>") for title in expected]
    assert positions == sorted(positions)

    api = client.get(reverse("api:risk-list"), {"rollout": levanger.pk}).json()["results"]
    assert [r["title"] for r in api] == expected

    page = client.get(reverse("rollout:rollout-detail", args=[levanger.pk])).content.decode()
    shown = [t for t in expected if f">{t}</a>" in page]
    assert shown == expected[:-1]  # the rollout page lists the open ones
    assert [page.index(f">{t}</a>") for t in shown] == sorted(
        page.index(f">{t}</a>") for t in shown
    )
    assert (
        list(Risk.objects.filter(rollout=levanger).open_first().values_list("title", flat=True))
        == expected
    )
