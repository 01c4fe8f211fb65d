"""Logic written once: the steps a person may take on an article are worked out in one place
for the pages and the API, and declining and withdrawing a commitment share one
implementation (each keeps its own side, statuses and rules)."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

import knowledge.api
import knowledge.views
from knowledge import services as knowledge_services
from procurement.models import CommitmentStatus
from procurement.services import commitments
from tests.personas import World


def test_allowed_steps_is_defined_once_and_used_by_the_pages_and_the_api() -> None:
    assert knowledge.views.allowed_steps is knowledge_services.allowed_steps
    for module in (knowledge.views, knowledge.api):
        assert "def allowed_steps" not in inspect.getsource(module), module.__name__


def test_allowed_steps_gives_the_author_the_author_steps_and_ks_every_step(
    world: World,
) -> None:
    draft = world["article:draft"]
    assert knowledge_services.allowed_steps(world.people["verdal_lead"], draft) == ["submit"]
    assert knowledge_services.allowed_steps(world.people["ks_editor"], draft) == [
        "submit",
        "archive",
    ]
    assert knowledge_services.allowed_steps(world.people["levanger_lead"], draft) == []


@pytest.mark.parametrize("step", [commitments.decline, commitments.withdraw])
def test_decline_and_withdraw_share_one_implementation(step: Any) -> None:
    source = inspect.getsource(step)
    assert "_end(" in source
    assert "PermissionDenied" not in source
    assert "_transition(" not in source


@pytest.mark.parametrize(
    ("step", "side", "other_side", "status"),
    [
        (commitments.decline, "supplier_a", "levanger_lead", CommitmentStatus.DECLINED),
        (commitments.withdraw, "levanger_lead", "supplier_a", CommitmentStatus.WITHDRAWN),
    ],
)
def test_decline_and_withdraw_keep_their_side_and_need_a_reason(
    world: World, step: Any, side: str, other_side: str, status: str
) -> None:
    commitment = world["commitment:a_levanger"]
    with pytest.raises(PermissionDenied):
        step(
            by=world.people[other_side],
            commitment=commitment,
            reason="Fordi.",
            expected_version=commitment.version,
        )
    with pytest.raises(ValidationError) as error:
        step(
            by=world.people[side],
            commitment=commitment,
            reason="  ",
            expected_version=commitment.version,
        )
    assert "reason" in error.value.message_dict
    done = step(
        by=world.people[side],
        commitment=commitment,
        reason="Fordi.",
        expected_version=commitment.version,
    )
    assert done.status == status
    event = done.events.order_by("-pk").first()
    assert (event.from_status, event.to_status, event.reason) == (
        CommitmentStatus.REQUESTED,
        status,
        "Fordi.",
    )
