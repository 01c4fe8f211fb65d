"""The procurement part of the demo: Helseplattformen's contracts and agreed schedule, a joint
procurement in market dialogue, an over-booked fictional supplier, and loading twice changes
nothing."""

from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.models import HistoryEntry, Organisation, OrganisationKind, User
from portal.site.demo import HELSEPLATTFORMEN, SORVEST
from procurement.load import compute_load, weeks_between
from procurement.models import (
    Capacity,
    ChecklistTick,
    CommitmentEvent,
    CommitmentStatus,
    Procurement,
    ProcurementKind,
    ProcurementPhase,
    Product,
    StartDateCommitment,
)
from rollout.models import Rollout

S = CommitmentStatus


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.DEBUG = True
    call_command("load_demo")


def _supplier(name: str) -> Organisation:
    return Organisation.objects.get(kind=OrganisationKind.SUPPLIER, name=name)


def test_suppliers_and_products(demo: None) -> None:
    products = {
        (p.supplier.name, p.name, p.is_demo) for p in Product.objects.select_related("supplier")
    }
    assert {
        ("Epic Systems", "Epic", False),
        ("Visma", "Visma Omsorg Profil", False),
        ("Visma", "Visma Flyt Helse", False),
        ("Tietoevry", "Gerica", False),
        ("DIPS", "DIPS kommunal journal (under utvikling)", False),
    } <= products
    assert _supplier("IBM").products.exists()
    for fictional in ("Fjordjournal AS", "Nordlys Helse-IT AS"):
        supplier = _supplier(fictional)
        assert supplier.is_demo
        assert all(p.is_demo for p in supplier.products.all())
        assert supplier.products.exists()
    assert not _supplier("Epic Systems").is_demo


def test_helseplattformen_contracts_and_schedule(demo: None) -> None:
    epic = Procurement.objects.get(supplier__name="Epic Systems")
    assert epic.kind == ProcurementKind.JOINT
    assert epic.phase == ProcurementPhase.CONTRACT
    assert epic.contract_signed_on == date(2019, 3, 20)
    assert epic.participants.filter(municipality_number="5037").exists()  # Levanger
    ibm = Procurement.objects.get(supplier__name="IBM")
    assert ibm.phase == ProcurementPhase.CONTRACT
    assert ibm.contract_signed_on == date(2019, 6, 3)

    rollouts = Rollout.objects.filter(collaboration__name=HELSEPLATTFORMEN)
    commitments = StartDateCommitment.objects.filter(procurement=epic).select_related("rollout")
    assert commitments.count() == rollouts.count() == epic.schedule.count()
    for commitment in commitments:
        assert commitment.supplier_id == epic.supplier_id
        assert commitment.status == S.CONFIRMED
        # Agreed about twelve months before the original go-live.
        lead_days = (commitment.rollout.baseline_go_live - commitment.start_on).days
        assert 360 <= lead_days <= 372, commitment
        steps = list(commitment.events.values_list("to_status", flat=True))
        assert steps == [S.COMMITTED, S.CONFIRMED]
        assert commitment.created_at.year == 2020

    # St. Olavs left PD1: its start follows the original go-live, not the new one.
    st_olavs = commitments.get(rollout__organisation__name="St. Olavs hospital HF")
    assert st_olavs.start_on.year == 2021 and st_olavs.start_on.month == 5


def test_joint_procurement_in_market_dialogue(demo: None) -> None:
    procurement = Procurement.objects.get(lead__municipality_number="4204", phase="dialogue")
    assert procurement.kind == ProcurementKind.JOINT
    assert set(procurement.participants.values_list("municipality_number", flat=True)) == {
        "1103",
        "3201",
    }
    assert {m.supplier.name for m in procurement.meetings.select_related("supplier")} == {
        "Fjordjournal AS",
        "Nordlys Helse-IT AS",
    }
    ticks = procurement.ticks.all()
    assert ticks.filter(done=True).exists() and ticks.filter(done=False).exists()
    assert all(t.note for t in ticks)
    assert ticks.count() < 18  # partly ticked
    assert HistoryEntry.objects.filter(
        object_id=str(procurement.pk), action="changed", at__date=date(2026, 8, 17)
    ).exists()


def test_sorvest_commitments_overbook_fjordjournal(demo: None) -> None:
    fjordjournal = _supplier("Fjordjournal AS")
    commitments = StartDateCommitment.objects.filter(rollout__collaboration__name=SORVEST)
    assert set(commitments.values_list("status", flat=True)) == {
        S.REQUESTED,
        S.PROPOSED,
        S.COMMITTED,
        S.CONFIRMED,
        S.DECLINED,
    }
    declined = commitments.get(status=S.DECLINED)
    assert declined.events.get(to_status=S.DECLINED).reason
    assert declined.events.get(to_status=S.DECLINED).by.email == "leverandor.b@demo.no"
    accepted = CommitmentEvent.objects.get(
        commitment__supplier=fjordjournal, to_status=S.COMMITTED, reason__contains="kapasitet"
    )
    assert accepted.by.email == "prosjektleder.grimstad@demo.no"

    first = min(commitments.values_list("start_on", flat=True))
    weeks = weeks_between(first, 104)
    load = compute_load([fjordjournal.pk], weeks)
    over = [w for w in weeks if load.cell(fjordjournal.pk, w).over]
    assert over
    assert any(load.cell(fjordjournal.pk, w).implementations > 2 for w in over)
    # Fjordjournal's calendar covers 2026–2028.
    assert Capacity.objects.filter(supplier=fjordjournal, week__year=2026).exists()
    assert Capacity.objects.filter(supplier=fjordjournal, week__year=2028).exists()


# A day of the demo's present: its Pulje 1 and the Sørvest waves lie ahead.
DEMO_TODAY = date(2026, 12, 1)


def test_heatmap_is_red_in_the_demos_present(
    demo: None, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo tells of a supplier over capacity: on a day of the demo's present, the
    heatmap's default window shows it red, whatever the date is when the test runs."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: DEMO_TODAY)
    client.force_login(User.objects.get(email="leverandor.a@demo.no"))
    response = client.get(reverse("procurement:heatmap"))
    assert response.status_code == 200
    [(supplier, cells)] = response.context["rows"]
    assert supplier.name == "Fjordjournal AS"
    assert response.context["weeks"][0] == date(2026, 11, 30)
    assert any(cell.over for cell in cells)


def test_supplier_contact_sees_only_own_commitments(demo: None) -> None:
    contact = User.objects.get(email="leverandor.a@demo.no")
    visible = StartDateCommitment.objects.visible_to(contact)
    assert visible.exists()
    assert set(visible.values_list("supplier__name", flat=True)) == {"Fjordjournal AS"}
    assert (
        visible.count()
        == StartDateCommitment.objects.filter(supplier__name="Fjordjournal AS").count()
    )


def _counts() -> list[int]:
    return [
        model.objects.count()
        for model in (
            Organisation,
            Product,
            Capacity,
            StartDateCommitment,
            CommitmentEvent,
            Procurement,
            ChecklistTick,
            HistoryEntry,
        )
    ]


def test_loading_twice_changes_nothing(demo: None) -> None:
    before = _counts()
    call_command("load_demo")
    assert _counts() == before
