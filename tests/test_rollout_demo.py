"""The rollout part of the demo: Helseplattformen's plan against actual, a collaboration still
planning, and loading twice changes nothing."""

from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.models import HistoryEntry
from portal.site.demo import HELSEPLATTFORMEN, SORVEST
from rollout.models import (
    Collaboration,
    Decision,
    Milestone,
    Risk,
    RiskStatus,
    Rollout,
    RolloutStatus,
    StatusReport,
    StatusReportState,
    WaveChangeRequest,
    WaveChangeStatus,
    WaveStatus,
)


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.DEBUG = True
    call_command("load_demo")


def _rollout(collaboration: str, **organisation: str) -> Rollout:
    return Rollout.objects.select_related("wave").get(
        collaboration__name=collaboration,
        **{f"organisation__{k}": v for k, v in organisation.items()},
    )


def test_helseplattformen_shows_plan_against_actual(demo: None) -> None:
    central = Collaboration.objects.get(name=HELSEPLATTFORMEN)
    assert central.solution == "Epic (Helseplattformen AS)"
    assert central.methodology is not None

    st_olavs = _rollout(HELSEPLATTFORMEN, name="St. Olavs hospital HF")
    assert st_olavs.baseline_go_live == date(2022, 5, 7)
    assert st_olavs.go_live == date(2022, 11, 12)
    assert st_olavs.slip_days == 189

    hnt = _rollout(HELSEPLATTFORMEN, name="Helse Nord-Trøndelag HF")
    assert (hnt.baseline_go_live, hnt.go_live) == (date(2023, 2, 11), date(2023, 11, 4))
    hmr = _rollout(HELSEPLATTFORMEN, name="Helse Møre og Romsdal HF")
    assert (hmr.baseline_go_live, hmr.go_live) == (date(2023, 4, 29), date(2024, 4, 27))
    trondheim = _rollout(HELSEPLATTFORMEN, municipality_number="5001")
    assert trondheim.baseline_go_live == trondheim.go_live == date(2022, 5, 7)

    for number in ("5037", "5038"):  # Levanger and Verdal kept their date
        rollout = _rollout(HELSEPLATTFORMEN, municipality_number=number)
        assert rollout.baseline_go_live == rollout.go_live == date(2023, 2, 11)
        assert rollout.status == RolloutStatus.LIVE
        assert rollout.wave.status == WaveStatus.LIVE

    # Every go-live was on a Saturday.
    assert {w.go_live.weekday() for w in central.waves.all()} == {5}

    # The moves were asked for and approved with reasons, and the history reads as it happened.
    moves = WaveChangeRequest.objects.filter(rollout__collaboration=central)
    assert moves.count() == 3
    for move in moves:
        assert move.status == WaveChangeStatus.APPROVED
        assert move.reason and move.decision_reason
        assert move.decided_by is not None and move.decided_at is not None
        assert move.decided_by.steering_seats.get(collaboration=central).is_chair
    st_olavs_move = moves.get(rollout=st_olavs)
    assert st_olavs_move.decided_at is not None
    assert st_olavs_move.decided_at.date() == date(2022, 4, 22)
    assert HistoryEntry.objects.filter(action="wave changed", at__year=2022).exists()
    assert not HistoryEntry.objects.filter(
        action="wave changed", at__date=timezone.localdate()
    ).exists()
    hospitals_moved = moves.exclude(rollout=st_olavs)
    assert {m.decided_at.date() for m in hospitals_moved if m.decided_at} == {date(2023, 1, 5)}


def test_os_and_alesund(demo: None) -> None:
    os_rollout = _rollout(HELSEPLATTFORMEN, municipality_number="3430")
    assert os_rollout.wave.name == "Pulje 2"
    assert "Os" in os_rollout.wave.notes

    alesund = _rollout(HELSEPLATTFORMEN, municipality_number="1508")
    assert alesund.wave.name == "Pulje 4"
    assert alesund.wave.status == WaveStatus.POSTPONED
    assert "Ålesund" in alesund.wave.notes
    assert alesund.status == RolloutStatus.PLANNING


