"""The common methodology: its versions with their milestone templates, read only."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from rest_framework import serializers

from portal.api_common import EnumField, ReadViewSet
from rollout.models import (
    CriterionTemplate,
    Methodology,
    MilestoneTemplate,
    Phase,
    ResponsibleRole,
)


class MilestoneTemplateSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    phase = EnumField(Phase, read_only=True)
    responsible_role = EnumField(ResponsibleRole, read_only=True)
    criteria = serializers.SerializerMethodField()

    class Meta:
        model = MilestoneTemplate
        fields = [
            "code",
            "order",
            "phase",
            "title",
            "offset_days",
            "responsible_role",
            "is_gate",
            "criteria",
        ]
        read_only_fields = fields

    def get_criteria(self, obj: MilestoneTemplate) -> list[str]:
        """The readiness criteria of a gate, in order."""
        return [criterion.text for criterion in obj.criteria.all()]


class MethodologySerializer(serializers.ModelSerializer):
    milestones = MilestoneTemplateSerializer(many=True, read_only=True)

    class Meta:
        model = Methodology
        fields = ["id", "name", "version", "is_published", "notes", "created_at", "milestones"]
        read_only_fields = fields


class MethodologyViewSet(ReadViewSet):
    """The versions of the common methodology with their milestone templates, for every
    signed-in person; drafts of new versions only for KS staff and administrators."""

    serializer_class = MethodologySerializer

    def get_queryset(self) -> QuerySet[Methodology]:
        return Methodology.objects.visible_to(self.request.user).prefetch_related(
            Prefetch(
                "milestones",
                queryset=MilestoneTemplate.objects.prefetch_related(
                    Prefetch("criteria", queryset=CriterionTemplate.objects.order_by("order"))
                ).order_by("order"),
            )
        )
