"""KS keeps the methodology: a new version, its templates changed, published, and a rollout
moved to it after a preview of what moves. And the steering group places participants."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse

from portal.models import Organisation
from rollout.models import Methodology, Rollout
from tests.personas import World


def test_ks_makes_changes_publishes_and_rolls_out_a_new_version(
    world: World, client_for: Any
) -> None:
    client = client_for("ks_editor")
    v1 = world["methodology:default"]
    response = client.post(
        reverse("rollout:methodology-new-version", args=[v1.pk]),
        {"notes": "Opplæring starter tidligere"},
    )
    v2 = Methodology.objects.get(name=v1.name, version=2)
    assert response["Location"] == reverse("rollout:methodology-detail", args=[v2.pk])
    assert v2.milestones.count() == 34 and not v2.is_published
    # A draft is not for project leads to see.
    lead = client_for("levanger_lead")
    assert lead.get(reverse("rollout:methodology-detail", args=[v2.pk])).status_code == 404

    training = v2.milestones.get(code=v1.milestones.get(order=20).code)
    form = {
        f: getattr(training, f)
        for f in (
            "phase",
            "title_nb",
            "title_en",
            "description_nb",
            "description_en",
            "responsible_role",
        )
    }
    form.update(offset_days=training.offset_days - 14, is_gate="")
    assert (
        client.post(reverse("rollout:template-edit", args=[training.pk]), form).status_code == 302
    )
    client.post(reverse("rollout:methodology-publish", args=[v2.pk]))
    # Published: the template cannot change any more.
    response = client.post(reverse("rollout:template-edit", args=[training.pk]), form)
    assert response.status_code == 400

    rollout = world["rollout:levanger"]
    url = reverse("rollout:rollout-methodology", args=[rollout.pk, v2.pk])
    preview = client.get(url)
    moved = [c for c in preview.context["changes"] if c.kind == "moved"]
    assert [c.code for c in moved] == [training.code]
    assert moved[0].due_after == moved[0].due_before - timedelta(days=14)
    assert client.post(url, {"confirm": "on"}).status_code == 302
    rollout.refresh_from_db()
    assert rollout.methodology == v2
    milestone = rollout.milestones.get(template__code=training.code)
    assert milestone.due == rollout.wave.go_live + timedelta(days=training.offset_days - 14)
    assert milestone.baseline_due == rollout.wave.go_live + timedelta(days=training.offset_days)


def test_the_steering_group_places_a_participant_in_a_wave(world: World, client_for: Any) -> None:
    trondheim = Organisation.objects.get(name="Trondheim")
    wave = world["wave:central"]
    response = client_for("steering_central").post(
        reverse("rollout:rollout-create", args=[wave.pk]),
        {"organisation": trondheim.pk, "end_users_to_train": 8500},
    )
    rollout = Rollout.objects.get(organisation=trondheim)
    assert response["Location"] == reverse("rollout:rollout-detail", args=[rollout.pk])
    assert rollout.baseline_go_live == wave.go_live
    assert rollout.milestones.count() == 34
    assert rollout.end_users_to_train == 8500


def test_only_participants_without_a_rollout_can_be_placed(world: World, client_for: Any) -> None:
    wave = world["wave:central"]
    response = client_for("steering_central").post(
        reverse("rollout:rollout-create", args=[wave.pk]),
        {"organisation": world["org:levanger"].pk, "end_users_to_train": 1},
    )
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