def test_every_live_rollout_has_a_go_decision_and_its_milestones_done(demo: None) -> None:
    live = Rollout.objects.filter(status=RolloutStatus.LIVE)
    assert live.count() == 12
    today = timezone.localdate()
    for rollout in live:
        latest = rollout.decisions.order_by("-decided_on", "-id").first()
        assert latest is not None and latest.allows_go_live, rollout
        assert latest.decided_on < rollout.go_live
        assert latest.recorded_by is not None
        assert latest.recorded_by.steering_seats.filter(
            collaboration=rollout.collaboration
        ).exists()
        assert not rollout.milestones.filter(due__lte=today, completed_on__isnull=True).exists()
        assert rollout.end_users_to_train and rollout.training_percent == 100
    st_olavs = _rollout(HELSEPLATTFORMEN, name="St. Olavs hospital HF")
    decisions = list(st_olavs.decisions.order_by("decided_on"))
    assert [d.decision for d in decisions] == [Decision.NO_GO, Decision.GO_WITH_CONDITIONS]
    assert decisions[-1].conditions


def test_levanger_and_verdal_report_around_go_live(demo: None) -> None:
    reports = StatusReport.objects.filter(
        rollout__organisation__municipality_number__in=["5037", "5038"]
    )
    assert reports.count() >= 4
    assert not reports.filter(state=StatusReportState.DRAFT).exists()
    correction = reports.get(supersedes__isnull=False)
    original = correction.supersedes
    assert correction.revision == 2 and original is not None
    assert original.state == StatusReportState.SUBMITTED
    assert original.submitted_at and correction.submitted_at
    assert original.submitted_at < correction.submitted_at
    risks = Risk.objects.filter(rollout__in=reports.values("rollout"))
    assert risks.filter(status=RiskStatus.CLOSED).exists()
    assert risks.exclude(status=RiskStatus.CLOSED).exists()


def test_sorvest_plans_future_waves(demo: None) -> None:
    today = timezone.localdate()
    sorvest = Collaboration.objects.get(name=SORVEST)
    waves = {w.name: w for w in sorvest.waves.all()}
    assert waves["Pulje 1"].status == WaveStatus.CONFIRMED
    assert waves["Pulje 2"].status == WaveStatus.PLANNED
    assert all(w.go_live > today for w in waves.values())
    assert sorvest.rollouts.count() == 5

    milestones = Milestone.objects.filter(rollout__collaboration=sorvest)
    past = milestones.filter(due__lt=today)
    assert past.filter(completed_on__isnull=False).count() > past.count() / 2
    assert any(m.is_overdue for m in past)
    assert milestones.exclude(own_due_reason="").exists()

    reports = StatusReport.objects.filter(rollout__collaboration=sorvest)
    assert set(reports.values_list("overall", flat=True)) == {"green", "amber", "red"}
    assert reports.filter(state=StatusReportState.DRAFT).count() == 1
    risk_states = Risk.objects.filter(rollout__collaboration=sorvest).values_list("status")
    assert set(risk_states.distinct()) == {(s,) for s in RiskStatus.values}
    assert sorvest.rollouts.filter(criteria__status="in_progress").exists()

    pending = WaveChangeRequest.objects.get(
        rollout__collaboration=sorvest, status=WaveChangeStatus.PENDING
    )
    assert pending.rollout.organisation.name == "Grimstad"
    assert pending.to_wave == waves["Pulje 2"]
    assert pending.cost_bearer == "Grimstad kommune"


def test_loading_the_demo_twice_changes_no_rollout_data(demo: None) -> None:
    models = [Rollout, Milestone, StatusReport, Risk, WaveChangeRequest, HistoryEntry]
    counts = [m._default_manager.count() for m in models]
    call_command("load_demo")
    assert counts == [m._default_manager.count() for m in models]
