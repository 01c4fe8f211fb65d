"""KS staff keep collaborations (participants, steering-group seats, supplier, solution,
methodology), blackout periods and article topics on the portal's own pages, through services
that write history; the Django admin only looks."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse

from knowledge.forms import ArticleForm
from knowledge.models import Topic
from knowledge.topics import create_topic
from portal.history import entries_for
from portal.models import HistoryEntry, Invitation, Membership, Organisation
from rollout.calendar import blackout_reasons
from rollout.models import BlackoutPeriod, Collaboration, Participation, SteeringGroupMember
from rollout.services.blackouts import create_blackout
from rollout.services.collaborations import remove_participant
from tests.personas import World


def _actions(obj: Any) -> list[str]:
    return [e.action for e in entries_for(obj)]


# --- collaborations ---------------------------------------------------------------------------


def test_ks_staff_create_a_collaboration_on_its_page(world: World, client_for: Any) -> None:
    client = client_for("ks_editor")
    supplier = world["org:supplier_a"]
    response = client.post(
        reverse("rollout:collaboration-create"),
        {
            "name": "Vestlandet",
            "description": "Nye kommuner i vest.",
            "supplier": supplier.pk,
            "solution": "Epic",
            "methodology": "",
            "report_deadline_working_day": "5",
        },
    )
    assert response.status_code == 302
    created = Collaboration.objects.get(name="Vestlandet")
    assert created.supplier == supplier
    assert created.solution == "Epic"
    # Without a choice it follows the default methodology, so rollouts can be planned.
    assert created.methodology == world["methodology:default"]
    entry = entries_for(created).get()
    assert entry.action == "created" and entry.actor == world.people["ks_editor"]


def test_a_collaboration_name_taken_is_said_beside_the_field(world: World, client_for: Any) -> None:
    response = client_for("ks_editor").post(
        reverse("rollout:collaboration-create"),
        {"name": world["collab:other"].name, "report_deadline_working_day": "5"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["name"]


def test_ks_staff_change_the_supplier_and_solution_with_history(
    world: World, client_for: Any
) -> None:
    central = world["collab:central"]
    client = client_for("ks_editor")
    page = client.get(reverse("rollout:collaboration-detail", args=[central.pk]))
    assert reverse("rollout:collaboration-edit", args=[central.pk]) in page.content.decode()
    response = client.post(
        reverse("rollout:collaboration-edit", args=[central.pk]),
        {
            "name": central.name,
            "description": "",
            "supplier": world["org:supplier_b"].pk,
            "solution": "Epic",
            "methodology": world["methodology:default"].pk,
            "report_deadline_working_day": "7",
            "version": central.version,
        },
    )
    assert response.status_code == 302
    central.refresh_from_db()
    assert (central.supplier, central.solution, central.report_deadline_working_day) == (
        world["org:supplier_b"],
        "Epic",
        7,
    )
    entry = entries_for(central).first()
    assert entry is not None and entry.action == "changed"
    assert set(entry.changes) == {"supplier", "solution", "report_deadline_working_day"}


def test_a_collaboration_changed_meanwhile_is_not_saved(world: World, client_for: Any) -> None:
    central = world["collab:central"]
    Collaboration.objects.filter(pk=central.pk).update(version=central.version + 1)
    response = client_for("ks_editor").post(
        reverse("rollout:collaboration-edit", args=[central.pk]),
        {
            "name": "Nytt navn",
            "report_deadline_working_day": "5",
            "version": central.version,
        },
    )
    assert response.status_code == 409
    assert Collaboration.objects.get(pk=central.pk).name == central.name


def test_a_steering_member_cannot_change_the_collaboration(world: World, client_for: Any) -> None:
    central = world["collab:central"]
    response = client_for("steering_central").post(
        reverse("rollout:collaboration-edit", args=[central.pk]),
        {"name": "Kapret", "report_deadline_working_day": "5", "version": central.version},
    )
    assert response.status_code == 403
    assert Collaboration.objects.get(pk=central.pk).name == central.name


def test_ks_staff_take_an_organisation_in_and_out(world: World, client_for: Any) -> None:
    central = world["collab:central"]
    kristiansand = Organisation.objects.get(name="Kristiansand")
    client = client_for("ks_editor")
    response = client.post(
        reverse("rollout:collaboration-participants", args=[central.pk]),
        {"organisation": kristiansand.pk},
    )
    assert response.status_code == 302
    participation = Participation.objects.get(collaboration=central, organisation=kristiansand)
    response = client.post(reverse("rollout:participant-remove", args=[participation.pk]))
    assert response.status_code == 302
    assert not Participation.objects.filter(pk=participation.pk).exists()
    assert _actions(central)[:2] == ["participant removed", "participant added"]


def test_an_organisation_with_a_rollout_stays_in(world: World, client_for: Any) -> None:
    central = world["collab:central"]
    levanger = Participation.objects.get(collaboration=central, organisation__name="Levanger")
    response = client_for("ks_editor").post(
        reverse("rollout:participant-remove", args=[levanger.pk])
    )
    assert response.status_code == 400
    assert "Levanger" in response.content.decode()
    assert Participation.objects.filter(pk=levanger.pk).exists()
    with pytest.raises(ValidationError):
        remove_participant(
            by=world.people["ks_editor"], collaboration=central, organisation=levanger.organisation
        )


def test_a_supplier_cannot_be_a_participant(world: World, client_for: Any) -> None:
    central = world["collab:central"]
    response = client_for("ks_editor").post(
        reverse("rollout:collaboration-participants", args=[central.pk]),
        {"organisation": world["org:supplier_a"].pk},
    )
    assert response.status_code == 400
    assert response.context["participant_form"].errors["organisation"]


def test_ks_staff_give_and_take_a_steering_seat_with_a_role(world: World, client_for: Any) -> None:
    central = world["collab:central"]
    person = world.people["verdal_lead"]
    client = client_for("ks_editor")
    response = client.post(
        reverse("rollout:steering-seat-add", args=[central.pk]),
        {"email": person.email.upper(), "title": "Kommunalsjef", "is_chair": "on"},
    )
    assert response.status_code == 302
    seat = SteeringGroupMember.objects.get(collaboration=central, user=person)
    assert (seat.title, seat.is_chair) == ("Kommunalsjef", True)
    page = client.get(reverse("rollout:collaboration-participants", args=[central.pk]))
    assert "Kommunalsjef" in page.content.decode()
    response = client.post(reverse("rollout:steering-seat-remove", args=[seat.pk]))
    assert response.status_code == 302
    assert not SteeringGroupMember.objects.filter(pk=seat.pk).exists()
    assert _actions(central)[:2] == ["steering member removed", "steering member added"]


def test_a_seat_for_nobody_is_refused_beside_the_field(world: World, client_for: Any) -> None:
    central = world["collab:central"]
    response = client_for("ks_editor").post(
        reverse("rollout:steering-seat-add", args=[central.pk]), {"email": "ingen@example.no"}
    )
    assert response.status_code == 400
    assert response.context["seat_form"].errors["email"]


def test_a_supplier_contact_gets_no_steering_seat(world: World, client_for: Any) -> None:
    central = world["collab:central"]
    contact = world.people["supplier_a"]
    response = client_for("ks_editor").post(
        reverse("rollout:steering-seat-add", args=[central.pk]), {"email": contact.email}
    )
    assert response.status_code == 400
    assert response.context["seat_form"].non_field_errors()
    assert not SteeringGroupMember.objects.filter(collaboration=central, user=contact).exists()


# --- blackout periods -------------------------------------------------------------------------


def test_ks_staff_create_change_and_delete_a_blackout_period(world: World, client_for: Any) -> None:
    client = client_for("ks_editor")
    listing = client.get(reverse("rollout:blackout-list"))
    assert "Kommunesammenslåing" in listing.content.decode()
    response = client.post(
        reverse("rollout:blackout-create"),
        {"name": "Kommunevalg", "starts_on": "2031-09-08", "ends_on": "2031-09-14"},
    )
    assert response.status_code == 302
    period = BlackoutPeriod.objects.get(name="Kommunevalg")
    assert period.collaboration is None
    assert blackout_reasons(date(2031, 9, 13)) == ["Kommunevalg"]
    response = client.post(
        reverse("rollout:blackout-edit", args=[period.pk]),
        {
            "name": "Kommunevalg",
            "starts_on": "2031-09-01",
            "ends_on": "2031-09-14",
            "collaboration": world["collab:central"].pk,
            "version": period.version,
        },
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.starts_on == date(2031, 9, 1)
    assert period.collaboration == world["collab:central"]
    response = client.post(
        reverse("rollout:blackout-delete", args=[period.pk]), {"version": period.version}
    )
    assert response.status_code == 302
    assert not BlackoutPeriod.objects.filter(pk=period.pk).exists()
    actions = list(
        HistoryEntry.objects.filter(
            content_type__model="blackoutperiod", object_id=str(period.pk)
        ).values_list("action", "actor")
    )
    person = world.people["ks_editor"].pk
    assert actions == [("deleted", person), ("changed", person), ("created", person)]


def test_a_blackout_ending_before_it_starts_is_refused_beside_the_field(
    world: World, client_for: Any
) -> None:
    response = client_for("ks_editor").post(
        reverse("rollout:blackout-create"),
        {"name": "Feil", "starts_on": "2031-09-08", "ends_on": "2031-09-01"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["ends_on"]


def test_a_blackout_in_year_9999_is_refused_beside_the_field(world: World, client_for: Any) -> None:
    response = client_for("ks_editor").post(
        reverse("rollout:blackout-create"),
        {"name": "Langt unna", "starts_on": "2031-09-08", "ends_on": "9999-12-31"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["ends_on"]
    with pytest.raises(ValidationError) as refused:
        create_blackout(
            by=world.people["ks_editor"],
            name="Langt unna",
            starts_on=date(1, 1, 1),
            ends_on=date(2031, 1, 1),
        )
    assert "starts_on" in refused.value.message_dict
    assert not BlackoutPeriod.objects.filter(name="Langt unna").exists()


def test_a_blackout_changed_meanwhile_is_not_saved(world: World, client_for: Any) -> None:
    period = world["blackout:central"]
    BlackoutPeriod.objects.filter(pk=period.pk).update(version=period.version + 1)
    response = client_for("ks_editor").post(
        reverse("rollout:blackout-edit", args=[period.pk]),
        {
            "name": "Annet navn",
            "starts_on": "2031-01-06",
            "ends_on": "2031-01-19",
            "version": period.version,
        },
    )
    assert response.status_code == 409
    assert BlackoutPeriod.objects.get(pk=period.pk).name == period.name


# --- topics -----------------------------------------------------------------------------------


def test_ks_staff_create_rename_and_retire_a_topic(world: World, client_for: Any) -> None:
    client = client_for("ks_editor")
    articles = client.get(reverse("knowledge:article-list"))
    assert reverse("knowledge:topic-list") in articles.content.decode()
    assert client.post(reverse("knowledge:topic-list"), {"name": "Legemidler"}).status_code == 302
    topic = Topic.objects.get(name="Legemidler")
    response = client.post(reverse("knowledge:topic-edit", args=[topic.pk]), {"name": "Medisin"})
    assert response.status_code == 302
    response = client.post(reverse("knowledge:topic-in-use", args=[topic.pk]), {"in_use": "0"})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.name, topic.is_active) == ("Medisin", False)
    assert _actions(topic) == ["retired", "changed", "created"]
    # A retired topic is no longer offered for a new article.
    form = ArticleForm(user=world.people["levanger_lead"])
    assert topic not in form.fields["topics"].queryset  # type: ignore[attr-defined]


def test_a_topic_name_taken_is_said_beside_the_field(world: World, client_for: Any) -> None:
    response = client_for("ks_editor").post(
        reverse("knowledge:topic-list"), {"name": "gevinstrealisering"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["name"]


def test_only_ks_staff_keep_topics(world: World) -> None:
    with pytest.raises(PermissionDenied):
        create_topic(by=world.people["levanger_lead"], name="Ukjent")


# --- the Django admin only looks --------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [Collaboration, BlackoutPeriod, Invitation, HistoryEntry],
    ids=lambda m: m.__name__,
)
def test_the_admin_does_not_write_what_services_keep(world: World, model: Any) -> None:
    request = RequestFactory().get("/")
    request.user = world.people["admin"]
    model_admin = admin.site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    for inline in model_admin.get_inline_instances(request):
        assert not inline.has_add_permission(request, None)


def test_memberships_are_not_written_in_the_user_admin(world: World) -> None:
    from portal.models import User

    request = RequestFactory().get("/")
    request.user = world.people["admin"]
    user_admin = admin.site._registry[User]
    inlines = [i for i in user_admin.inlines if i.model is Membership]
    assert inlines
    for inline_class in inlines:
        inline = inline_class(User, admin.site)
        assert not inline.has_add_permission(request, None)
        assert not inline.has_change_permission(request, None)
        assert not inline.has_delete_permission(request, None)
