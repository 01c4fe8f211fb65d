"""Lessons at the right time: the published lessons tagged with a methodology milestone,
newest first. Used on the rollout's milestone page (the rollout app's template loads this
tag, so the rollout app's code never imports the knowledge app)."""

from typing import Any

from django import template

from knowledge.models import Article

register = template.Library()


@register.inclusion_tag("knowledge/_lessons.html")
def lessons_for(milestone: Any, limit: int = 5) -> dict[str, Any]:
    lessons = (
        Article.objects.published()
        .filter(milestones__code=milestone.template.code)
        .select_related("organisation")
        .distinct()
        .order_by("-published_at")[:limit]
    )
    return {"lessons": list(lessons)}
