"""Lessons learned (læringspunkter) and guides, with an editorial workflow; meetings
(erfaringsmøter)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.bounds import validate_date_in_range
from portal.concurrency import Versioned
from portal.models import Organisation, Role
from rollout.models import MilestoneTemplate, Phase


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")
    ARCHIVED = "archived", _("Archived")


class ArticleKind(models.TextChoices):
    LESSON = "lesson", _("Lesson learned")
    GUIDE = "guide", _("Guide")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    PROJECT_LEAD = "project_lead", _("Project leads")
    SUPER_USER = "super_user", _("Super-users")
    STEERING_GROUP = "steering_group", _("Steering groups")
    SUPPLIER = "supplier", _("Suppliers")


class TopicQuerySet(models.QuerySet):
    def in_use(self) -> TopicQuerySet:
        """Topics offered when an article is written or filtered; retired ones are kept on
        the articles that have them."""
        return self.filter(is_active=True)


class Topic(models.Model):
    """A topic articles are filed under. KS staff create, rename and retire topics."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        return self.filter(status=ArticleStatus.PUBLISHED)

    def visible_to(self, user: Any) -> ArticleQuerySet:
        """Published articles for everyone signed in; drafts for their author, the project
        leads of the author's organisation (its editors) and KS staff."""
        if not user.is_authenticated:
            return self.none()
        if access.sees_everything(user):
            return self.all()
        editors_of = access.organisation_ids(user, roles=[Role.PROJECT_LEAD])
        return self.filter(
            Q(status=ArticleStatus.PUBLISHED) | Q(author=user) | Q(organisation_id__in=editors_of)
        )


class Article(Versioned):
    """A lesson learned or a guide, written in Markdown (rendered and sanitised)."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.LESSON
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600)
    body = models.TextField(
        _("text"), help_text=_("Markdown: **bold**, *italic*, lists, links and tables.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("author"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("source organisation"),
    )
    milestones = models.ManyToManyField(
        MilestoneTemplate,
        blank=True,
        related_name="articles",
        verbose_name=_("methodology milestones"),
        help_text=_("The milestones this lesson is shown at."),
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, blank=True, default=""
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="articles", verbose_name=_("topics")
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title


class ArticleEvent(models.Model):
    """One step of the editorial workflow: who, when, and a comment."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True, default="")
    to_status = models.CharField(_("status"), max_length=20, choices=ArticleStatus.choices)
    comment = models.TextField(_("comment"), blank=True, default="")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("editorial step")
        verbose_name_plural = _("editorial steps")
        ordering = ["article", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"articles/{instance.article_id}/{filename}"


class Attachment(models.Model):
    """A file attached to an article (type checked by its first bytes, at most 10 MB)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("article")
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    title = models.CharField(_("title"), max_length=200, blank=True, default="")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["article", "uploaded_at"]

    def __str__(self) -> str:
        return self.title or str(self.file.name)


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> MeetingQuerySet:
        """Meetings are announced to everyone signed in."""
        if not user.is_authenticated:
            return self.none()
        return self.all()


class Meeting(Versioned):
    """An erfaringsmøte or another regular meeting."""

    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"), validators=[validate_date_in_range])
    ends_at = models.DateTimeField(_("ends"), validators=[validate_date_in_range])
    place = models.CharField(_("place"), max_length=200, blank=True, default="")
    link = models.URLField(_("link to the meeting"), blank=True, default="")
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    agenda = models.TextField(_("agenda"), blank=True, default="", help_text=_("Markdown."))
    minutes = models.TextField(_("minutes"), blank=True, default="", help_text=_("Markdown."))
    articles = models.ManyToManyField(
        Article, blank=True, related_name="meetings", verbose_name=_("articles")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title
