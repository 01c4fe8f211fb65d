"""Rollouts (the project lead updates training), their milestone plans (the project lead
changes a milestone) and the progress log."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Manager, QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal import bounds
from portal.api_common import (
    ChangeMixin,
    CreateMixin,
    EnumField,
    EnumFieldExtension,
    IdFilter,
    ReadViewSet,
    VisiblePrimaryKeyField,
    describe,
)
from rollout import access
from rollout.api.reports import is_project_lead
from rollout.filters import RolloutFilterSet
from rollout.models import Milestone, Phase, ProgressEntry, Rollout, RolloutStatus
from rollout.services import plan
from rollout.services.status import RolloutHealth, TrackStatus, statuses_for

_STATUSES = "rollout_statuses"


class RolloutListSerializer(serializers.ListSerializer):
    """A page of rollouts: their statuses are computed together, in one query."""

    def to_representation(self, data: Any) -> list[Any]:
        items = list(data.all() if isinstance(data, Manager) else data)
        cast(dict[str, Any], self.context)[_STATUSES] = statuses_for(items)
        return super().to_representation(items)


class StatusField(EnumField):
    """The rollout's status by the one rule of ``rollout.services.status``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(TrackStatus, source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return _health(self.parent, value).value


class StatusFieldExtension(EnumFieldExtension):
    """The schema names the status's enum ``TrackStatus``, as for any ``EnumField``."""

    target_class = StatusField  # type: ignore[assignment]  # its own constructor


def _health(serializer: Any, rollout: Rollout) -> RolloutHealth:
    statuses: dict[int, RolloutHealth] = serializer.context.setdefault(_STATUSES, {})
    if rollout.pk not in statuses:
        statuses.update(statuses_for([rollout]))
    return statuses[rollout.pk]


class RolloutSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    go_live = serializers.DateField(source="wave.go_live", read_only=True)
    slip_days = serializers.IntegerField(read_only=True)
    training_percent = serializers.IntegerField(read_only=True, allow_null=True)
    stage = EnumField(
        RolloutStatus,
        source="status",
        read_only=True,
        help_text="Where the rollout is: planning, in progress, live or withdrawn.",
    )
    status = StatusField(
        help_text=(
            "The status by the portal's one rule: on track, at risk, off track, go-live passed "
            "(or live, withdrawn). Drafts of status reports do not count."
        )
    )
    status_reasons = serializers.SerializerMethodField(
        help_text="Why the rollout has its status, in words (in the request's language)."
    )

    class Meta:
        model = Rollout
        list_serializer_class = RolloutListSerializer
        fields = [
            "id",
            "collaboration",
            "organisation",
            "organisation_name",
            "wave",
            "go_live",
            "baseline_go_live",
            "slip_days",
            "stage",
            "status",
            "status_reasons",
            "methodology",
            "end_users_to_train",
            "end_users_trained",
            "training_percent",
            "super_users",
            "instructors_certified",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_status_reasons(self, obj: Rollout) -> list[str]:
        return list(_health(self, obj).reasons)


class TrainingSerializer(serializers.Serializer):
    """Training progress of a rollout, kept by its project lead."""

    end_users_to_train = bounds.SerializerIntegerField(required=False)
    end_users_trained = bounds.SerializerIntegerField(required=False)
    super_users = bounds.SerializerIntegerField(required=False)
    instructors_certified = bounds.SerializerIntegerField(required=False)


@describe(RolloutSerializer, versioned=True, update=TrainingSerializer)
class RolloutViewSet(ChangeMixin, ReadViewSet):
    """The rollouts of the collaborations the user takes part in (KS staff and administrators
    read all). Rollouts are created by the steering group in the portal's pages; the project
    lead updates the training figures with PATCH."""

    serializer_class = RolloutSerializer
    update_serializer_class = TrainingSerializer
    filterset_class = RolloutFilterSet
    versioned = True
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Rollout]:
        return Rollout.objects.visible_to(self.request.user).select_related("organisation", "wave")

    def may_change(self, user: Any, obj: Rollout) -> bool:
        return access.can_edit_rollout(user, obj)

    def change_through_service(self, obj: Rollout, version: int, values: dict[str, Any]) -> Rollout:
        return plan.update_training(
            by=self.request.user, rollout=obj, expected_version=version, **values
        )


