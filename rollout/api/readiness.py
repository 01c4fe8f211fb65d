"""Readiness: gate criteria with their evidence, and the steering group's go/no-go."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from rest_framework import serializers

from portal.api_common import (
    ChangeMixin,
    CreateMixin,
    EnumField,
    IdFilter,
    ReadViewSet,
    VisiblePrimaryKeyField,
    describe,
)
from rollout import access
from rollout.models import CriterionStatus, Decision, GateCriterion, GoDecision, Milestone, Rollout
from rollout.services import readiness


class GoDecisionSerializer(serializers.ModelSerializer):
    rollout = VisiblePrimaryKeyField(queryset=Rollout.objects.all())
    milestone = VisiblePrimaryKeyField(
        queryset=Milestone.objects.all(), required=False, allow_null=True
    )
    decision = EnumField(Decision)

    class Meta:
        model = GoDecision
        fields = [
            "id",
            "rollout",
            "milestone",
            "decided_on",
            "decision",
            "rationale",
            "conditions",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["recorded_by", "recorded_at"]
        # The service checks that conditions are stated for a go with conditions.
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        milestone = attrs.get("milestone")
        if milestone is not None and milestone.rollout_id != attrs["rollout"].pk:
            raise serializers.ValidationError(
                {"milestone": _("The milestone belongs to another rollout.")}
            )
        return attrs


class GoDecisionFilterSet(filters.FilterSet):
    rollout = IdFilter(field_name="rollout")
    decision = filters.ChoiceFilter(choices=Decision.choices)

    class Meta:
        model = GoDecision
        fields = ["rollout", "decision"]


@describe(GoDecisionSerializer, create=GoDecisionSerializer)
class GoDecisionViewSet(CreateMixin, ReadViewSet):
    """Go/no-go decisions on the visible rollouts, recorded by the collaboration's steering
    group. Without a milestone the decision is on the rollout's first gate."""

    serializer_class = GoDecisionSerializer
    create_serializer_class = GoDecisionSerializer
    filterset_class = GoDecisionFilterSet

    def get_queryset(self) -> QuerySet[GoDecision]:
        return GoDecision.objects.visible_to(self.request.user)

    def may_create(self, user: Any) -> bool:
        return bool(access.steering_collaboration_ids(user))

    def create_through_service(self, values: dict[str, Any]) -> GoDecision:
        return readiness.record_decision(by=self.request.user, **values)


class CriterionSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="template.text", read_only=True)
    order = serializers.IntegerField(source="template.order", read_only=True)
    has_evidence_file = serializers.SerializerMethodField()
    status = EnumField(CriterionStatus, required=False)

    class Meta:
        model = GateCriterion
        fields = [
            "id",
            "rollout",
            "milestone",
            "order",
            "criterion",
            "owner",
            "status",
            "evidence_text",
            "evidence_link",
            "has_evidence_file",
            "version",
        ]
        read_only_fields = ["rollout", "milestone", "version"]

    def get_has_evidence_file(self, obj: GateCriterion) -> bool:
        return bool(obj.evidence_file)


class CriterionFilterSet(filters.FilterSet):
    rollout = IdFilter(field_name="rollout")
    milestone = IdFilter(field_name="milestone")
    status = filters.ChoiceFilter(choices=CriterionStatus.choices)

    class Meta:
        model = GateCriterion
        fields = ["rollout", "milestone", "status"]


@describe(CriterionSerializer, versioned=True, update=CriterionSerializer)
class CriterionViewSet(ChangeMixin, ReadViewSet):
    """Readiness criteria of the visible rollouts' gates. The project lead of the rollout's
    organisation records owner, status and evidence (files are uploaded in the portal)."""

    serializer_class = CriterionSerializer
    update_serializer_class = CriterionSerializer
    filterset_class = CriterionFilterSet
    versioned = True

    def get_queryset(self) -> QuerySet[GateCriterion]:
        return GateCriterion.objects.visible_to(self.request.user).select_related("template")

    def may_change(self, user: Any, obj: GateCriterion) -> bool:
        return access.can_edit_rollout(user, obj.rollout)

    def change_through_service(
        self, obj: GateCriterion, version: int, values: dict[str, Any]
    ) -> GateCriterion:
        return readiness.update_criterion(
            by=self.request.user, criterion=obj, expected_version=version, **values
        )
