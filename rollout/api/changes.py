"""Wave change requests: the project lead asks, the steering group decides."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from portal.api import as_drf_error
from portal.api_common import (
    CreateMixin,
    EnumField,
    IdFilter,
    ReadViewSet,
    VisiblePrimaryKeyField,
    describe,
)
from rollout import access
from rollout.api.reports import is_project_lead
from rollout.models import Rollout, Wave, WaveChangeRequest, WaveChangeStatus
from rollout.services import changes


class WaveChangeRequestSerializer(serializers.ModelSerializer):
    rollout = VisiblePrimaryKeyField(queryset=Rollout.objects.all())
    to_wave = VisiblePrimaryKeyField(queryset=Wave.objects.all())
    status = EnumField(WaveChangeStatus, read_only=True)

    class Meta:
        model = WaveChangeRequest
        fields = [
            "id",
            "rollout",
            "from_wave",
            "to_wave",
            "reason",
            "consequences",
            "cost_bearer",
            "status",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_reason",
        ]
        read_only_fields = [
            "from_wave",
            "status",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_reason",
        ]
        # The service keeps one pending request per rollout.
        validators: list[Any] = []


class DecideSerializer(serializers.Serializer):
    """The steering group's decision on a wave change request."""

    approve = serializers.BooleanField()
    reason = serializers.CharField()


class WaveChangeRequestFilterSet(filters.FilterSet):
    rollout = IdFilter(field_name="rollout")
    status = filters.ChoiceFilter(choices=WaveChangeStatus.choices)

    class Meta:
        model = WaveChangeRequest
        fields = ["rollout", "status"]


@describe(WaveChangeRequestSerializer, create=WaveChangeRequestSerializer)
class WaveChangeRequestViewSet(CreateMixin, ReadViewSet):
    """Requests to move a rollout to another wave. The project lead of the rollout's
    organisation asks; the collaboration's steering group approves (the rollout moves and its
    milestones re-plan) or rejects."""

    serializer_class = WaveChangeRequestSerializer
    create_serializer_class = WaveChangeRequestSerializer
    filterset_class = WaveChangeRequestFilterSet

    def get_queryset(self) -> QuerySet[WaveChangeRequest]:
        return WaveChangeRequest.objects.visible_to(self.request.user).select_related("rollout")

    def may_create(self, user: Any) -> bool:
        return is_project_lead(user)

    def create_through_service(self, values: dict[str, Any]) -> WaveChangeRequest:
        return changes.request_wave_change(by=self.request.user, **values)

    @extend_schema(request=DecideSerializer, responses=WaveChangeRequestSerializer)
    @action(detail=True, methods=["post"], url_path="decide")
    def decide(self, request: Request, pk: Any = None) -> Response:
        """Approve or reject the request, with the reason for the decision."""
        change = self.get_object()
        if not access.can_decide(request.user, change.rollout.collaboration_id):
            raise exceptions.PermissionDenied
        body = DecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            change = changes.decide_wave_change(
                by=request.user,
                request=change,
                approve=body.validated_data["approve"],
                reason=body.validated_data["reason"],
            )
        except DjangoValidationError as exc:
            error = as_drf_error(exc)
            if isinstance(error.detail, dict) and "decision_reason" in error.detail:
                error.detail["reason"] = error.detail.pop("decision_reason")
            raise error from None
        return self.answer(change)
