"""The one way in to articles and meetings: what a user may see and change."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from knowledge.models import Article, ArticleStatus, Meeting
from portal import access
from portal.models import Organisation, OrganisationKind, Role

EDITABLE = (ArticleStatus.DRAFT, ArticleStatus.CHANGES_REQUESTED)


def is_editor(user: Any) -> bool:
    """KS staff review, publish, unpublish and archive."""
    return access.is_ks_staff(user) or access.is_administrator(user)


def may_write(user: Any) -> bool:
    """Anyone in a municipality, trust or GP office drafts and submits."""
    return any(
        m.organisation.kind
        in (
            OrganisationKind.MUNICIPALITY,
            OrganisationKind.HOSPITAL_TRUST,
            OrganisationKind.GP_OFFICE,
        )
        and m.role in (Role.PROJECT_LEAD, Role.READER)
        for m in access.memberships(user)
    ) or is_editor(user)


def can_edit_article(user: Any, article: Article) -> bool:
    """The author while it is a draft (or changes were asked for), and KS staff."""
    if is_editor(user):
        return True
    return article.author_id == user.pk and article.status in EDITABLE


def article_organisations(user: Any) -> Any:
    """The organisations to filter articles by: those with an article the user may see, so
    an organisation with only drafts is named only to those who may read its drafts."""
    return Organisation.objects.filter(
        pk__in=Article.objects.visible_to(user).values("organisation_id")
    ).order_by("name")


def get_article_for_user(user: Any, pk: Any, *, write: bool = False) -> Article:
    article = access.get_or_404(
        Article.objects.visible_to(user).select_related("author", "organisation"), pk=pk
    )
    if write and not can_edit_article(user, article):
        raise PermissionDenied
    return article


def get_meeting_for_user(user: Any, pk: Any, *, write: bool = False) -> Meeting:
    meeting = access.get_or_404(Meeting.objects.visible_to(user), pk=pk)
    if write and not is_editor(user):
        raise PermissionDenied
    return meeting


def lessons_at_milestone(milestone_code: str, *, limit: int = 5) -> list[Article]:
    """Lessons at the right time: the published articles tagged with a methodology milestone
    (by its code, so every methodology version's milestone of that code counts), newest first.
    Published articles are for everyone signed in."""
    lessons = (
        Article.objects.published()
        .filter(milestones__code=milestone_code)
        .select_related("organisation")
        .distinct()
        .order_by("-published_at")[:limit]
    )
    return list(lessons)
