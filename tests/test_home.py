"""The home page answers "what do I need to do now" for each role."""

from typing import Any

from django.urls import reverse

from tests.personas import World


def _tasks(client: Any) -> list[str]:
    return [t.text for t in client.get(reverse("portal:home")).context["home"].tasks]


def test_the_project_lead_sees_overdue_milestones_the_report_due_and_the_next_step(
    world: World, client_for: Any
) -> None:
    tasks = _tasks(client_for("levanger_lead"))
    assert any("Levanger" in t and ("overdue" in t or "forfalt" in t) for t in tasks), tasks
    assert any(
        "Levanger" in t and ("status report" in t or "statusrapport" in t.lower()) for t in tasks
    ), tasks
    assert not any("Verdal" in t for t in tasks)


def test_the_steering_member_is_asked_to_decide_the_wave_change(
    world: World, client_for: Any
) -> None:
    tasks = _tasks(client_for("steering_central"))
    assert any("Levanger" in t and "Pulje 2" in t for t in tasks), tasks
    assert _tasks(client_for("steering_other")) == [] or not any(
        "Levanger" in t for t in _tasks(client_for("steering_other"))
    )


def test_ks_is_asked_to_invite_and_keep_the_methodology(world: World, client_for: Any) -> None:
    tasks = _tasks(client_for("ks_editor"))
    assert len(tasks) == 2


def test_an_outsider_is_told_to_ask_for_an_invitation(world: World, client_for: Any) -> None:
    assert len(_tasks(client_for("outsider"))) == 1
