"""The common plan: waves and blackout periods, milestone plans that follow the wave, wave
changes decided by the steering group, and marking a rollout live."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from portal.models import HistoryEntry
from rollout.calendar import blackout_reasons, report_deadline
from rollout.models import BlackoutPeriod, Milestone, RolloutStatus, WaveChangeStatus
from rollout.services import changes, plan, readiness
from tests.personas import World


def test_a_new_rollout_gets_the_whole_plan_with_baselines(world: World) -> None:
    rollout = world["rollout:levanger"]
    milestones = list(rollout.milestones.select_related("template"))
    assert len(milestones) == 34
    go_live = world["wave:central"].go_live
    for m in milestones:
        assert m.due == m.baseline_due == go_live + timedelta(days=m.template.offset_days)
    assert rollout.baseline_go_live == go_live
    assert rollout.criteria.count() == 15


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2027, 5, 17), "Grunnlovsdag"),
        (date(2027, 3, 27), "Påske"),  # Easter Saturday
        (date(2027, 7, 17), "Fellesferie"),
        (date(2027, 12, 31), "Jul og nyttår"),
        (date(2028, 1, 1), "nyttårsdag"),
    ],
)
def test_blackout_periods(db: Any, day: date, why: str) -> None:
    assert any(why.lower() in reason.lower() for reason in blackout_reasons(day))


def test_an_ordinary_saturday_is_not_blacked_out(db: Any) -> None:
    assert blackout_reasons(date(2027, 4, 10)) == []


def test_the_recurring_blackouts_are_the_setting(db: Any) -> None:
    from django.conf import settings

    # The default is defined in settings: the fellesferie weeks and Christmas
    assert [r["name"] for r in settings.ROLLOUT_RECURRING_BLACKOUTS] == [
        "Fellesferie (uke 28–31)",
        "Jul og nyttår",
    ]
    # and the calendar reads it, not a copy of its own
    rule = {"name": "Vinterferie", "iso_weeks": [8, 8]}
    with override_settings(ROLLOUT_RECURRING_BLACKOUTS=[rule]):
        assert blackout_reasons(date(2027, 2, 27)) == ["Vinterferie"]
        assert blackout_reasons(date(2027, 7, 17)) == []


def test_a_configured_blackout_period_counts(world: World) -> None:
    BlackoutPeriod.objects.create(
        name="Valg", starts_on=date(2027, 9, 11), ends_on=date(2027, 9, 14)
    )
    assert blackout_reasons(date(2027, 9, 11)) == ["Valg"]


def test_a_go_live_in_a_blackout_period_is_refused_on_the_page(
    world: World, client_for: Any
) -> None:
    client = client_for("steering_central")
    url = reverse("rollout:wave-create", args=[world["collab:central"].pk])
    response = client.post(
        url, {"name": "Pulje 17. mai", "go_live": "2027-05-17", "status": "planned"}
    )
    assert response.status_code == 400
    assert "go_live" in response.context["form"].errors
    assert "Grunnlovsdag" in response.content.decode()
    # With the steering group's reason it is accepted, with a warning about the weekday.
    response = client.post(
        url,
        {
            "name": "Pulje 17. mai",
            "go_live": "2027-05-17",
            "status": "planned",
            "blackout_override_reason": "Styringsgruppen vedtok det.",
        },
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "lørdag" in text  # "Go-lives are normally on a Saturday" in Norwegian


def test_moving_a_wave_replans_its_rollouts_in_one_go(world: World) -> None:
    wave = world["wave:central"]
    levanger = world["rollout:levanger"]
    first = levanger.milestones.order_by("template__order").first()
    plan.update_milestone(
        by=world.people["levanger_lead"],
        milestone=first,
        expected_version=first.version,
        own_due=date(2026, 1, 5),
        own_due_reason="Vedtak i kommunestyret i januar.",
    )
    plan.update_wave(
        by=world.people["steering_central"],
        wave=wave,
        expected_version=wave.version,
        go_live=date(2027, 4, 24),
    )
    for m in Milestone.objects.filter(rollout__wave=wave).select_related("template"):
        if m.pk == first.pk:
            assert m.due == date(2026, 1, 5)  # its own date does not move
        else:
            assert m.due == date(2027, 4, 24) + timedelta(days=m.template.offset_days)
            assert m.baseline_due == date(2027, 4, 10) + timedelta(days=m.template.offset_days)
            assert m.slip_days == 14
    levanger.refresh_from_db()
    assert levanger.baseline_go_live == date(2027, 4, 10)
    assert levanger.slip_days == 14


def test_an_approved_wave_change_moves_the_rollout_and_replans(world: World) -> None:
    request = world["change:levanger"]
    changes.decide_wave_change(
        by=world.people["steering_central"],
        request=request,
        approve=True,
        reason="Godkjent; Levanger dekker merkostnaden.",
    )
    levanger = world["rollout:levanger"]
    levanger.refresh_from_db()
    assert levanger.wave == request.to_wave
    shift = (request.to_wave.go_live - request.from_wave.go_live).days
    for m in levanger.milestones.all():
        assert (m.due - m.baseline_due).days == shift
    request.refresh_from_db()
    assert request.status == WaveChangeStatus.APPROVED
    entry = HistoryEntry.objects.filter(object_id=str(levanger.pk), action="wave changed").get()
    assert entry.actor == world.people["steering_central"]
    assert entry.changes["wave"] == [str(request.from_wave), str(request.to_wave)]


def test_a_rejected_wave_change_moves_nothing(world: World) -> None:
    request = world["change:levanger"]
    before = list(world["rollout:levanger"].milestones.values_list("due", flat=True))
    changes.decide_wave_change(
        by=world.people["steering_central"],
        request=request,
        approve=False,
        reason="Kapasiteten er brukt opp.",
    )
    assert list(world["rollout:levanger"].milestones.values_list("due", flat=True)) == before


def test_only_the_steering_group_decides_a_wave_change(world: World) -> None:
    for persona in ("levanger_lead", "ks_editor", "admin", "steering_other"):
        with pytest.raises(PermissionDenied):
            changes.decide_wave_change(
                by=world.people[persona], request=world["change:levanger"], approve=True, reason="x"
            )


def test_a_decided_request_cannot_be_decided_again(world: World) -> None:
    steering = world.people["steering_central"]
    request = world["change:levanger"]
    changes.decide_wave_change(by=steering, request=request, approve=False, reason="Nei.")
    with pytest.raises(ValidationError):
        changes.decide_wave_change(by=steering, request=request, approve=True, reason="Ja.")


def test_the_steering_group_decides_on_the_page(world: World, client_for: Any) -> None:
    request = world["change:levanger"]
    response = client_for("steering_central").post(
        reverse("rollout:change-detail", args=[request.pk]),
        {"approve": "yes", "reason": "Godkjent."},
    )
    assert response.status_code == 302
    world["rollout:levanger"].refresh_from_db()
    assert world["rollout:levanger"].wave == request.to_wave


def test_a_rollout_is_not_live_without_a_go_decision(world: World, client_for: Any) -> None:
    rollout = world["rollout:levanger"]
    client = client_for("levanger_lead")
    client.post(reverse("rollout:rollout-mark-live", args=[rollout.pk]))
    rollout.refresh_from_db()
    assert rollout.status != RolloutStatus.LIVE
    readiness.record_decision(
        by=world.people["steering_central"],
        rollout=rollout,
        decided_on=date(2027, 3, 13),
        decision="no_go",
        rationale="Integrasjonene er ikke testet.",
    )
    client.post(reverse("rollout:rollout-mark-live", args=[rollout.pk]))
    rollout.refresh_from_db()
    assert rollout.status != RolloutStatus.LIVE
    readiness.record_decision(
        by=world.people["steering_central"],
        rollout=rollout,
        decided_on=date(2027, 3, 20),
        decision="go",
        rationale="Alle kriterier oppfylt.",
    )
    client.post(reverse("rollout:rollout-mark-live", args=[rollout.pk]))
    rollout.refresh_from_db()
    assert rollout.status == RolloutStatus.LIVE


def test_go_with_conditions_needs_the_conditions(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        readiness.record_decision(
            by=world.people["steering_central"],
            rollout=world["rollout:levanger"],
            decided_on=date(2027, 3, 13),
            decision="go_with_conditions",
            rationale="Nesten klart.",
        )
    assert "conditions" in exc.value.message_dict


def test_the_report_deadline_is_the_fifth_working_day(db: Any) -> None:
    # January 2027: Friday 1st is New Year's Day; working days 4, 5, 6, 7, 8.
    assert report_deadline(date(2026, 12, 1), 5) == date(2027, 1, 8)
    # April 2027 after Easter (Easter Monday 29 March): 1, 2, 5, 6, 7.
    assert report_deadline(date(2027, 3, 1), 5) == date(2027, 4, 7)
