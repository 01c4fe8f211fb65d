"""What users ran into in the browser, one test (or a few) per finding: the mark-live button
after a no-go, wave changes to past waves and of live rollouts, drafts of other
municipalities, history in words and Norwegian dates, the sign-in page, the API docs signed
out, a confirmation before a report is submitted, the steering seat on the home page, and the
meetings page in the navigation. (The in-place milestone update is in ``test_browser.py``.)"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal import history
from rollout.models import (
    Rollout,
    RolloutStatus,
    StatusReport,
    StatusReportState,
    Wave,
    WaveChangeRequest,
)
from rollout.services import changes, plan, readiness
from tests.personas import World

MARK_LIVE = "Merk som i drift"


def _html(response: Any) -> str:
    return response.content.decode()


# --- "Merk som i drift" only after a go for the current wave --------------------------------


def test_after_a_no_go_the_steering_group_is_not_offered_to_mark_the_rollout_live(
    world: World, client_for: Any
) -> None:
    verdal = world["rollout:verdal"]  # the world's steering group said no-go
    html = _html(
        client_for("steering_central").get(reverse("rollout:rollout-detail", args=[verdal.pk]))
    )
    assert MARK_LIVE not in html
    # ...and the service refuses it all the same.
    response = client_for("steering_central").post(
        reverse("rollout:rollout-mark-live", args=[verdal.pk])
    )
    assert response.status_code == 302
    verdal.refresh_from_db()
    assert verdal.status != RolloutStatus.LIVE


def test_after_a_go_for_the_current_wave_the_button_is_there(world: World, client_for: Any) -> None:
    verdal = world["rollout:verdal"]
    readiness.record_decision(
        by=world.people["steering_central"],
        rollout=verdal,
        decided_on=date(2027, 3, 20),
        decision="go",
        rationale="Integrasjonstesten er fullført.",
    )
    html = _html(
        client_for("steering_central").get(reverse("rollout:rollout-detail", args=[verdal.pk]))
    )
    assert MARK_LIVE in html
    html = _html(client_for("verdal_lead").get(reverse("rollout:rollout-detail", args=[verdal.pk])))
    assert MARK_LIVE in html


def test_a_go_for_an_earlier_wave_does_not_offer_the_button(world: World, client_for: Any) -> None:
    verdal = world["rollout:verdal"]
    readiness.record_decision(
        by=world.people["steering_central"],
        rollout=verdal,
        decided_on=date(2027, 3, 20),
        decision="go",
        rationale="Klar.",
    )
    later = Wave.objects.get(collaboration=verdal.collaboration, name="Pulje 2")
    Rollout.objects.filter(pk=verdal.pk).update(wave=later)
    html = _html(
        client_for("steering_central").get(reverse("rollout:rollout-detail", args=[verdal.pk]))
    )
    assert MARK_LIVE not in html


# --- Wave changes: not to a past wave, not for a live rollout --------------------------------


def _past_wave(world: World) -> Wave:
    return Wave.objects.create(
        collaboration=world["collab:central"],
        name="Pulje 0",
        go_live=timezone.localdate() - timedelta(days=1),
    )


def test_a_wave_change_to_a_wave_whose_go_live_has_passed_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        changes.request_wave_change(
            by=world.people["verdal_lead"],
            rollout=world["rollout:verdal"],
            to_wave=_past_wave(world),
            reason="Vi vil tilbake.",
        )
    assert "to_wave" in caught.value.message_dict


def test_the_wave_change_page_offers_only_waves_still_ahead(world: World, client_for: Any) -> None:
    past = _past_wave(world)
    page = client_for("verdal_lead").get(
        reverse("rollout:change-create", args=[world["rollout:verdal"].pk])
    )
    options = page.context["form"].fields["to_wave"].queryset
    assert past not in options
    assert options.filter(name="Pulje 2").exists()
    assert f'value="{past.pk}"' not in page.content.decode()


def test_a_live_rollout_cannot_ask_to_change_wave(world: World) -> None:
    verdal = world["rollout:verdal"]
    Rollout.objects.filter(pk=verdal.pk).update(status=RolloutStatus.LIVE)
    verdal.refresh_from_db()
    later = Wave.objects.get(collaboration=verdal.collaboration, name="Pulje 2")
    with pytest.raises(ValidationError) as caught:
        changes.request_wave_change(
            by=world.people["verdal_lead"], rollout=verdal, to_wave=later, reason="Flytt oss."
        )
    assert "to_wave" in caught.value.message_dict


def test_the_api_answers_a_wave_change_to_a_past_wave_with_400_naming_the_field(
    world: World, client_for: Any
) -> None:
    past = _past_wave(world)
    response = client_for("verdal_lead").post(
        reverse("api:wave-change-request-list"),
        data=json.dumps(
            {"rollout": world["rollout:verdal"].pk, "to_wave": past.pk, "reason": "Tilbake."}
        ),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "to_wave" in response.json()
    assert not WaveChangeRequest.objects.filter(to_wave=past).exists()


def test_the_page_refuses_a_wave_change_for_a_live_rollout_beside_the_field(
    world: World, client_for: Any
) -> None:
    verdal = world["rollout:verdal"]
    Rollout.objects.filter(pk=verdal.pk).update(status=RolloutStatus.LIVE)
    later = Wave.objects.get(collaboration=verdal.collaboration, name="Pulje 2")
    response = client_for("verdal_lead").post(
        reverse("rollout:change-create", args=[verdal.pk]),
        {"to_wave": later.pk, "reason": "Flytt oss."},
    )
    assert response.status_code == 400
    assert "field-invalid" in _html(response)
    assert not WaveChangeRequest.objects.filter(rollout=verdal).exists()


# --- A draft status report is the municipality's own --------------------------------------


@pytest.mark.parametrize("persona", ["steering_central", "verdal_lead"])
def test_others_in_the_collaboration_do_not_see_a_draft_report(
    world: World, client_for: Any, persona: str
) -> None:
    draft = world["report:levanger"]
    assert draft.state == StatusReportState.DRAFT
    client = client_for(persona)
    assert client.get(reverse("rollout:report-detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("api:status-report-detail", args=[draft.pk])).status_code == 404
    listed = client.get(reverse("api:status-report-list")).json()["results"]
    assert draft.pk not in {r["id"] for r in listed}
    user = world.people[persona]
    assert not StatusReport.objects.visible_to(user).filter(pk=draft.pk).exists()
    rollout_page = _html(
        client.get(reverse("rollout:rollout-detail", args=[world["rollout:levanger"].pk]))
    )
    assert reverse("rollout:report-detail", args=[draft.pk]) not in rollout_page


@pytest.mark.parametrize("persona", ["levanger_lead", "ks_editor", "admin"])
def test_the_own_organisation_and_ks_see_the_draft(
    world: World, client_for: Any, persona: str
) -> None:
    draft = world["report:levanger"]
    response = client_for(persona).get(reverse("rollout:report-detail", args=[draft.pk]))
    assert response.status_code == 200


def test_a_submitted_report_is_seen_by_the_steering_group(world: World, client_for: Any) -> None:
    submitted = world["report:verdal"]
    response = client_for("steering_central").get(
        reverse("rollout:report-detail", args=[submitted.pk])
    )
    assert response.status_code == 200


# --- History in words and Norwegian dates -----------------------------------------------------


def test_history_shows_choice_labels_and_norwegian_dates(world: World, client_for: Any) -> None:
    verdal = world["rollout:verdal"]
    readiness.record_decision(
        by=world.people["steering_central"],
        rollout=verdal,
        decided_on=date(2027, 3, 20),
        decision="go",
        rationale="Klar.",
    )
    plan.set_rollout_status(
        by=world.people["verdal_lead"],
        rollout=verdal,
        status=RolloutStatus.LIVE,
        expected_version=verdal.version,
    )
    history.record(
        verdal,
        by=None,
        action="re-planned",
        note="Flyttet fra 2022-04-25.",
        changes={"go_live": ["2022-04-25", "2027-04-10"]},
    )
    html = _html(client_for("verdal_lead").get(reverse("rollout:rollout-detail", args=[verdal.pk])))
    history_part = html[html.index('class="table history"') :]
    assert "I drift" in history_part
    assert "→ live" not in history_part and "planning →" not in history_part
    assert "25.04.2022" in history_part and "10.04.2027" in history_part
    assert "2022-04-25" not in history_part and "2027-04-10" not in history_part


def test_history_rows_render_labels_and_dates(world: World) -> None:
    wave = world["wave:central"]
    entry = history.record(
        wave,
        by=None,
        action="changed",
        note="schedule agreed: Levanger: 2022-04-25",
        changes={"status": ["planned", "live"], "go_live": ["2027-04-10", "2027-05-08"]},
    )
    with timezone.override("Europe/Oslo"):
        from django.utils import translation

        with translation.override("nb"):
            rows = {label: (before, after) for label, before, after in entry.change_rows}
            assert entry.note_display == "schedule agreed: Levanger: 25.04.2022"
    assert ("planlagt", "i drift") in {(str(b).lower(), str(a).lower()) for b, a in rows.values()}
    assert ("10.04.2027", "08.05.2027") in rows.values()


# --- The sign-in page, the API docs ---------------------------------------------------------


def test_the_sign_in_page_offers_forgot_password_once(db: Any, client: Any) -> None:
    html = _html(client.get(reverse("account_login")))
    assert html.count("Glemt passordet?") == 1
    assert html.count(reverse("account_reset_password")) == 1


def test_the_api_docs_signed_out_lead_to_sign_in(db: Any, client: Any) -> None:
    response = client.get(reverse("api:docs"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('api:docs')}"
    # The schema itself stays 401 for API clients.
    assert client.get(reverse("api:schema")).status_code == 401


def test_the_api_docs_signed_in_still_show(world: World, client_for: Any) -> None:
    assert client_for("levanger_lead").get(reverse("api:docs")).status_code == 200


# --- Submitting a report asks first ---------------------------------------------------------


def test_submitting_a_report_asks_for_confirmation_first(world: World, client_for: Any) -> None:
    draft = world["report:levanger"]
    client = client_for("levanger_lead")
    url = reverse("rollout:report-submit", args=[draft.pk])
    # The report page's button leads to the confirmation, not straight to a submit.
    page = _html(client.get(reverse("rollout:report-detail", args=[draft.pk])))
    assert f'action="{url}"' in page
    confirm_page = client.get(url)
    assert confirm_page.status_code == 200
    html = _html(confirm_page)
    assert 'name="confirm"' in html and 'method="post"' in html
    # A POST without the confirmation does not submit; it shows the question.
    response = client.post(url, {"version": draft.version})
    draft.refresh_from_db()
    assert draft.state == StatusReportState.DRAFT
    assert response.status_code == 302 and response["Location"] == url
    # Confirmed, it is submitted.
    response = client.post(url, {"version": draft.version, "confirm": "yes"})
    draft.refresh_from_db()
    assert draft.state == StatusReportState.SUBMITTED
    assert response["Location"] == reverse("rollout:report-detail", args=[draft.pk])


def test_the_confirmation_is_for_the_project_lead_only(world: World, client_for: Any) -> None:
    draft = world["report:levanger"]
    url = reverse("rollout:report-submit", args=[draft.pk])
    assert client_for("verdal_lead").get(url).status_code == 404
    submitted = world["report:verdal"]
    response = client_for("verdal_lead").get(reverse("rollout:report-submit", args=[submitted.pk]))
    assert response.status_code == 302  # already submitted: back to the report


# --- The steering seat on the home page, the meetings in the navigation ----------------------


def test_a_steering_members_home_shows_the_steering_seat(world: World, client_for: Any) -> None:
    from rollout.models import SteeringGroupMember

    SteeringGroupMember.objects.filter(user=world.people["steering_central"]).update(is_chair=True)
    html = _html(client_for("steering_central").get(reverse("portal:home")))
    assert "Rollene dine" in html
    assert "Styringsgruppe (leder)" in html
    roles = html[html.index("Rollene dine") :]
    assert "Helseplattformen" in roles


def test_the_meetings_page_is_linked_from_the_navigation(world: World, client_for: Any) -> None:
    html = _html(client_for("levanger_lead").get(reverse("knowledge:article-list")))
    assert f'href="{reverse("knowledge:meeting-list")}"' in html
    html = _html(client_for("levanger_lead").get(reverse("portal:home")))
    assert f'href="{reverse("knowledge:meeting-list")}"' in html


# --- The in-place milestone update with an error (the browser part is in test_browser.py) ---


def _own_due_without_reason(milestone: Any) -> dict[str, Any]:
    prefix = f"m{milestone.pk}-"
    data = {"version": milestone.version, "own_due": "2030-01-02", "own_due_reason": ""}
    return {prefix + k: v for k, v in data.items()}


def test_an_htmx_update_with_an_error_answers_the_row_with_the_error_linked_to_its_field(
    world: World, client_for: Any
) -> None:
    milestone = world["milestone:levanger"]
    response = client_for("levanger_lead").post(
        reverse("rollout:milestone-detail", args=[milestone.pk]),
        _own_due_without_reason(milestone),
        HTTP_HX_REQUEST="true",
    )
    # 200, so that htmx swaps the row (and no debug handler puts the bare row in place of the
    # page); the row says what is wrong beside the field.
    assert response.status_code == 200
    html = _html(response)
    assert html.lstrip().startswith(f'<tr id="m-{milestone.pk}"')
    field_id = f"id_m{milestone.pk}-own_due_reason"
    assert f'id="{field_id}_error"' in html
    assert f'aria-invalid="true" aria-describedby="{field_id}_error" id="{field_id}"' in html
    milestone.refresh_from_db()
    assert not milestone.has_own_due


def test_without_htmx_the_error_comes_on_the_whole_page(world: World, client_for: Any) -> None:
    milestone = world["milestone:levanger"]
    response = client_for("levanger_lead").post(
        reverse("rollout:milestone-detail", args=[milestone.pk]),
        _own_due_without_reason(milestone),
    )
    assert response.status_code == 400
    html = _html(response)
    assert "<header" in html and "field-error" in html
