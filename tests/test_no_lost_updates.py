"""No lost updates on articles, meetings, checklist items, procurements and a procurement's ticked
checklist: the form carries the version it was read at, and a save over someone else's change is
refused with 409, the reason in the form and the person's own input kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from django import forms
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from knowledge.services import save_meeting, update_article
from portal.concurrency import ConcurrentEditError
from procurement.models import ChecklistItem, ChecklistTick
from procurement.services.procurements import save_checklist_item, update_procurement
from tests.personas import World

CONFLICT = "Noen andre lagret dette etter at du åpnet det"
MISSING = "Skjemaet mangler versjonen"


def _form_data(response: Any) -> dict[str, Any]:
    """What the browser would send back from the form as the page showed it."""
    form = response.context["form"]
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        elif isinstance(value, datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            data[name] = local.strftime("%Y-%m-%dT%H:%M")
        elif isinstance(value, date):
            data[name] = value.isoformat()
        elif isinstance(value, (list, tuple)) or hasattr(value, "model"):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = value
    return data


def _other_save(world: World, kind: str, obj: Any) -> None:
    """Someone else saves the object through its service, against the version just read."""
    ks, lead = world.people["ks_editor"], world.people["levanger_lead"]
    saves: dict[str, Callable[[], Any]] = {
        "article": lambda: update_article(
            by=ks, article=obj, expected_version=obj.version, title="KS' tittel"
        ),
        "meeting": lambda: save_meeting(
            by=ks, meeting=obj, expected_version=obj.version, title="KS' tittel"
        ),
        "checklist": lambda: save_checklist_item(
            by=ks, item=obj, expected_version=obj.version, text_nb="KS' tekst"
        ),
        "procurement": lambda: update_procurement(
            by=lead, procurement=obj, expected_version=obj.version, description="Levangers tekst"
        ),
    }
    saves[kind]()


CASES = [
    # (kind, world key, editor, edit URL name, field typed, value typed, field the other saved)
    ("article", "article:draft", "verdal_lead", "knowledge:article-edit", "title", "Min", "title"),
    ("meeting", "meeting:first", "ks_editor", "knowledge:meeting-edit", "title", "Min", "title"),
    (
        "checklist",
        "checklist:first",
        "ks_editor",
        "procurement:checklist-item-edit",
        "text_nb",
        "Min",
        "text_nb",
    ),
    (
        "procurement",
        "procurement:central",
        "levanger_lead",
        "procurement:procurement-edit",
        "doffin_reference",
        "2026-999",
        "description",
    ),
]


@pytest.mark.parametrize(("kind", "key", "persona", "url_name", "field", "typed", "theirs"), CASES)
def test_a_save_over_someone_elses_change_is_a_409_with_the_input_kept(
    world: World,
    client_for: Any,
    kind: str,
    key: str,
    persona: str,
    url_name: str,
    field: str,
    typed: str,
    theirs: str,
) -> None:
    # Given a person opened the edit page
    obj = world[key]
    client = client_for(persona)
    url = reverse(url_name, args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = _form_data(page)
    assert data["version"] == obj.version

    # and someone else saved the object after that
    _other_save(world, kind, obj)
    saved = type(obj).objects.get(pk=obj.pk)
    their_value = getattr(saved, theirs)

    # When the person saves their change
    data[field] = typed
    response = client.post(url, data)

    # Then they are told, with what they typed still in the form, and nothing of theirs is saved
    assert response.status_code == 409, response.content[:2000]
    html = response.content.decode()
    assert CONFLICT in html
    assert f'value="{typed}"' in html
    after: Model = type(obj).objects.get(pk=obj.pk)
    assert getattr(after, theirs) == their_value
    assert getattr(after, field) != typed
    assert after.version == saved.version  # type: ignore[attr-defined]


@pytest.mark.parametrize(("kind", "key", "persona", "url_name", "field", "typed", "theirs"), CASES)
def test_a_save_on_the_current_version_is_saved(
    world: World,
    client_for: Any,
    kind: str,
    key: str,
    persona: str,
    url_name: str,
    field: str,
    typed: str,
    theirs: str,
) -> None:
    obj = world[key]
    client = client_for(persona)
    url = reverse(url_name, args=[obj.pk])
    data = _form_data(client.get(url))
    data[field] = typed
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    after = type(obj).objects.get(pk=obj.pk)
    assert getattr(after, field) == typed
    assert after.version == obj.version + 1


@pytest.mark.parametrize(("kind", "key", "persona", "url_name", "field", "typed", "theirs"), CASES)
def test_a_form_without_its_version_saves_nothing(
    world: World,
    client_for: Any,
    kind: str,
    key: str,
    persona: str,
    url_name: str,
    field: str,
    typed: str,
    theirs: str,
) -> None:
    obj = world[key]
    client = client_for(persona)
    url = reverse(url_name, args=[obj.pk])
    data = _form_data(client.get(url))
    del data["version"]
    data[field] = typed
    response = client.post(url, data)
    assert response.status_code == 400
    assert MISSING in response.content.decode()
    assert getattr(type(obj).objects.get(pk=obj.pk), field) != typed


@pytest.mark.parametrize(("kind", "key"), [(c[0], c[1]) for c in CASES])
def test_the_services_refuse_a_stale_version(world: World, kind: str, key: str) -> None:
    obj = world[key]
    stale = type(obj).objects.get(pk=obj.pk)
    _other_save(world, kind, obj)
    with pytest.raises(ConcurrentEditError):
        _other_save(world, kind, stale)


def test_ticking_the_checklist_over_someone_elses_ticks_is_a_409(
    world: World, client_for: Any
) -> None:
    # Given the Levanger and Verdal leads both opened the procurement's checklist
    procurement = world["procurement:central"]
    first, second = ChecklistItem.objects.filter(is_active=True)[:2]
    url = reverse("procurement:procurement-checklist", args=[procurement.pk])
    levanger, verdal = client_for("levanger_lead"), client_for("verdal_lead")
    levanger_form = _form_data(levanger.get(url))
    verdal_form = _form_data(verdal.get(url))

    # When Levanger ticks the first item and saves, then Verdal ticks the second and saves
    levanger_form.update({f"done_{first.pk}": "on", f"note_{first.pk}": "Levanger"})
    assert levanger.post(url, levanger_form).status_code == 302
    verdal_form.update({f"done_{second.pk}": "on", f"note_{second.pk}": "Verdal"})
    response = verdal.post(url, verdal_form)

    # Then Verdal is told, with their tick kept in the form, and Levanger's tick stands
    assert response.status_code == 409
    html = response.content.decode()
    assert CONFLICT in html
    assert "Verdal</textarea>" in html
    ticks = {t.item_id: (t.done, t.note) for t in ChecklistTick.objects.all()}
    assert ticks == {first.pk: (True, "Levanger")}

    # and after reloading, Verdal's tick is saved beside Levanger's
    fresh = _form_data(verdal.get(url))
    assert fresh[f"done_{first.pk}"] == "on"
    fresh.update({f"done_{second.pk}": "on", f"note_{second.pk}": "Verdal"})
    assert verdal.post(url, fresh).status_code == 302
    ticks = {t.item_id: (t.done, t.note) for t in ChecklistTick.objects.all()}
    assert ticks == {first.pk: (True, "Levanger"), second.pk: (True, "Verdal")}


def test_a_checklist_without_its_state_saves_nothing(world: World, client_for: Any) -> None:
    procurement = world["procurement:central"]
    first = ChecklistItem.objects.filter(is_active=True).first()
    assert first is not None
    url = reverse("procurement:procurement-checklist", args=[procurement.pk])
    client = client_for("levanger_lead")
    data = _form_data(client.get(url))
    del data["state"]
    data[f"done_{first.pk}"] = "on"
    response = client.post(url, data)
    assert response.status_code == 400
    assert MISSING in response.content.decode()
    assert not ChecklistTick.objects.exists()
