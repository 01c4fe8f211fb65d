"""API of the knowledge app: lessons learned and guides with their editorial workflow, and
meetings (erfaringsmøter).

Reads start from ``visible_to``: published articles for everyone signed in, drafts for their
author, the project leads of the author's organisation and KS staff. Markdown comes both as
written (``body``, ``agenda``, ``minutes``) and rendered and sanitised (``*_html``), so no
client has to render an author's text itself. Writes go through ``knowledge.services``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from knowledge import access, services
from knowledge.filters import ArticleFilterSet
from knowledge.markdown import render
from knowledge.models import (
    Article,
    ArticleKind,
    ArticleStatus,
    Audience,
    Meeting,
    Topic,
)
from portal.api_common import CreateMixin, EnumField, ReadViewSet, describe
from portal.models import Organisation
from rollout.models import Methodology, MilestoneTemplate, Phase

# --- Articles -----------------------------------------------------------------------------------


class CurrentMilestoneField(serializers.SlugRelatedField):
    """A milestone of the current (latest published) methodology, by its code."""

    def get_queryset(self) -> QuerySet[MilestoneTemplate]:
        latest = Methodology.objects.filter(is_published=True).order_by("-version").first()
        return MilestoneTemplate.objects.filter(methodology=latest).order_by("order")


class ArticleSerializer(serializers.ModelSerializer):
    kind = EnumField(ArticleKind, read_only=True)
    body_html = serializers.SerializerMethodField(
        help_text="The body rendered from Markdown and sanitised: safe to show as HTML."
    )
    author_name = serializers.CharField(source="author.get_full_name", read_only=True)
    milestones: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="code",
        help_text="Codes of the methodology milestones the article is shown at.",
    )
    topics: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )
    phase = EnumField(Phase, read_only=True, allow_blank=True)
    audience = EnumField(Audience, read_only=True)
    status = EnumField(ArticleStatus, read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "kind",
            "title",
            "summary",
            "body",
            "body_html",
            "organisation",
            "author_name",
            "milestones",
            "phase",
            "topics",
            "audience",
            "status",
            "published_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_body_html(self, article: Article) -> str:
        return str(render(article.body))


class ArticleCreateSerializer(serializers.Serializer):
    """A new draft, written in the name of one of the author's own organisations."""

    kind = EnumField(ArticleKind, required=False, default=ArticleKind.LESSON)
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=600)
    body = serializers.CharField(help_text="Markdown.")
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    milestones = CurrentMilestoneField(
        many=True,
        required=False,
        queryset=MilestoneTemplate.objects.all(),
        slug_field="code",
        help_text="Codes of milestones of the current methodology.",
    )
    topics = serializers.SlugRelatedField(
        many=True, required=False, slug_field="name", queryset=Topic.objects.in_use()
    )
    phase = EnumField(Phase, required=False, allow_blank=True, default="")
    audience = EnumField(Audience, required=False, default=Audience.EVERYONE)


class ArticleStepSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(services.TRANSITIONS))
    comment = serializers.CharField(required=False, allow_blank=True, default="")


MINE = {"true": "true", "1": "true", "false": "false", "0": "false"}


def mine(request: Request) -> str:
    """``?mine=``: "true" or "false" (also 1 and 0; empty or absent is false); else a 400."""
    value = request.query_params.get("mine", "").lower()
    if value and value not in MINE:
        raise exceptions.ValidationError({"mine": [_("Give true or false.")]})
    return MINE.get(value, "false")


@describe(ArticleSerializer, create=ArticleCreateSerializer)
class ArticleViewSet(CreateMixin, ReadViewSet):
    """Lessons learned and guides. The list shows published articles (``?mine=1``: the user's
    own in every status), searchable with ``?q=``; an article is read by everyone who may see
    it. Municipalities, trusts and GP offices write drafts (POST) and submit them; KS staff
    review, publish, unpublish and archive (POST …/step/)."""

    serializer_class = ArticleSerializer
    create_serializer_class = ArticleCreateSerializer
    filterset_class = ArticleFilterSet

    def get_queryset(self) -> QuerySet[Article]:
        return (
            Article.objects.visible_to(self.request.user)
            .select_related("author")
            .prefetch_related(
                Prefetch("milestones", queryset=MilestoneTemplate.objects.order_by("order")),
                Prefetch("topics", queryset=Topic.objects.order_by("name")),
            )
        )

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        if self.action != "list":
            return queryset
        if mine(self.request) == "true":
            queryset = queryset.filter(author_id=self.request.user.pk)
        else:
            queryset = queryset.filter(status=ArticleStatus.PUBLISHED)
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "mine",
                str,
                enum=["", *MINE],
                description="true (or 1): the user's own articles in every status, instead of "
                "the published ones.",
            ),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def may_create(self, user: Any) -> bool:
        return access.may_write(user)

    def create_through_service(self, values: dict[str, Any]) -> Article:
        return services.create_article(by=self.request.user, **values)

    @extend_schema(request=ArticleStepSerializer, responses=ArticleSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request: Request, pk: Any = None) -> Response:
        """A step of the editorial workflow (``submit``, ``request_changes`` — with a comment,
        ``publish``, ``unpublish``, ``archive``), recorded with who, when and the comment."""
        article = self.get_object()
        if not services.allowed_steps(request.user, article):
            raise exceptions.PermissionDenied
        body = ArticleStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = services.transition(
            by=request.user,
            article=article,
            action=body.validated_data["action"],
            comment=body.validated_data["comment"],
        )
        return self.answer(result)


# --- Meetings -----------------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    audience = EnumField(Audience, read_only=True)
    agenda_html = serializers.SerializerMethodField(
        help_text="The agenda rendered from Markdown and sanitised: safe to show as HTML."
    )
    minutes_html = serializers.SerializerMethodField(
        help_text="The minutes rendered from Markdown and sanitised: safe to show as HTML."
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "link",
            "audience",
            "agenda",
            "agenda_html",
            "minutes",
            "minutes_html",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_agenda_html(self, meeting: Meeting) -> str:
        return str(render(meeting.agenda))

    @extend_schema_field(OpenApiTypes.STR)
    def get_minutes_html(self, meeting: Meeting) -> str:
        return str(render(meeting.minutes))


class MeetingViewSet(ReadViewSet):
    """Erfaringsmøter and other regular meetings, announced to everyone signed in."""

    serializer_class = MeetingSerializer

    def get_queryset(self) -> QuerySet[Meeting]:
        return Meeting.objects.visible_to(self.request.user).order_by("-starts_at")
