"""Procurement touches only what its user may touch: participants, schedule entries and the
commitments they make stay within what the acting person may change; select lists, the
supplier load and the article filter name only what the viewer may see. And what broke in the
browser: the products of the chosen supplier only, the commitment calendar's charset and
closed commitments, the KS checklist's basis in Norwegian, scroll boxes the keyboard reaches."""

from __future__ import annotations

import csv
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from procurement.models import ChecklistItem, CommitmentStatus, Procurement, StartDateCommitment
from procurement.services.commitments import request_commitment, withdraw
from procurement.services.procurements import (
    DATA_DIR,
    add_schedule_entry,
    create_procurement,
    install_ks_checklist,
)
from rollout.models import Participation
from rollout.services.plan import create_rollout
from tests.factories import OrganisationFactory
from tests.html_checks import accessibility_problems
from tests.personas import World

# --- Participants, schedule entries and their commitments ------------------------------------


def _reaching_out(world: World) -> Procurement:
    """A procurement led by Levanger that names Kristiansand (of another collaboration), with
    supplier A awarded: as one could be made before participants were checked."""
    return create_procurement(
        by=None,
        lead=world["org:levanger"],
        participants=[world["org:verdal"], world["rollout:other"].organisation],
        name="Rekker langt",
        kind="joint",
        supplier=world["org:supplier_a"],
    )


