"""A production install (migrate + load_reference_data, no demo) can plan rollouts, and every
history row names who acted: a person, or "system"."""

from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse

from portal.history import SYSTEM, NoActorError, entries_for, record
from portal.models import HistoryEntry, Organisation
from portal.site.reminders import send_milestone_reminders
from rollout.models import CriterionTemplate, Methodology, Milestone, MilestoneTemplate
from rollout.services.collaborations import add_participant, create_collaboration
from rollout.services.plan import create_rollout, create_wave


def _counts() -> tuple[int, int, int, int]:
    return (
        Methodology.objects.count(),
        MilestoneTemplate.objects.count(),
        CriterionTemplate.objects.count(),
        HistoryEntry.objects.count(),
    )


def test_reference_data_installs_the_default_methodology_once(db: Any) -> None:
    call_command("load_reference_data")
    methodology = Methodology.objects.get()
    assert methodology.is_published
    assert methodology.milestones.count() == 34
    assert CriterionTemplate.objects.filter(milestone__methodology=methodology).count() == 15
    entries = HistoryEntry.objects.filter(object_id=str(methodology.pk))
    assert {e.action for e in entries} == {"created", "published"}
    assert all(e.by_system and e.actor_display == "system" for e in entries)
    first = _counts()
    call_command("load_reference_data")
    assert _counts() == first


def test_a_fresh_install_can_create_a_rollout_with_its_34_milestones(db: Any) -> None:
    call_command("load_reference_data")
    levanger = Organisation.objects.get(municipality_number="5037")
    collaboration = create_collaboration(by=SYSTEM, name="Midt", participants=[levanger])
    assert collaboration.methodology is not None
    wave = create_wave(by=SYSTEM, collaboration=collaboration, name="P1", go_live=date(2031, 4, 5))
    rollout = create_rollout(
        by=SYSTEM, collaboration=collaboration, organisation=levanger, wave=wave
    )
    assert Milestone.objects.filter(rollout=rollout).count() == 34


def test_history_refuses_an_entry_by_nobody(db: Any) -> None:
    call_command("load_reference_data")
    levanger = Organisation.objects.get(municipality_number="5037")
    with pytest.raises(NoActorError):
        record(levanger, by=AnonymousUser(), action="changed")


def test_no_history_row_lacks_an_actor_after_reference_data_reminders_and_demo(
    db: Any, mailoutbox: Any
) -> None:
    call_command("load_reference_data")
    send_milestone_reminders()
    call_command("load_demo", force=True)
    collaboration = create_collaboration(by=SYSTEM, name="Ny")
    add_participant(
        by=SYSTEM,
        collaboration=collaboration,
        organisation=Organisation.objects.get(municipality_number="5038"),
    )
    send_milestone_reminders()
    assert HistoryEntry.objects.exists()
    assert not HistoryEntry.objects.filter(actor__isnull=True, by_system=False).exists()
    assert settings.DEBUG is False  # the demo ran only because of --force


def test_the_history_table_says_system_for_scheduled_work(world: Any, client_for: Any) -> None:
    wave = world["wave:central"]  # created by the test world's set-up, as a command would
    entry = entries_for(wave).get(action="created")
    assert entry.by_system and entry.actor is None
    page = client_for("ks_editor").get(reverse("rollout:wave-detail", args=[wave.pk]))
    row = next(r for r in page.content.decode().split("<tr>") if "created" in r or "opprettet" in r)
    assert "<td>system</td>" in row
