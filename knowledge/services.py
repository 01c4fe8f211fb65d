"""Writes to articles and meetings, with the editorial workflow and history."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from knowledge import access
from knowledge.models import Article, ArticleEvent, ArticleStatus, Attachment, Meeting
from portal import access as portal_access
from portal import history
from portal.concurrency import save_versioned
from portal.models import Organisation

S = ArticleStatus
FIELDS = ["kind", "title", "summary", "body", "phase", "audience"]
MEETING_FIELDS = ["title", "starts_at", "ends_at", "place", "link", "audience", "agenda", "minutes"]

# (action, allowed from, to, who: "author" or "editor")
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "submit": ((S.DRAFT, S.CHANGES_REQUESTED), S.IN_REVIEW, "author"),
    "request_changes": ((S.IN_REVIEW,), S.CHANGES_REQUESTED, "editor"),
    "publish": ((S.IN_REVIEW, S.UNPUBLISHED), S.PUBLISHED, "editor"),
    "unpublish": ((S.PUBLISHED,), S.UNPUBLISHED, "editor"),
    "archive": ((S.PUBLISHED, S.UNPUBLISHED, S.DRAFT, S.CHANGES_REQUESTED), S.ARCHIVED, "editor"),
}


@transaction.atomic
def create_article(
    *, by: Any, organisation: Organisation, milestones: Any = (), topics: Any = (), **values: Any
) -> Article:
    if not access.may_write(by):
        raise PermissionDenied
    if not (organisation.pk in portal_access.organisation_ids(by) or access.is_editor(by)):
        raise ValidationError({"organisation": _("Choose one of your own organisations.")})
    article = Article(author=by, organisation=organisation, **values)
    article.full_clean()
    article.save()
    article.milestones.set(milestones)
    article.topics.set(topics)
    ArticleEvent.objects.create(article=article, to_status=article.status, by=by)
    history.record(
        article,
        by=by,
        action="created",
        changes=history.diff({}, history.snapshot(article, ["title", "status"])),
    )
    return article


@transaction.atomic
def update_article(
    *,
    by: Any,
    article: Article,
    expected_version: int | None = None,
    milestones: Any = None,
    topics: Any = None,
    **values: Any,
) -> Article:
    """Change an article's text and tags, if nobody saved it since ``expected_version`` was
    read (else :class:`~portal.concurrency.ConcurrentEditError`)."""
    if not access.can_edit_article(by, article):
        raise PermissionDenied
    before = history.snapshot(article, FIELDS)
    for name, value in values.items():
        if name not in FIELDS:
            raise ValueError(name)
        setattr(article, name, value)
    article.full_clean()
    article.updated_at = timezone.now()
    save_versioned(article, expected_version=expected_version, fields=[*values, "updated_at"])
    if milestones is not None:
        article.milestones.set(milestones)
    if topics is not None:
        article.topics.set(topics)
    history.record(
        article,
        by=by,
        action="changed",
        changes=history.diff(before, history.snapshot(article, FIELDS)),
    )
    return article


def allowed_steps(user: Any, article: Article) -> list[str]:
    """The workflow steps the user may take on the article now: KS staff every step the
    status allows, the author the author's steps. The pages and the API both offer these;
    ``transition`` checks the same rules."""
    editor = access.is_editor(user)
    author = article.author_id == user.pk
    return [
        name
        for name, (allowed_from, _to, who) in TRANSITIONS.items()
        if article.status in allowed_from and (editor or (who == "author" and author))
    ]


@transaction.atomic
def transition(*, by: Any, article: Article, action: str, comment: str = "") -> Article:
    """A step of the editorial workflow; each is recorded with who, when and a comment."""
    if action not in TRANSITIONS:
        raise ValidationError({"action": _("Unknown step.")})
    allowed_from, to, who = TRANSITIONS[action]
    if who == "editor" and not access.is_editor(by):
        raise PermissionDenied
    if who == "author" and not (article.author_id == by.pk or access.is_editor(by)):
        raise PermissionDenied
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if locked.status not in allowed_from:
        raise ValidationError(
            {
                "status": _("An article that is %(status)s cannot take this step.")
                % {"status": locked.get_status_display().lower()}
            }
        )
    if action == "request_changes" and not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    before = locked.status
    locked.status = to
    fields = ["status", "updated_at"]
    if to == S.PUBLISHED and locked.published_at is None:
        locked.published_at = timezone.now()
        fields.append("published_at")
    locked.save(update_fields=fields)
    ArticleEvent.objects.create(
        article=locked, from_status=before, to_status=to, comment=comment.strip(), by=by
    )
    history.record(
        locked,
        by=by,
        action=action.replace("_", " "),
        note=comment.strip(),
        changes={"status": [before, to]},
    )
    return locked


@transaction.atomic
def save_meeting(
    *,
    by: Any,
    meeting: Meeting | None = None,
    expected_version: int | None = None,
    articles: Any = None,
    **values: Any,
) -> Meeting:
    """A new meeting, or a change to one if nobody saved it since ``expected_version`` was
    read (else :class:`~portal.concurrency.ConcurrentEditError`)."""
    if not access.is_editor(by):
        raise PermissionDenied
    before = history.snapshot(meeting, MEETING_FIELDS) if meeting is not None else {}
    meeting = meeting or Meeting(created_by=by)
    for name, value in values.items():
        if name not in MEETING_FIELDS:
            raise ValueError(name)
        setattr(meeting, name, value)
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    meeting.full_clean()
    if meeting.pk is None:
        meeting.save()
    else:
        save_versioned(meeting, expected_version=expected_version, fields=list(values))
    if articles is not None:
        meeting.articles.set(articles)
    history.record(
        meeting,
        by=by,
        action="changed" if before else "created",
        changes=history.diff(before, history.snapshot(meeting, MEETING_FIELDS)),
    )
    return meeting


@transaction.atomic
def add_attachment(*, by: Any, article: Article, upload: Any, title: str = "") -> Attachment:
    """Attach a file (type checked by its first bytes, at most 10 MB) to an article the
    person may edit."""
    from rollout.services.readiness import validate_evidence_file

    if not access.can_edit_article(by, article):
        raise PermissionDenied
    validate_evidence_file(upload, field="file")
    attachment = Attachment(article=article, title=title.strip())
    attachment.file.save(upload.name or "vedlegg", upload, save=False)
    attachment.save()
    history.record(article, by=by, action="attachment added", note=str(attachment.file.name))
    return attachment
