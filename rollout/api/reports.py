"""Monthly status reports (drafted, submitted, corrected by a new revision) and risks."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from portal import access as portal_access
from portal.api_common import (
    ETAG,
    IF_MATCH,
    PRECONDITION_RESPONSES,
    ChangeMixin,
    CreateMixin,
    EnumField,
    ReadViewSet,
    VisiblePrimaryKeyField,
    describe,
    expected_version,
)
from portal.models import Role
from rollout import access
from rollout.filters import RiskFilterSet, StatusReportFilterSet
from rollout.models import RAG, Risk, RiskStatus, Rollout, StatusReport, StatusReportState
from rollout.services import reports, risks
from rollout.services.reports import CONTENT_FIELDS


def is_project_lead(user: Any) -> bool:
    """Only a project lead writes reports, risks and wave change requests (of their own
    organisation's rollout, which the service checks)."""
    return bool(portal_access.organisation_ids(user, roles=[Role.PROJECT_LEAD]))


class StatusReportSerializer(serializers.ModelSerializer):
    rollout: serializers.PrimaryKeyRelatedField[Any] = VisiblePrimaryKeyField(
        queryset=Rollout.objects.all()
    )
    created_by_name = serializers.CharField(
        source="created_by.get_full_name", read_only=True, allow_null=True
    )
    submitted_by_name = serializers.CharField(
        source="submitted_by.get_full_name", read_only=True, allow_null=True
    )
    state = EnumField(StatusReportState, read_only=True)
    overall = EnumField(RAG, required=False)
    rag_schedule = EnumField(RAG, required=False)
    rag_build = EnumField(RAG, required=False)
    rag_integrations = EnumField(RAG, required=False)
    rag_data_migration = EnumField(RAG, required=False)
    rag_training = EnumField(RAG, required=False)
    rag_organisation = EnumField(RAG, required=False)

    class Meta:
        model = StatusReport
        fields = [
            "id",
            "rollout",
            "period",
            "revision",
            "supersedes",
            "state",
            *CONTENT_FIELDS,
            "created_by",
            "created_by_name",
            "created_at",
            "submitted_by",
            "submitted_by_name",
            "submitted_at",
            "version",
        ]
        read_only_fields = [
            "revision",
            "supersedes",
            "state",
            "created_by",
            "created_at",
            "submitted_by",
            "submitted_at",
            "version",
        ]
        # The service keeps one report (and its corrections) per month.
        validators: list[Any] = []


class StatusReportUpdateSerializer(StatusReportSerializer):
    """A draft's content; its rollout and month stay."""

    rollout: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )

    class Meta(StatusReportSerializer.Meta):
        read_only_fields = [*StatusReportSerializer.Meta.read_only_fields, "period"]


@describe(
    StatusReportSerializer,
    versioned=True,
    create=StatusReportSerializer,
    update=StatusReportUpdateSerializer,
)
class StatusReportViewSet(CreateMixin, ChangeMixin, ReadViewSet):
    """Status reports of the visible rollouts. The project lead writes a draft, changes it,
    submits it; a submitted report never changes: ``correct`` starts a new revision."""

    serializer_class = StatusReportSerializer
    create_serializer_class = StatusReportSerializer
    update_serializer_class = StatusReportUpdateSerializer
    filterset_class = StatusReportFilterSet
    versioned = True

    def get_queryset(self) -> QuerySet[StatusReport]:
        return StatusReport.objects.visible_to(self.request.user).select_related(
            "created_by", "submitted_by"
        )

    def may_create(self, user: Any) -> bool:
        return is_project_lead(user)

    def create_through_service(self, values: dict[str, Any]) -> StatusReport:
        return reports.create_report(by=self.request.user, **values)

    def may_change(self, user: Any, obj: StatusReport) -> bool:
        return access.can_edit_rollout(user, obj.rollout)

    def change_through_service(
        self, obj: StatusReport, version: int, values: dict[str, Any]
    ) -> StatusReport:
        return reports.update_report(
            by=self.request.user, report=obj, expected_version=version, **values
        )

    @extend_schema(
        request=None,
        responses={200: StatusReportSerializer, **PRECONDITION_RESPONSES},
        parameters=[IF_MATCH, ETAG],
    )
    @action(detail=True, methods=["post"], url_path="submit")
    def submit(self, request: Request, pk: Any = None) -> Response:
        """Submit a draft; from then on it never changes."""
        report = self.get_object()
        if not self.may_change(request.user, report):
            raise exceptions.PermissionDenied
        report = reports.submit_report(
            by=request.user, report=report, expected_version=expected_version(request, report)
        )
        return self.answer(report)

    @extend_schema(
        request=None,
        responses={201: StatusReportSerializer},
        parameters=[ETAG],
    )
    @action(detail=True, methods=["post"], url_path="correct")
    def correct(self, request: Request, pk: Any = None) -> Response:
        """Start a correction of a submitted report: a new draft revision with its content.
        The submitted report is kept."""
        report = self.get_object()
        correction = reports.correct_report(by=request.user, report=report)
        return self.answer(correction, status_code=status.HTTP_201_CREATED)


class RiskSerializer(serializers.ModelSerializer):
    rollout: serializers.PrimaryKeyRelatedField[Any] = VisiblePrimaryKeyField(
        queryset=Rollout.objects.all()
    )
    score = serializers.IntegerField(read_only=True)
    status = EnumField(RiskStatus, required=False)

    class Meta:
        model = Risk
        fields = [
            "id",
            "rollout",
            "title",
            "description",
            "probability",
            "impact",
            "score",
            "owner",
            "mitigation",
            "status",
            "created_at",
            "version",
        ]
        read_only_fields = ["created_at", "version"]


class RiskUpdateSerializer(RiskSerializer):
    """A risk stays with its rollout."""

    rollout: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )


@describe(RiskSerializer, versioned=True, create=RiskSerializer, update=RiskUpdateSerializer)
class RiskViewSet(CreateMixin, ChangeMixin, ReadViewSet):
    """Risks of the visible rollouts; the project lead of the rollout's organisation records
    and changes them."""

    serializer_class = RiskSerializer
    create_serializer_class = RiskSerializer
    update_serializer_class = RiskUpdateSerializer
    filterset_class = RiskFilterSet
    versioned = True

    def get_queryset(self) -> QuerySet[Risk]:
        return Risk.objects.visible_to(self.request.user).open_first()

    def may_create(self, user: Any) -> bool:
        return is_project_lead(user)

    def create_through_service(self, values: dict[str, Any]) -> Risk:
        return risks.create_risk(by=self.request.user, **values)

    def may_change(self, user: Any, obj: Risk) -> bool:
        return access.can_edit_rollout(user, obj.rollout)

    def change_through_service(self, obj: Risk, version: int, values: dict[str, Any]) -> Risk:
        return risks.update_risk(by=self.request.user, risk=obj, expected_version=version, **values)
