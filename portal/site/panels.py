"""The panels the site adds to rollout's pages: rollout knows no other app, so the site, which
knows them all, puts the lessons learned at a milestone on the milestone page."""

from __future__ import annotations

from typing import Any

from knowledge.access import lessons_at_milestone
from rollout.models import Milestone
from rollout.panels import Panel, register_milestone_panel


def lessons_panel(milestone: Milestone, user: Any) -> Panel | None:
    """The published lessons tagged with the milestone, newest first."""
    return (
        "site/_milestone_lessons.html",
        {"lessons": lessons_at_milestone(milestone.template.code)},
    )


def register() -> None:
    """Called once the apps are ready (``SiteConfig.ready``)."""
    register_milestone_panel(lessons_panel)
