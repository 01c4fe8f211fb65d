"""The procurement pages: a project lead creates a procurement for their own organisation,
keeps the KS checklist, records the agreed schedule (which makes the start-date commitment),
and a supplier never sees a procurement, not even the one it won."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from procurement.models import (
    ChecklistItem,
    ChecklistTick,
    CommitmentStatus,
    Procurement,
    StartDateCommitment,
)
from procurement.services.procurements import checklist_state
from tests.personas import World


def _checklist_data(procurement: Procurement, ticked: dict[int, str]) -> dict[str, Any]:
    items = list(ChecklistItem.objects.filter(is_active=True))
    data: dict[str, Any] = {
        "items": ",".join(str(item.pk) for item in items),
        "state": checklist_state(procurement),
    }
    for item in items:
        if item.pk in ticked:
            data[f"done_{item.pk}"] = "on"
            data[f"note_{item.pk}"] = ticked[item.pk]
    return data


def test_a_project_lead_creates_a_procurement_for_their_own_organisation(
    world: World, client_for: Any
) -> None:
    client = client_for("levanger_lead")
    response = client.post(
        reverse("procurement:procurement-create"),
        {
            "name": "Avrop Levanger",
            "kind": "call_off",
            "lead": world["org:levanger"].pk,
            "participants": [world["org:verdal"].pk],
            "phase": "needs",
        },
    )
    procurement = Procurement.objects.get(name="Avrop Levanger")
    assert response.status_code == 302
    assert response["Location"] == reverse("procurement:procurement-detail", args=[procurement.pk])
    assert procurement.lead == world["org:levanger"]
    assert list(procurement.participants.all()) == [world["org:verdal"]]


def test_a_project_lead_cannot_create_a_procurement_for_another_organisation(
    world: World, client_for: Any
) -> None:
    response = client_for("levanger_lead").post(
        reverse("procurement:procurement-create"),
        {"name": "For Verdal", "kind": "joint", "lead": world["org:verdal"].pk, "phase": "needs"},
    )
    assert response.status_code in (400, 403)
    assert not Procurement.objects.filter(name="For Verdal").exists()


def test_a_project_lead_ticks_checklist_items_and_sees_them_on_the_page(
    world: World, client_for: Any
) -> None:
    procurement = world["procurement:central"]
    first, second = ChecklistItem.objects.filter(is_active=True)[:2]
    client = client_for("verdal_lead")
    response = client.post(
        reverse("procurement:procurement-checklist", args=[procurement.pk]),
        _checklist_data(procurement, {first.pk: "Behov kartlagt.", second.pk: "Avklart i møte."}),
    )
    assert response.status_code == 302
    ticks = ChecklistTick.objects.filter(procurement=procurement, done=True)
    assert {t.item_id: t.note for t in ticks} == {
        first.pk: "Behov kartlagt.",
        second.pk: "Avklart i møte.",
    }
    page = client.get(reverse("procurement:procurement-detail", args=[procurement.pk]))
    assert page.status_code == 200
    rows = {item.pk: tick for item, tick in page.context["checklist"]}
    assert rows[first.pk].done and rows[second.pk].done
    assert page.context["checklist_done"] == 2
    html = page.content.decode()
    assert "Behov kartlagt." in html
    assert "Avklart i møte." in html


def test_a_checklist_changed_meanwhile_is_not_saved(world: World, client_for: Any) -> None:
    procurement = world["procurement:central"]
    data = _checklist_data(procurement, {})
    data["items"] = "1"
    response = client_for("levanger_lead").post(
        reverse("procurement:procurement-checklist", args=[procurement.pk]), data
    )
    assert response.status_code == 400
    assert not ChecklistTick.objects.filter(procurement=procurement).exists()


def test_the_agreed_schedule_for_verdal_makes_a_committed_start_date(
    world: World, client_for: Any
) -> None:
    procurement = world["procurement:central"]
    client = client_for("verdal_lead")
    response = client.post(
        reverse("procurement:procurement-schedule", args=[procurement.pk]),
        {"rollout": world["rollout:verdal"].pk, "start_on": "2026-08-03"},
    )
    assert response.status_code == 302
    commitment = StartDateCommitment.objects.get(
        rollout=world["rollout:verdal"], supplier=world["org:supplier_a"]
    )
    assert commitment.status == CommitmentStatus.COMMITTED
    assert commitment.procurement == procurement
    page = client.get(reverse("procurement:procurement-detail", args=[procurement.pk]))
    assert reverse("procurement:commitment-detail", args=[commitment.pk]) in page.content.decode()


def test_the_schedule_without_a_supplier_awarded_shows_the_error_on_the_form(
    world: World, client_for: Any
) -> None:
    client = client_for("levanger_lead")
    client.post(
        reverse("procurement:procurement-create"),
        {
            "name": "Uten leverandør",
            "kind": "joint",
            "lead": world["org:levanger"].pk,
            "phase": "needs",
        },
    )
    procurement = Procurement.objects.get(name="Uten leverandør")
    response = client.post(
        reverse("procurement:procurement-schedule", args=[procurement.pk]),
        {"rollout": world["rollout:levanger"].pk, "start_on": "2026-08-03"},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not procurement.schedule.exists()


def test_a_change_is_saved_with_its_history(world: World, client_for: Any) -> None:
    procurement = world["procurement:central"]
    client = client_for("levanger_lead")
    response = client.post(
        reverse("procurement:procurement-edit", args=[procurement.pk]),
        {
            "version": procurement.version,
            "phase": "tender",
            "doffin_reference": "2026-123456",
            "supplier": world["org:supplier_a"].pk,
            "tender_published_on": "2026-03-02",
        },
    )
    assert response.status_code == 302
    procurement.refresh_from_db()
    assert procurement.phase == "tender"
    assert procurement.doffin_reference == "2026-123456"
    page = client.get(reverse("procurement:procurement-detail", args=[procurement.pk]))
    assert any(entry.action == "changed" for entry in page.context["history"])
    assert "2026-123456" in page.content.decode()


def test_a_meeting_is_recorded(world: World, client_for: Any) -> None:
    procurement = world["procurement:central"]
    response = client_for("verdal_lead").post(
        reverse("procurement:procurement-meeting", args=[procurement.pk]),
        {"held_on": "2026-02-10", "supplier": world["org:supplier_b"].pk, "notes": "Demo."},
    )
    assert response.status_code == 302
    assert procurement.meetings.get().supplier == world["org:supplier_b"]


def test_the_awarded_supplier_does_not_see_the_procurement(world: World, client_for: Any) -> None:
    procurement = world["procurement:central"]
    assert procurement.supplier == world["org:supplier_a"]
    client = client_for("supplier_a")
    response = client.get(reverse("procurement:procurement-detail", args=[procurement.pk]))
    assert response.status_code == 404
    listing = client.get(reverse("procurement:procurement-list"))
    assert listing.context["page_obj"].paginator.count == 0


def test_the_list_for_levangers_project_lead_shows_one_procurement(
    world: World, client_for: Any
) -> None:
    response = client_for("levanger_lead").get(reverse("procurement:procurement-list"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1
    assert [p.name for p in response.context["object_list"]] == ["Felles anskaffelse Innherred"]
