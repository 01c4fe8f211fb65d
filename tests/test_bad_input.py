"""Bad input gets a clear error naming the field, never a 500: dates outside 2000–2100 and
numbers beyond their columns, in forms, the API and query parameters; a NUL in a search; a
Tuesday go-live warned about in the API as on the page; an unclosed <style> or <script> in
Markdown; a bare CR in a meeting's title in the ICS."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from knowledge.calendar_feed import meetings_ics
from knowledge.markdown import render
from knowledge.services import save_meeting
from procurement.models import Capacity
from rollout.models import Milestone, StatusReport
from tests.personas import World

JSON = "application/json"
TOO_BIG = 2**31
TOO_MANY = 32_768
FAR_DATES = ["9999-12-31", "0001-01-01"]


def detail(name: str, obj: Any) -> str:
    return reverse(f"api:{name}-detail", kwargs={"pk": obj.pk})


def patch_read(client: Any, url: str, data: dict[str, Any]) -> Any:
    """PATCH with the ETag just read, as a careful client does."""
    etag = client.get(url)["ETag"]
    return client.patch(
        url, data, content_type=JSON, headers={"If-Match": etag, "Accept-Language": "en"}
    )


def post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type=JSON, headers={"Accept-Language": "en"})


# --- The bounds themselves ----------------------------------------------------------------------


def test_the_range_is_2000_to_2100() -> None:
    from portal import bounds

    bounds.validate_date_in_range(date(2000, 1, 1))
    bounds.validate_date_in_range(date(2100, 12, 31))
    for wrong in (date(1999, 12, 31), date(2101, 1, 1), date.min, date.max):
        with pytest.raises(Exception) as exc:
            bounds.validate_date_in_range(wrong)
        assert "01.01.2000" in str(exc.value)


# --- Training figures ≥ 2³¹ ---------------------------------------------------------------------


@pytest.mark.parametrize("field", ["end_users_to_train", "end_users_trained", "super_users"])
def test_training_figures_beyond_an_integer_are_a_400_naming_the_field(
    world: World, client_for: Any, field: str
) -> None:
    client = client_for("levanger_lead")
    rollout = world["rollout:levanger"]
    response = patch_read(client, detail("rollout", rollout), {field: TOO_BIG})
    assert response.status_code == 400, response.content
    assert field in response.json()
    rollout.refresh_from_db()
    assert getattr(rollout, field) < TOO_BIG


def test_training_figures_at_the_limit_are_kept(world: World, client_for: Any) -> None:
    client = client_for("levanger_lead")
    rollout = world["rollout:levanger"]
    response = patch_read(client, detail("rollout", rollout), {"super_users": TOO_BIG - 1})
    assert response.status_code == 200, response.content
    rollout.refresh_from_db()
    assert rollout.super_users == TOO_BIG - 1


def test_the_training_form_refuses_figures_beyond_an_integer(world: World, client_for: Any) -> None:
    rollout = world["rollout:levanger"]
    response = client_for("levanger_lead").post(
        reverse("rollout:training-edit", args=[rollout.pk]),
        {
            "version": rollout.version,
            "end_users_to_train": TOO_BIG,
            "end_users_trained": 0,
            "super_users": 0,
            "instructors_certified": 0,
        },
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["end_users_to_train"]
    rollout.refresh_from_db()
    assert rollout.end_users_to_train < TOO_BIG


# --- Capacity ≥ 32,768 and capacity weeks in year 9999 -----------------------------------------


def _capacity_body(world: World, **values: Any) -> dict[str, Any]:
    return {
        "supplier": world["org:supplier_a"].pk,
        "first_week": "2027-01-04",
        "implementations": 2,
        "go_lives": 1,
        **values,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("implementations", TOO_MANY),
        ("go_lives", TOO_MANY),
        ("first_week", "9999-12-27"),
        ("last_week", "9999-12-27"),
        ("first_week", "0001-01-01"),
    ],
)
def test_capacity_in_the_api_is_bounded(
    world: World, client_for: Any, field: str, value: Any
) -> None:
    before = Capacity.objects.count()
    response = post(
        client_for("supplier_a"),
        reverse("api:capacity-list"),
        _capacity_body(world, **{field: value}),
    )
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Capacity.objects.count() == before


def test_the_capacity_grid_refuses_more_than_a_small_integer(world: World, client_for: Any) -> None:
    supplier = world["org:supplier_a"]
    url = reverse("procurement:capacity-edit", args=[supplier.pk]) + "?start=2027-01-04"
    response = client_for("supplier_a").post(
        url, {"form": "grid", "impl-2027-01-04": str(TOO_MANY), "live-2027-01-04": "1"}
    )
    assert response.status_code == 400
    assert response.context["grid_errors"]
    assert not Capacity.objects.filter(supplier=supplier, implementations=TOO_MANY).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("implementations", TOO_MANY), ("first_week", "9999-12-27"), ("last_week", "9999-12-31")],
)
def test_the_capacity_range_form_is_bounded(
    world: World, client_for: Any, field: str, value: Any
) -> None:
    supplier = world["org:supplier_a"]
    before = Capacity.objects.count()
    data = {
        "form": "pattern",
        "first_week": "2027-01-04",
        "last_week": "2027-02-01",
        "every": 1,
        "implementations": 2,
        "go_lives": 1,
        field: value,
    }
    response = client_for("supplier_a").post(
        reverse("procurement:capacity-edit", args=[supplier.pk]), data
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert Capacity.objects.count() == before


@pytest.mark.parametrize("start", FAR_DATES)
def test_the_capacity_page_refuses_a_first_week_far_away(
    world: World, client_for: Any, start: str
) -> None:
    supplier = world["org:supplier_a"]
    url = reverse("procurement:capacity-edit", args=[supplier.pk])
    response = client_for("supplier_a").get(url, {"start": start})
    assert response.status_code == 400
    assert response.context["grid_errors"]


# --- start=9999-12-31 or 0001-01-01 in query parameters -----------------------------------------


@pytest.mark.parametrize("start", FAR_DATES)
def test_the_load_api_answers_400_naming_start(client_for: Any, start: str) -> None:
    response = client_for("ks_editor").get(reverse("api:load"), {"start": start})
    assert response.status_code == 400
    assert "start" in response.json()


@pytest.mark.parametrize("weeks", ["0", "261", str(TOO_BIG), "x"])
def test_the_load_api_answers_400_naming_weeks(client_for: Any, weeks: str) -> None:
    response = client_for("ks_editor").get(reverse("api:load"), {"weeks": weeks})
    assert response.status_code == 400
    assert "weeks" in response.json()


@pytest.mark.parametrize("start", FAR_DATES)
def test_the_capacity_filter_of_the_api_answers_400_naming_the_week(
    client_for: Any, start: str
) -> None:
    response = client_for("ks_editor").get(reverse("api:capacity-list"), {"week_from": start})
    assert response.status_code == 400
    assert "week_from" in response.json()


@pytest.mark.parametrize("start", FAR_DATES)
def test_the_heatmap_shows_the_error_beside_the_start(client_for: Any, start: str) -> None:
    response = client_for("ks_editor").get(
        reverse("procurement:heatmap"), {"start": start}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start"]
    assert "field-error" in response.content.decode()


@pytest.mark.parametrize("start", FAR_DATES)
def test_the_supplier_page_shows_the_error_beside_the_start(
    world: World, client_for: Any, start: str
) -> None:
    supplier = world["org:supplier_a"]
    response = client_for("supplier_a").get(
        reverse("procurement:supplier-load", args=[supplier.pk]), {"start": start}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start"]


# --- A status report for December 9999 ---------------------------------------------------------


def test_a_status_report_for_december_9999_is_refused_by_the_api(
    world: World, client_for: Any
) -> None:
    rollout = world["rollout:levanger"]
    response = post(
        client_for("levanger_lead"),
        reverse("api:status-report-list"),
        {"rollout": rollout.pk, "period": "9999-12-01", "summary": "Langt fram."},
    )
    assert response.status_code == 400, response.content
    assert "period" in response.json()
    assert not StatusReport.objects.filter(period__year=9999).exists()


def test_a_status_report_for_december_9999_is_refused_by_the_form(
    world: World, client_for: Any
) -> None:
    rollout = world["rollout:levanger"]
    response = client_for("levanger_lead").post(
        reverse("rollout:report-create", args=[rollout.pk]),
        {
            "period": "9999-12",
            **dict.fromkeys(
                [
                    "overall",
                    "rag_schedule",
                    "rag_build",
                    "rag_integrations",
                    "rag_data_migration",
                    "rag_training",
                    "rag_organisation",
                ],
                "green",
            ),
            "summary": "Langt fram.",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["period"]
    assert not StatusReport.objects.filter(period__year=9999).exists()


# --- A wave moved to 0001-01-06 or 9999-11-06 ---------------------------------------------------


@pytest.mark.parametrize("go_live", ["0001-01-06", "9999-11-06"])
def test_moving_a_wave_far_away_in_the_api_is_a_400(
    world: World, client_for: Any, go_live: str
) -> None:
    wave = world["wave:central"]
    response = patch_read(
        client_for("steering_central"), detail("wave", wave), {"go_live": go_live}
    )
    assert response.status_code == 400, response.content
    assert "go_live" in response.json()
    wave.refresh_from_db()
    assert wave.go_live == date(2027, 4, 10)


@pytest.mark.parametrize("go_live", ["0001-01-06", "9999-11-06"])
def test_moving_a_wave_far_away_in_the_form_is_a_400(
    world: World, client_for: Any, go_live: str
) -> None:
    wave = world["wave:central"]
    response = client_for("steering_central").post(
        reverse("rollout:wave-edit", args=[wave.pk]),
        {"name": wave.name, "go_live": go_live, "status": wave.status, "version": wave.version},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["go_live"]
    wave.refresh_from_db()
    assert wave.go_live == date(2027, 4, 10)


@pytest.mark.parametrize("field", ["completed_on", "own_due"])
def test_a_milestone_date_far_away_is_a_400(world: World, client_for: Any, field: str) -> None:
    milestone = world["milestone:levanger"]
    data: dict[str, Any] = {field: "9999-12-31"}
    if field == "own_due":
        data["own_due_reason"] = "Langt fram."
    response = patch_read(client_for("levanger_lead"), detail("milestone", milestone), data)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Milestone.objects.get(pk=milestone.pk).version == milestone.version


# --- A NUL byte in ?q= --------------------------------------------------------------------------


def test_a_nul_in_the_article_search_of_the_api_is_a_400_naming_q(client_for: Any) -> None:
    response = client_for("levanger_lead").get(reverse("api:article-list"), {"q": "opp\x00læring"})
    assert response.status_code == 400
    assert "q" in response.json()


def test_the_article_search_of_the_api_still_finds(world: World, client_for: Any) -> None:
    article = world["article:published"]
    word = article.title.split()[0]
    response = client_for("levanger_lead").get(reverse("api:article-list"), {"q": word})
    assert response.status_code == 200
    assert article.pk in [a["id"] for a in response.json()["results"]]


def test_a_nul_in_the_article_search_page_shows_an_error(client_for: Any) -> None:
    response = client_for("levanger_lead").get(
        reverse("knowledge:article-list"), {"q": "opp\x00læring"}
    )
    assert response.status_code == 200
    assert response.context["filter"].form.errors["q"]
    assert "field-error" in response.content.decode()


# --- A Tuesday go-live through the API ----------------------------------------------------------


def test_a_tuesday_go_live_in_the_api_comes_with_the_pages_warning(
    world: World, client_for: Any
) -> None:
    wave = world["wave:central"]
    tuesday = date(2027, 4, 13)
    assert tuesday.weekday() == 1
    response = patch_read(
        client_for("steering_central"), detail("wave", wave), {"go_live": tuesday.isoformat()}
    )
    assert response.status_code == 200, response.content
    warnings = response.json()["warnings"]
    assert len(warnings) == 1
    assert "Saturday" in warnings[0] and "13.04.2027" in warnings[0]


def test_a_saturday_go_live_in_the_api_has_no_warning(world: World, client_for: Any) -> None:
    wave = world["wave:central"]
    response = patch_read(
        client_for("steering_central"), detail("wave", wave), {"go_live": "2027-04-17"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["warnings"] == []


def test_a_new_wave_on_a_tuesday_comes_with_the_warning(world: World, client_for: Any) -> None:
    response = post(
        client_for("steering_central"),
        reverse("api:wave-list"),
        {"collaboration": world["collab:central"].pk, "name": "Tirsdag", "go_live": "2028-02-15"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["warnings"]


def test_the_schema_documents_the_warnings(client_for: Any) -> None:
    schema = client_for("ks_editor").get(reverse("api:schema"), {"format": "json"}).json()
    warnings = schema["components"]["schemas"]["Wave"]["properties"]["warnings"]
    assert warnings["type"] == "array"
    assert warnings["readOnly"] is True


# --- An unclosed <style> or <script> in Markdown ------------------------------------------------


@pytest.mark.parametrize(
    "opening", ["<style>", "<script>", "<STYLE type='text/css'>", "<script src=x>", "<textarea>"]
)
def test_an_unclosed_style_or_script_does_not_swallow_the_article(opening: str) -> None:
    html = str(render(f"Før.\n\n{opening}body {{ color: red }}\n\nEtter, med **uthevet** tekst."))
    assert "Etter, med <strong>uthevet</strong> tekst." in html
    lowered = html.lower()
    assert "<style" not in lowered and "<script" not in lowered and "<textarea" not in lowered


def test_an_unclosed_style_inline_does_not_swallow_the_article() -> None:
    html = str(render("Skriv a <style> b i teksten.\n\nNeste avsnitt."))
    assert "Neste avsnitt." in html
    assert "<style" not in html


def test_a_closed_script_is_still_removed_with_its_content() -> None:
    html = str(render("Før.\n\n<script>alert(1)</script>\n\nEtter."))
    assert "alert" not in html
    assert "Etter." in html


def test_a_style_tag_in_code_is_shown_as_written() -> None:
    html = str(render("Bruk `<style>` i malen.\n\nEtter."))
    assert "<code>&lt;style&gt;</code>" in html
    assert "Etter." in html


# --- A bare CR in a meeting's title -------------------------------------------------------------


def test_a_bare_cr_in_a_meeting_title_does_not_break_the_ics(world: World) -> None:
    oslo = ZoneInfo("Europe/Oslo")
    meeting = save_meeting(
        by=world.people["ks_editor"],
        title="Erfaringsmøte\rBEGIN:VEVENT",
        starts_at=datetime(2027, 3, 1, 10, tzinfo=oslo),
        ends_at=datetime(2027, 3, 1, 12, tzinfo=oslo),
        place="Trondheim\r\nRom 2\nEtasje 3",
    )
    ics = meetings_ics([meeting])
    body = ics.replace("\r\n", "")
    assert "\r" not in body and "\n" not in body
    assert "SUMMARY:Erfaringsmøte\\nBEGIN:VEVENT" in ics.replace("\r\n ", "")
    assert "LOCATION:Trondheim\\nRom 2\\nEtasje 3" in ics.replace("\r\n ", "")
    assert ics.count("BEGIN:VEVENT") == 1 + ics.count("\\nBEGIN:VEVENT")


def test_control_characters_are_left_out_of_ics_text() -> None:
    from portal.ics import escape

    assert escape("a\x00b\x0bc\td;e,f\\") == "abc\td\\;e\\,f\\\\"
    assert escape("a\rb\r\nc\nd") == "a\\nb\\nc\\nd"


def test_the_meetings_page_refuses_a_meeting_in_year_9999(world: World, client_for: Any) -> None:
    response = client_for("ks_editor").post(
        reverse("knowledge:meeting-create"),
        {
            "title": "Langt fram",
            "starts_at": "9999-12-31T10:00",
            "ends_at": "9999-12-31T12:00",
            "audience": "everyone",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["starts_at"]


def test_far_dates_in_a_week_range_stay_dates() -> None:
    # The latest first week with the longest view still has dates after it.
    from portal import bounds
    from procurement.load import weeks_between

    weeks = weeks_between(bounds.LATEST_DATE, 260)
    assert weeks[-1] + timedelta(weeks=8) > bounds.LATEST_DATE


# --- Every date and number input is bounded -----------------------------------------------------

INPUT_MODULES = [
    "portal.forms",
    "portal.api",
    "portal.filters",
    "rollout.forms",
    "rollout.collaboration_forms",
    "knowledge.topic_views",
    "rollout.filters",
    "rollout.api.changes",
    "rollout.api.collaborations",
    "rollout.api.methodology",
    "rollout.api.plans",
    "rollout.api.readiness",
    "rollout.api.reports",
    "rollout.api.waves",
    "procurement.forms",
    "procurement.filters",
    "procurement.api",
    "knowledge.forms",
    "knowledge.api",
]


def _classes_of(base: type) -> list[type]:
    import importlib
    import inspect

    found = []
    for name in INPUT_MODULES:
        module = importlib.import_module(name)
        found += [
            obj
            for obj in vars(module).values()
            if inspect.isclass(obj) and issubclass(obj, base) and obj.__module__ == name
        ]
    return found


def _has_maximum(validators: list[Any]) -> bool:
    from django.core.validators import MaxValueValidator

    return any(isinstance(v, MaxValueValidator) for v in validators)


def test_every_date_and_number_a_form_serializer_or_filter_reads_is_bounded() -> None:
    """A new form, serializer or filter with an unbounded date or number fails here."""
    import django_filters
    from django import forms
    from rest_framework import serializers

    from portal import bounds

    in_range = bounds.validate_date_in_range
    unbounded = []
    for serializer_class in _classes_of(serializers.Serializer):
        for name, field in serializer_class().fields.items():
            where = f"{serializer_class.__qualname__}.{name}"
            if field.read_only:
                continue
            if isinstance(field, serializers.IntegerField) and (
                field.max_value is None or field.min_value is None
            ):
                unbounded.append(where)
            if isinstance(field, serializers.DateField | serializers.DateTimeField) and (
                in_range not in field.validators
            ):
                unbounded.append(where)
    for form_class in _classes_of(forms.BaseForm):
        model = getattr(getattr(form_class, "_meta", None), "model", None)
        model_fields = {f.name: f for f in model._meta.get_fields()} if model else {}
        for name, field in form_class.base_fields.items():  # type: ignore[attr-defined]
            # A model form also runs the model field's validators.
            validators = [*field.validators, *getattr(model_fields.get(name), "validators", [])]
            where = f"{form_class.__qualname__}.{name}"
            if isinstance(field, forms.IntegerField) and not _has_maximum(validators):
                unbounded.append(where)
            if isinstance(field, forms.DateField | forms.DateTimeField) and (
                in_range not in validators
            ):
                unbounded.append(where)
    for filterset_class in _classes_of(django_filters.FilterSet):
        for name, filter_ in filterset_class.base_filters.items():  # type: ignore[attr-defined]
            field = filter_.field
            where = f"{filterset_class.__qualname__}.{name}"
            if isinstance(field, forms.IntegerField | forms.DecimalField) and (
                field.max_value is None
            ):
                unbounded.append(where)
            if isinstance(field, forms.DateField) and in_range not in field.validators:
                unbounded.append(where)
    assert unbounded == []


# --- A milestone template's offset keeps its due dates dates -----------------------------------


def test_a_template_offset_beyond_ten_years_is_refused(world: World, client_for: Any) -> None:
    from rollout.models import Methodology

    client = client_for("ks_editor")
    v1 = world["methodology:default"]
    client.post(reverse("rollout:methodology-new-version", args=[v1.pk]), {"notes": "Ny"})
    draft = Methodology.objects.get(name=v1.name, version=2)
    template = draft.milestones.order_by("order").first()
    assert template is not None
    form = {
        f: getattr(template, f)
        for f in ("phase", "title_nb", "title_en", "description_nb", "description_en")
    }
    form.update(responsible_role=template.responsible_role or "", is_gate="")
    for offset in (10**9, -(10**9), 3651):
        response = client.post(
            reverse("rollout:template-edit", args=[template.pk]), {**form, "offset_days": offset}
        )
        assert response.status_code == 400
        assert response.context["form"].errors["offset_days"]
    response = client.post(
        reverse("rollout:template-edit", args=[template.pk]), {**form, "offset_days": -3650}
    )
    assert response.status_code == 302