def test_a_lead_cannot_name_a_municipality_of_another_collaboration(
    world: World, client_for: Any
) -> None:
    kristiansand = world["rollout:other"].organisation
    with pytest.raises(ValidationError) as raised:
        create_procurement(
            by=world.people["levanger_lead"],
            lead=world["org:levanger"],
            participants=[kristiansand],
            name="Over grensen",
            kind="joint",
        )
    assert "participants" in raised.value.message_dict
    response = client_for("levanger_lead").post(
        reverse("procurement:procurement-create"),
        {
            "name": "Over grensen",
            "kind": "joint",
            "lead": world["org:levanger"].pk,
            "participants": [kristiansand.pk],
            "phase": "needs",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["participants"]
    assert not Procurement.objects.filter(name="Over grensen").exists()
    page = client_for("levanger_lead").get(reverse("procurement:procurement-create"))
    offered = set(page.context["form"].fields["participants"].queryset)
    assert world["org:verdal"] in offered
    assert kristiansand not in offered
    # A municipality in no collaboration yet may be named: it has no rollout to touch.
    exploring = OrganisationFactory(name="Utforskende kommune")
    assert exploring in set(page.context["form"].fields["participants"].queryset.all())
    procurement = create_procurement(
        by=world.people["levanger_lead"],
        lead=world["org:levanger"],
        participants=[world["org:verdal"], exploring],
        name="Sammen",
        kind="joint",
    )
    assert set(procurement.participants.all()) == {world["org:verdal"], exploring}


def test_a_schedule_entry_cannot_commit_another_collaborations_rollout(world: World) -> None:
    procurement = _reaching_out(world)
    with pytest.raises(PermissionDenied):
        add_schedule_entry(
            by=world.people["levanger_lead"],
            procurement=procurement,
            rollout=world["rollout:other"],
            start_on=date(2026, 8, 3),
        )
    assert not procurement.schedule.exists()
    assert not StartDateCommitment.objects.filter(procurement=procurement).exists()
    assert world["org:supplier_a"].commitments.filter(rollout=world["rollout:other"]).count() == 1
    assert mail.outbox == []


def test_a_schedule_entry_cannot_commit_a_fellow_participants_rollout(world: World) -> None:
    """Verdal takes part in the procurement, but its rollout is Verdal's to plan."""
    procurement = world["procurement:central"]
    with pytest.raises(PermissionDenied):
        add_schedule_entry(
            by=world.people["levanger_lead"],
            procurement=procurement,
            rollout=world["rollout:verdal"],
            start_on=date(2026, 8, 3),
        )
    assert not StartDateCommitment.objects.filter(
        rollout=world["rollout:verdal"], supplier=world["org:supplier_a"]
    ).exists()


def test_a_schedule_entry_names_a_rollout_of_the_procurements_organisations(
    world: World,
) -> None:
    """KS' view: the lead's own rollout in another collaboration is not the procurement's."""
    procurement = create_procurement(
        by=None,
        lead=world["org:verdal"],
        participants=[],
        name="Verdal alene",
        kind="call_off",
        supplier=world["org:supplier_a"],
    )
    with pytest.raises(ValidationError) as raised:
        add_schedule_entry(
            by=world.people["verdal_lead"],
            procurement=procurement,
            rollout=world["rollout:levanger"],
            start_on=date(2026, 8, 3),
        )
    assert "rollout" in raised.value.message_dict


def test_a_schedule_entry_names_one_rollout_and_a_wave_of_its_collaboration(
    world: World,
) -> None:
    procurement = world["procurement:central"]
    with pytest.raises(ValidationError) as raised:
        add_schedule_entry(
            by=world.people["verdal_lead"],
            procurement=procurement,
            rollout=world["rollout:verdal"],
            wave=world["wave:other"],
            start_on=date(2026, 8, 3),
        )
    assert "wave" in raised.value.message_dict
    entry, commitment = add_schedule_entry(
        by=world.people["verdal_lead"],
        procurement=procurement,
        rollout=world["rollout:verdal"],
        start_on=date(2026, 8, 3),
    )
    assert entry.rollout == world["rollout:verdal"]
    assert entry.wave == world["rollout:verdal"].wave
    assert commitment is not None
    assert commitment.rollout == world["rollout:verdal"]
    assert commitment.status == CommitmentStatus.COMMITTED


def test_a_schedule_entry_passes_the_checks_of_a_direct_request(world: World) -> None:
    """A start date after go-live is refused on the schedule as on a request."""
    with pytest.raises(ValidationError) as raised:
        add_schedule_entry(
            by=world.people["verdal_lead"],
            procurement=world["procurement:central"],
            rollout=world["rollout:verdal"],
            start_on=date(2027, 6, 7),
        )
    assert "start_on" in raised.value.message_dict
    assert not world["procurement:central"].schedule.exists()


def test_keeping_a_procurement_gives_no_right_to_request_for_another_rollout(
    world: World,
) -> None:
    """Before, keeping the procurement was enough to make a commitment on any rollout."""
    procurement = _reaching_out(world)
    with pytest.raises(PermissionDenied):
        request_commitment(
            by=world.people["levanger_lead"],
            rollout=world["rollout:verdal"],
            supplier=world["org:supplier_a"],
            start_on=date(2026, 8, 3),
            procurement=procurement,
            status=CommitmentStatus.COMMITTED,
        )


def test_the_schedule_form_offers_only_what_the_person_may_change_and_see(
    world: World, client_for: Any
) -> None:
    procurement = _reaching_out(world)
    client = client_for("levanger_lead")
    url = reverse("procurement:procurement-schedule", args=[procurement.pk])
    page = client.get(url)
    form = page.context["form"]
    assert list(form.fields["rollout"].queryset) == [world["rollout:levanger"]]
    waves = set(form.fields["wave"].queryset)
    assert world["wave:central"] in waves
    assert world["wave:other"] not in waves
    html = page.content.decode()
    assert "Pulje A" not in html  # the other collaboration's wave
    for rollout, wave in [
        (world["rollout:other"], world["wave:other"]),
        (world["rollout:verdal"], world["wave:central"]),
        (world["rollout:levanger"], world["wave:other"]),
    ]:
        response = client.post(
            url, {"rollout": rollout.pk, "wave": wave.pk, "start_on": "2026-08-03"}
        )
        assert response.status_code == 400
    assert not procurement.schedule.exists()
    assert not StartDateCommitment.objects.filter(procurement=procurement).exists()


# --- The supplier load, the article filter ----------------------------------------------------


def _hidden_commitments(world: World, count: int) -> None:
    """``count`` more rollouts of the other collaboration asking supplier A."""
    other = world["collab:other"]
    for n in range(count):
        org = OrganisationFactory(name=f"Skjult kommune {n}")
        Participation.objects.create(collaboration=other, organisation=org)
        rollout = create_rollout(
            by=None, collaboration=other, organisation=org, wave=world["wave:other"]
        )
        StartDateCommitment.objects.create(
            rollout=rollout,
            supplier=world["org:supplier_a"],
            start_on=date(2026, 10, 12),
            status="requested",
        )


@pytest.mark.parametrize(("language", "label"), [("nb", "3 andre"), ("en", "3 others")])
def test_the_supplier_load_counts_the_rollouts_the_viewer_cannot_see(
    world: World, client_for: Any, language: str, label: str
) -> None:
    _hidden_commitments(world, 2)
    client = client_for("levanger_lead")
    client.cookies["django_language"] = language
    url = reverse("procurement:supplier-load", args=[world["org:supplier_a"].pk])
    html = client.get(url, {"start": "2026-10-12", "weeks": 4}).content.decode()
    assert "Levanger" in html
    assert "Kristiansand" not in html
    assert "Skjult kommune" not in html
    assert html.count(label) == 4
    # The supplier sees every rollout it serves; so does KS.
    for persona in ("supplier_a", "ks_editor"):
        html = client_for(persona).get(url, {"start": "2026-10-12", "weeks": 4}).content.decode()
        assert "Kristiansand" in html
        assert "Skjult kommune 1" in html


def test_the_load_api_and_the_exports_name_no_hidden_rollout(world: World, client_for: Any) -> None:
    _hidden_commitments(world, 1)
    client = client_for("levanger_lead")
    for url in (
        reverse("api:load") + "?start=2026-10-12&weeks=4",
        reverse("procurement:commitment-export"),
        reverse("api:commitment-calendar"),
        reverse("api:commitment-list"),
    ):
        body = client.get(url).content.decode()
        assert "Kristiansand" not in body, url
        assert "Skjult kommune" not in body, url


def test_the_article_filter_names_only_organisations_with_articles_one_may_see(
    world: World, client_for: Any
) -> None:
    """Verdal has only a draft: only those who may read it see Verdal in the filter."""
    url = reverse("knowledge:article-list")
    for persona, expected in [
        ("levanger_lead", ["Levanger"]),
        ("outsider", ["Levanger"]),
        ("supplier_b", ["Levanger"]),
        ("verdal_lead", ["Levanger", "Verdal"]),
        ("ks_editor", ["Levanger", "Verdal"]),
    ]:
        page = client_for(persona).get(url)
        widget = page.context["filter"].form.fields["organisation"].widget
        names = [name for value, name in widget.choices if value]
        assert names == expected, persona
    html = client_for("levanger_lead").get(url).content.decode()
    assert ">Verdal<" not in html


# --- The start-date request, the calendar, the checklist, scroll boxes ------------------------


def test_the_start_date_request_offers_only_the_chosen_suppliers_products(
    world: World, client_for: Any
) -> None:
    client = client_for("levanger_lead")
    url = reverse("procurement:commitment-request", args=[world["rollout:levanger"].pk])
    products = client.get(url).context["form"].fields["product"].queryset
    assert list(products) == []
    supplier_b = world["org:supplier_b"]
    page = client.get(url, {"supplier": supplier_b.pk})
    assert [p.name for p in page.context["form"].fields["product"].queryset] == ["Nordlys Omsorg"]
    assert "Fjord EPJ" not in page.content.decode()
    # Without JavaScript: "Show the supplier's products" shows the form again, sends nothing.
    shown = client.post(
        url, {"supplier": supplier_b.pk, "start_on": "2026-09-07", "show_products": "1"}
    )
    assert shown.status_code == 200
    assert [p.name for p in shown.context["form"].fields["product"].queryset] == ["Nordlys Omsorg"]
    assert not StartDateCommitment.objects.filter(
        rollout=world["rollout:levanger"], supplier=supplier_b
    ).exists()
    # Another supplier's product is refused on the field.
    refused = client.post(
        url,
        {"supplier": supplier_b.pk, "product": world["product:a"].pk, "start_on": "2026-09-07"},
    )
    assert refused.status_code == 400
    assert refused.context["form"].errors["product"]
    sent = client.post(
        url,
        {
            "supplier": supplier_b.pk,
            "product": supplier_b.products.get().pk,
            "start_on": "2026-09-07",
        },
    )
    assert sent.status_code == 302
    assert (
        StartDateCommitment.objects.get(
            rollout=world["rollout:levanger"], supplier=supplier_b
        ).product
        == supplier_b.products.get()
    )


def test_the_commitment_calendar_is_utf8_and_holds_only_open_commitments(
    world: World, client_for: Any
) -> None:
    commitment = world["commitment:a_levanger"]
    withdraw(
        by=world.people["levanger_lead"],
        commitment=commitment,
        reason="Ny leverandør.",
        expected_version=commitment.version,
    )
    response = client_for("levanger_lead").get(reverse("api:commitment-calendar"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode("utf-8")
    assert f"commitment-{commitment.pk}-" not in body
    assert f"commitment-{world['commitment:b_verdal'].pk}-start" in body


ENGLISH_NOTES = ("our default", "the portal's purpose", "lesson from", "as a requirement")


def test_the_checklist_basis_is_norwegian_and_names_its_source(world: World) -> None:
    bases = list(ChecklistItem.objects.order_by("order").values_list("basis", flat=True))
    assert len(bases) == 18
    for basis in bases:
        assert basis
        assert not any(note in basis for note in ENGLISH_NOTES), basis
    assert "KS: Tekniske og arkitekturmessige rammer" in bases[0]
    assert "Åfjord kommune" in bases[17]


def test_installing_the_checklist_again_updates_the_old_notes_once(world: World) -> None:
    with (DATA_DIR / "ks_checklist.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:  # as installed by an earlier version
        ChecklistItem.objects.filter(text_nb=row["text_nb"]).update(basis=row["replaces"])
    own = ChecklistItem.objects.get(order=8)
    own.basis = "Vår egen vurdering"  # written by KS staff: left alone
    own.save(update_fields=["basis"])
    assert install_ks_checklist() == 17
    assert install_ks_checklist() == 0
    bases = dict(ChecklistItem.objects.values_list("order", "basis"))
    assert bases[8] == "Vår egen vurdering"
    assert bases[12].startswith("Innføringsportalens formål")
    assert not any(note in b for b in bases.values() for note in ENGLISH_NOTES)
    assert ChecklistItem.objects.count() == 18


def test_the_supplier_pages_scroll_box_can_be_reached_by_keyboard(
    world: World, client_for: Any
) -> None:
    url = reverse("procurement:supplier-load", args=[world["org:supplier_a"].pk])
    html = client_for("supplier_a").get(url).content.decode()
    assert '<div class="table-scroll" tabindex="0" role="region" aria-label="' in html
    assert accessibility_problems(html) == []
    bare = '<main id="main"><h1>x</h1><div class="table-scroll"><table></table></div></main>'
    assert any("scroll box" in problem for problem in accessibility_problems(bare))


def test_the_migration_names_the_rollout_of_earlier_entries_where_one_fits(world: World) -> None:
    import importlib

    from django.apps import apps

    from procurement.models import ScheduleEntry

    migration = importlib.import_module("procurement.migrations.0003_schedule_entry_rollout")
    procurement = world["procurement:central"]
    one = ScheduleEntry.objects.create(
        procurement=procurement, organisation=world["org:verdal"], start_on=date(2026, 8, 3)
    )
    # Levanger plans in a second collaboration too: which rollout was meant is unknown.
    Participation.objects.create(
        collaboration=world["collab:other"], organisation=world["org:levanger"]
    )
    create_rollout(
        by=None,
        collaboration=world["collab:other"],
        organisation=world["org:levanger"],
        wave=world["wave:other"],
    )
    two = ScheduleEntry.objects.create(
        procurement=procurement, organisation=world["org:levanger"], start_on=date(2026, 8, 3)
    )
    migration.name_the_rollouts(apps, None)
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.rollout == world["rollout:verdal"]
    assert two.rollout is None