class MilestoneSerializer(serializers.ModelSerializer):
    code = serializers.SlugField(source="template.code", read_only=True)
    title = serializers.CharField(source="template.title", read_only=True)
    phase = EnumField(Phase, source="template.phase", read_only=True)
    offset_days = serializers.IntegerField(source="template.offset_days", read_only=True)
    is_gate = serializers.BooleanField(source="template.is_gate", read_only=True)
    slip_days = serializers.IntegerField(read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "rollout",
            "code",
            "title",
            "phase",
            "offset_days",
            "baseline_due",
            "due",
            "slip_days",
            "own_due_reason",
            "completed_on",
            "note",
            "is_gate",
            "version",
        ]
        read_only_fields = fields


class MilestoneUpdateSerializer(serializers.Serializer):
    """The project lead's changes: completion (null to reopen), a due date of its own with the
    reason (an empty reason puts the milestone back on the plan), a note."""

    completed_on = bounds.SerializerDateField(required=False, allow_null=True)
    own_due = bounds.SerializerDateField(required=False)
    own_due_reason = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("own_due_reason") and "own_due" not in attrs:
            raise serializers.ValidationError(
                {"own_due": _("Give the milestone's own due date together with the reason.")}
            )
        return attrs


class MilestoneFilterSet(filters.FilterSet):
    rollout = IdFilter(field_name="rollout")

    class Meta:
        model = Milestone
        fields = ["rollout"]


@describe(MilestoneSerializer, versioned=True, update=MilestoneUpdateSerializer)
class MilestoneViewSet(ChangeMixin, ReadViewSet):
    """Milestones of the visible rollouts. The project lead of the rollout's organisation
    completes them, gives one its own due date, or writes a note."""

    serializer_class = MilestoneSerializer
    update_serializer_class = MilestoneUpdateSerializer
    filterset_class = MilestoneFilterSet
    versioned = True

    def get_queryset(self) -> QuerySet[Milestone]:
        return Milestone.objects.visible_to(self.request.user).select_related(
            "template", "rollout__wave"
        )

    def may_change(self, user: Any, obj: Milestone) -> bool:
        return access.can_edit_rollout(user, obj.rollout)

    def change_through_service(
        self, obj: Milestone, version: int, values: dict[str, Any]
    ) -> Milestone:
        return plan.update_milestone(
            by=self.request.user, milestone=obj, expected_version=version, **values
        )


class ProgressEntrySerializer(serializers.ModelSerializer):
    rollout = VisiblePrimaryKeyField(queryset=Rollout.objects.all())
    milestone = VisiblePrimaryKeyField(
        queryset=Milestone.objects.all(), required=False, allow_null=True
    )
    created_by_name = serializers.CharField(
        source="created_by.get_full_name", read_only=True, allow_null=True
    )

    class Meta:
        model = ProgressEntry
        fields = ["id", "rollout", "milestone", "text", "created_by_name", "created_at"]
        read_only_fields = ["created_by_name", "created_at"]


class ProgressEntryFilterSet(filters.FilterSet):
    rollout = IdFilter(field_name="rollout")
    milestone = IdFilter(field_name="milestone")

    class Meta:
        model = ProgressEntry
        fields = ["rollout", "milestone"]


@describe(ProgressEntrySerializer, create=ProgressEntrySerializer)
class ProgressEntryViewSet(CreateMixin, ReadViewSet):
    """The progress log of the visible rollouts; the project lead adds to their own."""

    serializer_class = ProgressEntrySerializer
    create_serializer_class = ProgressEntrySerializer
    filterset_class = ProgressEntryFilterSet

    def get_queryset(self) -> QuerySet[ProgressEntry]:
        return ProgressEntry.objects.visible_to(self.request.user).select_related("created_by")

    def may_create(self, user: Any) -> bool:
        return is_project_lead(user)

    def create_through_service(self, values: dict[str, Any]) -> ProgressEntry:
        return plan.log_progress(by=self.request.user, **values)
