"""Panels on rollout's pages that other parts of the portal contribute.

Rollout knows no other app. The site (``portal.site``) registers a provider here, for example
the lessons learned at a milestone; the milestone page renders every registered panel below
its facts. A provider takes the milestone and the person viewing it and answers with a
template name and its context, or ``None`` to show nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from rollout.models import Milestone

Panel = tuple[str, dict[str, Any]]
MilestonePanel = Callable[["Milestone", Any], Panel | None]

_milestone_panels: list[MilestonePanel] = []


def register_milestone_panel(provider: MilestonePanel) -> MilestonePanel:
    """Add a panel to the milestone page (once; registering the same provider again is a
    no-op). Usable as a decorator."""
    if provider not in _milestone_panels:
        _milestone_panels.append(provider)
    return provider


def unregister_milestone_panel(provider: MilestonePanel) -> None:
    """Take a panel off the milestone page again (tests)."""
    if provider in _milestone_panels:
        _milestone_panels.remove(provider)


def milestone_panels() -> list[MilestonePanel]:
    """The registered providers, in the order they were registered."""
    return list(_milestone_panels)


def render_milestone_panels(request: HttpRequest, milestone: Milestone) -> list[SafeString]:
    """Every registered panel for the milestone, rendered for the request's user."""
    rendered = []
    for provider in _milestone_panels:
        panel = provider(milestone, request.user)
        if panel is None:
            continue
        template_name, context = panel
        rendered.append(mark_safe(render_to_string(template_name, context, request=request)))
    return rendered
