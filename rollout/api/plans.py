"""Rollouts (read only here) and their milestone plans (the project lead changes a milestone)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from rest_framework import serializers

from rollout import access
from rollout.api.common import ChangeMixin, EnumField, IdFilter, ReadViewSet
from rollout.api.schema import describe
from rollout.models import Milestone, Phase, Rollout, RolloutStatus
from rollout.services import plan


class RolloutSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    go_live = serializers.DateField(source="wave.go_live", read_only=True)
    slip_days = serializers.IntegerField(read_only=True)
    training_percent = serializers.IntegerField(read_only=True, allow_null=True)
    status = EnumField(RolloutStatus, read_only=True)

    class Meta:
        model = Rollout
        fields = [
            "id",
            "collaboration",
            "organisation",
            "organisation_name",
            "wave",
            "go_live",
            "baseline_go_live",
            "slip_days",
            "status",
            "methodology",
            "end_users_to_train",
            "end_users_trained",
            "training_percent",
            "super_users",
            "instructors_certified",
            "version",
        ]
        read_only_fields = fields


class RolloutFilterSet(filters.FilterSet):
    collaboration = IdFilter(field_name="collaboration")
    wave = IdFilter(field_name="wave")
    status = filters.ChoiceFilter(choices=RolloutStatus.choices)

    class Meta:
        model = Rollout
        fields = ["collaboration", "wave", "status"]


@describe(RolloutSerializer, versioned=True)
class RolloutViewSet(ReadViewSet):
    """The rollouts of the collaborations the user takes part in (KS staff and administrators
    read all). Rollouts are created by the steering group in the portal's pages."""

    serializer_class = RolloutSerializer
    filterset_class = RolloutFilterSet
    versioned = True

    def get_queryset(self) -> QuerySet[Rollout]:
        return Rollout.objects.visible_to(self.request.user).select_related("organisation", "wave")


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

    completed_on = serializers.DateField(required=False, allow_null=True)
    own_due = serializers.DateField(required=False)
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
