"""Suppliers and start dates: the capacity calendar, the commitment steps with notifications,
over-commitment warnings with feasible dates, and a supplier that never sees another's data."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import OrganisationKind
from procurement.load import compute_load, feasible_starts, monday, occupied_weeks, weeks_between
from procurement.models import Capacity, CommitmentStatus, StartDateCommitment
from procurement.services import commitments
from procurement.services.capacity import set_capacity
from procurement.services.commitments import without_notifications
from procurement.services.procurements import add_schedule_entry
from procurement.tasks import notify_commitment_step
from rollout.models import Participation
from rollout.services.plan import create_rollout
from tests.factories import OrganisationFactory
from tests.personas import World


def test_a_commitment_occupies_its_weeks_until_stabilisation(db: Any) -> None:
    weeks = occupied_weeks(date(2027, 1, 6), date(2027, 4, 10))
    assert weeks[0] == date(2027, 1, 4)
    assert weeks[-1] == monday(date(2027, 4, 10) + timedelta(weeks=8))


def test_capacity_repeats_a_pattern_over_a_range(world: World) -> None:
    supplier = world["org:supplier_b"]
    written = set_capacity(
        by=world.people["supplier_b"],
        supplier=supplier,
        first_week=date(2028, 1, 5),
        last_week=date(2028, 3, 1),
        implementations=4,
        go_lives=1,
        every=2,
    )
    weeks = list(
        Capacity.objects.filter(supplier=supplier, week__year=2028).values_list("week", flat=True)
    )
    assert written == 5
    assert weeks == [date(2028, 1, 3) + timedelta(weeks=2 * i) for i in range(5)]


def test_a_supplier_cannot_keep_another_suppliers_calendar(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        set_capacity(
            by=world.people["supplier_a"],
            supplier=world["org:supplier_b"],
            first_week=date(2028, 1, 5),
            implementations=9,
            go_lives=9,
        )


def test_the_steps_from_request_to_confirmed_tell_the_other_side(
    world: World, tasks_in_process: Any, django_capture_on_commit_callbacks: Any
) -> None:
    lead, supplier = world.people["levanger_lead"], world.people["supplier_a"]
    commitment = world["commitment:a_levanger"]
    with django_capture_on_commit_callbacks(execute=True):
        commitments.propose(
            by=supplier,
            commitment=commitment,
            start_on=date(2026, 9, 14),
            reason="Uke 38 passer bedre.",
            expected_version=commitment.version,
        )
    assert mail.outbox[-1].to == [lead.email, world.people["steering_central"].email] or set(
        mail.outbox[-1].to
    ) == {lead.email, world.people["steering_central"].email}
    with django_capture_on_commit_callbacks(execute=True):
        commitments.commit(by=lead, commitment=commitment, expected_version=commitment.version)
    assert mail.outbox[-1].to == [supplier.email]
    commitments.confirm(by=supplier, commitment=commitment, expected_version=commitment.version)
    steps = list(commitment.events.values_list("to_status", "by__email"))
    assert steps == [
        ("requested", lead.email),
        ("proposed", supplier.email),
        ("committed", lead.email),
        ("confirmed", supplier.email),
    ]
    assert commitment.start_on == date(2026, 9, 14)


def test_a_commitment_step_delivered_twice_tells_each_person_once(world: World) -> None:
    # Given the supplier proposed another date (the notification is not yet sent)
    lead, supplier = world.people["levanger_lead"], world.people["supplier_a"]
    commitment = world["commitment:a_levanger"]
    with without_notifications():
        commitments.propose(
            by=supplier,
            commitment=commitment,
            start_on=date(2026, 9, 14),
            reason="Uke 38 passer bedre.",
            expected_version=commitment.version,
        )
    event = commitment.events.latest("at", "id")
    mail.outbox.clear()

    # When the broker delivers its notification twice
    first = notify_commitment_step(event.pk)
    second = notify_commitment_step(event.pk)

    # Then the buyer's side is told once
    assert (first, second) == (2, 0)
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {lead.email, world.people["steering_central"].email}


def test_a_step_out_of_order_is_refused(world: World) -> None:
    commitment = world["commitment:a_levanger"]  # requested
    with pytest.raises(ValidationError):
        commitments.confirm(
            by=world.people["supplier_a"],
            commitment=commitment,
            expected_version=commitment.version,
        )


def _fill_supplier_a(world: World, count: int) -> None:
    """``count`` more rollouts asking supplier A for the same weeks as Kristiansand."""
    other = world["collab:other"]
    wave = world["wave:other"]
    for i in range(count):
        org = OrganisationFactory(name=f"Fyllkommune {i}")
        Participation.objects.create(collaboration=other, organisation=org)
        rollout = create_rollout(by=None, collaboration=other, organisation=org, wave=wave)
        StartDateCommitment.objects.create(
            rollout=rollout,
            supplier=world["org:supplier_a"],
            start_on=date(2026, 10, 5),
            status="committed",
        )


def test_committing_an_overbooking_date_is_refused_with_nearest_feasible_dates(
    world: World, client_for: Any
) -> None:
    # Supplier A runs 2 implementations at once; Levanger's request and Kristiansand's
    # proposal already take both from October 2026, so a third must wait.
    _fill_supplier_a(world, 1)
    commitment = world["commitment:a_levanger"]
    commitments.propose(
        by=world.people["supplier_a"],
        commitment=commitment,
        start_on=date(2026, 9, 7),
        expected_version=commitment.version,
    )
    with pytest.raises(ValidationError) as exc:
        commitments.commit(
            by=world.people["levanger_lead"],
            commitment=commitment,
            expected_version=commitment.version,
        )
    assert "start_on" in exc.value.message_dict
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.PROPOSED
    page = client_for("levanger_lead").get(
        reverse("procurement:commitment-detail", args=[commitment.pk])
    )
    assert page.context["warnings"]
    # Knowingly, with a reason, it can still be committed.
    commitments.commit(
        by=world.people["levanger_lead"],
        commitment=commitment,
        expected_version=commitment.version,
        accept_overbooking=True,
        reason="Leverandøren setter inn ekstra team.",
    )
    assert commitment.status == CommitmentStatus.COMMITTED


def test_feasible_dates_are_the_nearest_that_fit(world: World) -> None:
    supplier = world["org:supplier_b"]
    go_live = world["wave:central"].go_live
    # Only one implementation at a time in January–February 2027, and Verdal takes it.
    set_capacity(
        by=None,
        supplier=supplier,
        first_week=date(2027, 1, 4),
        last_week=date(2027, 2, 22),
        implementations=1,
        go_lives=2,
    )
    found = feasible_starts(supplier.pk, date(2027, 1, 4), go_live)
    assert found == [date(2027, 3, 1), date(2027, 3, 8), date(2027, 3, 15)]
    for start in found:
        load = compute_load(
            [supplier.pk],
            occupied_weeks(start, go_live),
            extra=[(supplier.pk, start, go_live, "x")],
        )
        assert not any(load.cell(supplier.pk, w).over for w in load.weeks)


def test_the_heatmap_shows_a_supplier_only_its_own_row(world: World, client_for: Any) -> None:
    rows = client_for("supplier_a").get(reverse("procurement:heatmap")).context["rows"]
    assert [s.name for s, _cells in rows] == ["Leverandør A"]
    rows = client_for("levanger_lead").get(reverse("procurement:heatmap")).context["rows"]
    assert [s.name for s, _cells in rows] == ["Leverandør A", "Leverandør B"]
    html = client_for("supplier_a").get(reverse("procurement:commitment-list")).content
    assert "Leverandør B" not in html.decode()


def test_the_agreed_schedule_creates_committed_commitments(world: World) -> None:
    procurement = world["procurement:central"]
    _entry, commitment = add_schedule_entry(
        by=world.people["verdal_lead"],
        procurement=procurement,
        rollout=world["rollout:verdal"],
        start_on=date(2026, 8, 3),
    )
    assert commitment is not None
    assert commitment.status == CommitmentStatus.COMMITTED
    assert commitment.supplier == world["org:supplier_a"]
    assert commitment.procurement == procurement


def _grow_suppliers(world: World, suppliers: int, commitments_each: int) -> None:
    wave = world["wave:other"]
    other = world["collab:other"]
    for s in range(suppliers):
        supplier = OrganisationFactory(kind=OrganisationKind.SUPPLIER, name=f"Lev {s}")
        set_capacity(
            by=None,
            supplier=supplier,
            first_week=date(2026, 1, 5),
            last_week=date(2030, 12, 16),
            implementations=3,
            go_lives=1,
        )
        for c in range(commitments_each):
            org = OrganisationFactory(name=f"Kommune {s}-{c}")
            Participation.objects.create(collaboration=other, organisation=org)
            rollout = create_rollout(by=None, collaboration=other, organisation=org, wave=wave)
            StartDateCommitment.objects.create(
                rollout=rollout, supplier=supplier, start_on=date(2026, 3, 2), status="requested"
            )


def test_the_heatmap_takes_a_fixed_number_of_queries(world: World, client_for: Any) -> None:
    client = client_for("ks_editor")
    url = reverse("procurement:heatmap") + "?start=2026-01-05&weeks=260"
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    _grow_suppliers(world, 4, 3)
    assert count() == before == 7


def test_the_load_of_20_suppliers_260_weeks_400_commitments_is_three_queries(
    world: World,
) -> None:
    _grow_suppliers(world, 20, 20)
    ids = list(
        world["org:supplier_a"]
        .__class__.objects.filter(kind=OrganisationKind.SUPPLIER)
        .values_list("pk", flat=True)
    )
    with CaptureQueriesContext(connection) as ctx:
        load = compute_load(ids, weeks_between(date(2026, 1, 5), 260))
    assert len(ctx.captured_queries) == 2  # capacity rows and commitments
    assert sum(cell.implementations for cell in load.cells.values()) > 400


def test_a_suppliers_calendar_feed_holds_only_its_own_commitments(
    world: World, client_for: Any
) -> None:
    response = client_for("supplier_a").get(reverse("api:commitment-calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    feed = response.content.decode()
    assert feed.startswith("BEGIN:VCALENDAR\r\n") and feed.endswith("END:VCALENDAR\r\n")
    assert "Levanger" in feed and "Kristiansand" in feed
    assert "Verdal" not in feed and "Leverandør B" not in feed
    assert feed.count("BEGIN:VEVENT") == 4  # a start and a go-live for each of two
    # The calendar's name is translated like its events.
    assert "X-WR-CALNAME:Oppstartsdatoer og innføringer\r\n" in feed


def test_the_load_api_shows_a_supplier_only_its_own_row(world: World, client_for: Any) -> None:
    body = (
        client_for("supplier_b")
        .get(reverse("api:load"), {"start": "2026-10-05", "weeks": 4})
        .json()
    )
    assert [s["name"] for s in body["suppliers"]] == ["Leverandør B"]
    assert body["suppliers"][0]["cells"][0]["implementations"] == 1
    body = client_for("ks_editor").get(reverse("api:load")).json()
    assert [s["name"] for s in body["suppliers"]] == ["Leverandør A", "Leverandør B"]


def test_the_supplier_proposes_through_the_api_with_if_match(world: World, client_for: Any) -> None:
    commitment = world["commitment:a_levanger"]
    client = client_for("supplier_a")
    url = reverse("api:commitment-step", args=[commitment.pk])
    etag = client.get(reverse("api:commitment-detail", args=[commitment.pk]))["ETag"]
    response = client.post(
        url,
        {"action": "propose", "start_on": "2026-09-21"},
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "proposed"
    stale = client.post(
        url,
        {"action": "decline", "reason": "Nei"},
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert stale.status_code == 412
    unguarded = client.post(
        url, {"action": "decline", "reason": "Nei"}, content_type="application/json"
    )
    assert unguarded.status_code == 428
    # The buyer may not take the supplier's step.
    buyer = client_for("levanger_lead").post(
        url, {"action": "confirm"}, content_type="application/json"
    )
    assert buyer.status_code == 403


def test_a_suppliers_export_holds_only_its_own_commitments(world: World, client_for: Any) -> None:
    response = client_for("supplier_b").get(reverse("procurement:commitment-export"))
    assert response["Content-Type"].startswith("text/csv")
    rows = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 2  # the header and Verdal's
    assert "Verdal" in rows[1] and "Leverandør B" in rows[1]
    assert "Levanger" not in response.content.decode("utf-8-sig")
    everything = client_for("ks_editor").get(reverse("procurement:commitment-export"))
    assert len(everything.content.decode("utf-8-sig").strip().splitlines()) == 4


def test_the_supplier_keeps_its_calendar_in_the_week_grid(world: World, client_for: Any) -> None:
    supplier = world["org:supplier_a"]
    client = client_for("supplier_a")
    url = reverse("procurement:capacity-edit", args=[supplier.pk]) + "?start=2026-10-05"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["rows"][0]["impl"] == 2  # what the calendar holds
    response = client.post(
        url,
        {
            "form": "grid",
            "impl-2026-10-05": "4",
            "live-2026-10-05": "1",
            "impl-2026-10-12": "",
            "live-2026-10-12": "",
        },
    )
    assert response.status_code == 302
    assert Capacity.objects.get(supplier=supplier, week=date(2026, 10, 5)).implementations == 4
    assert Capacity.objects.get(supplier=supplier, week=date(2026, 10, 12)).implementations == 2
    bad = client.post(url, {"form": "grid", "impl-2026-10-19": "-1", "live-2026-10-19": "x"})
    assert bad.status_code == 400
    assert Capacity.objects.get(supplier=supplier, week=date(2026, 10, 19)).implementations == 2


def test_ks_keeps_the_checklist(world: World, client_for: Any) -> None:
    from procurement.models import ChecklistItem

    client = client_for("ks_editor")
    response = client.post(
        reverse("procurement:checklist-items"),
        {
            "order": 19,
            "text_nb": "Plan for avslutning og eksport ved kontraktsslutt",
            "text_en": "Exit plan",
            "basis": "KS",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    item = ChecklistItem.objects.get(order=19)
    first = world["checklist:first"]
    client.post(
        reverse("procurement:checklist-item-edit", args=[first.pk]),
        {
            "version": first.version,
            "order": first.order,
            "text_nb": first.text_nb,
            "text_en": first.text_en,
            "basis": first.basis,
        },
    )  # is_active unticked: taken out of use
    first.refresh_from_db()
    assert not first.is_active and item.is_active
    assert (
        client_for("levanger_lead")
        .post(reverse("procurement:checklist-items"), {"order": 20, "text_nb": "x"})
        .status_code
        == 403
    )
