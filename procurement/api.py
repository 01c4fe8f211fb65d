"""API of the procurement app: products, capacity, start-date commitments and their steps,
supplier load, and the commitments as a calendar (ICS).

Reads start from ``visible_to`` (a supplier's contacts see only their own supplier's data);
writes go through the services. A commitment is versioned: its ETag goes back in If-Match.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import access as portal_access
from portal import bounds
from portal.api_common import (
    IF_MATCH,
    PRECONDITION_RESPONSES,
    CreateMixin,
    EnumField,
    IdFilter,
    ReadViewSet,
    ServiceErrorsMixin,
    VisiblePrimaryKeyField,
    describe,
    expected_version,
)
from portal.models import Organisation
from procurement import access
from procurement.calendar_feed import commitments_ics
from procurement.filters import CommitmentFilterSet
from procurement.load import compute_load, monday, weeks_between
from procurement.models import (
    ACTIVE_STATUSES,
    Capacity,
    CommitmentStatus,
    Product,
    StartDateCommitment,
)
from procurement.models.capacity import supplier_ids
from procurement.services import capacity as capacity_service
from procurement.services import commitments as service
from rollout.models import Rollout


class ProductSerializer(serializers.ModelSerializer):
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)

    class Meta:
        model = Product
        fields = ["id", "supplier", "supplier_name", "name", "description", "is_demo"]
        read_only_fields = fields


class ProductViewSet(ReadViewSet):
    """Suppliers' products: public facts for everyone signed in."""

    serializer_class = ProductSerializer
    filterset_fields = ["supplier"]

    def get_queryset(self) -> QuerySet[Product]:
        return Product.objects.visible_to(self.request.user).select_related("supplier")


class CapacitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Capacity
        fields = ["id", "supplier", "week", "implementations", "go_lives"]
        read_only_fields = fields


class CapacitySetSerializer(serializers.Serializer):
    supplier = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    first_week = bounds.SerializerDateField()
    last_week = bounds.SerializerDateField(required=False, allow_null=True)
    every = serializers.IntegerField(min_value=1, max_value=52, default=1)
    implementations = bounds.SerializerIntegerField(max_value=bounds.SMALL_MAX)
    go_lives = bounds.SerializerIntegerField(max_value=bounds.SMALL_MAX)


class CapacityFilterSet(filters.FilterSet):
    supplier = IdFilter(field_name="supplier")
    week_from = bounds.DateFilter(field_name="week", lookup_expr="gte")
    week_to = bounds.DateFilter(field_name="week", lookup_expr="lte")

    class Meta:
        model = Capacity
        fields = ["supplier", "week_from", "week_to"]


class CapacityViewSet(ReadViewSet):
    """A supplier's capacity per ISO week (Monday). Buyers and KS read every supplier's; a
    supplier's contacts only their own, which they set with POST (one week or a range)."""

    serializer_class = CapacitySerializer
    filterset_class = CapacityFilterSet

    def get_queryset(self) -> QuerySet[Capacity]:
        return Capacity.objects.visible_to(self.request.user)

    @extend_schema(request=CapacitySetSerializer, responses={201: OpenApiTypes.OBJECT})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not (supplier_ids(request.user) or portal_access.is_administrator(request.user)):
            raise PermissionDenied
        body = CapacitySetSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        supplier = body.validated_data.pop("supplier")
        if not access.visible_suppliers(request.user).filter(pk=supplier.pk).exists():
            raise PermissionDenied
        written = capacity_service.set_capacity(
            by=request.user, supplier=supplier, **body.validated_data
        )
        return Response({"weeks": written}, status=status.HTTP_201_CREATED)


class CommitmentSerializer(serializers.ModelSerializer):
    rollout = VisiblePrimaryKeyField(queryset=Rollout.objects.all())
    organisation_name = serializers.CharField(source="rollout.organisation.name", read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)
    go_live = serializers.DateField(source="rollout.wave.go_live", read_only=True)
    status = EnumField(CommitmentStatus, read_only=True)

    class Meta:
        model = StartDateCommitment
        fields = [
            "id",
            "rollout",
            "organisation_name",
            "supplier",
            "supplier_name",
            "product",
            "start_on",
            "go_live",
            "status",
            "version",
        ]
        read_only_fields = ["organisation_name", "supplier_name", "go_live", "status", "version"]


class CommitmentRequestSerializer(serializers.Serializer):
    rollout = VisiblePrimaryKeyField(queryset=Rollout.objects.all())
    supplier = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    product = serializers.PrimaryKeyRelatedField(
        queryset=Product.objects.all(), required=False, allow_null=True
    )
    start_on = bounds.SerializerDateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CommitmentStepSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=["propose", "commit", "confirm", "decline", "withdraw"]
    )
    start_on = bounds.SerializerDateField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    accept_overbooking = serializers.BooleanField(required=False, default=False)


@describe(CommitmentSerializer, versioned=True, create=CommitmentRequestSerializer)
class CommitmentViewSet(CreateMixin, ReadViewSet):
    """Start-date commitments. A supplier's contacts see their own supplier's, across every
    municipality it serves; buyers see their rollouts'. The buyer requests (POST); each side
    takes its steps with POST …/step/ and If-Match."""

    serializer_class = CommitmentSerializer
    create_serializer_class = CommitmentRequestSerializer
    filterset_class = CommitmentFilterSet
    versioned = True

    def get_queryset(self) -> QuerySet[StartDateCommitment]:
        return StartDateCommitment.objects.visible_to(self.request.user).select_related(
            "rollout__organisation", "rollout__wave", "supplier"
        )

    def may_create(self, user: Any) -> bool:
        return access.may_request(user)  # the service answers for the one rollout

    def create_through_service(self, values: dict[str, Any]) -> StartDateCommitment:
        return service.request_commitment(by=self.request.user, **values)

    @extend_schema(
        request=CommitmentStepSerializer,
        responses={200: CommitmentSerializer, **PRECONDITION_RESPONSES},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"])
    def step(self, request: Request, pk: Any = None) -> Response:
        commitment = self.get_object()
        if not access.allowed_steps(request.user, commitment):
            raise PermissionDenied
        body = CommitmentStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data["action"] not in access.allowed_steps(request.user, commitment):
            raise PermissionDenied
        kwargs: dict[str, Any] = {
            "by": request.user,
            "commitment": commitment,
            "reason": data["reason"],
            "expected_version": expected_version(request, commitment),
        }
        if data["action"] == "propose":
            kwargs["start_on"] = data.get("start_on") or commitment.start_on
        if data["action"] == "commit":
            kwargs["accept_overbooking"] = data["accept_overbooking"]
        result = getattr(service, data["action"])(**kwargs)
        return self.answer(result)

    @extend_schema(responses={(200, "text/calendar"): OpenApiTypes.STR})
    @action(detail=False, methods=["get"], url_path="calendar")
    def calendar(self, request: Request) -> HttpResponse:
        """The visible open commitments (requested, proposed, committed, confirmed; not
        declined or withdrawn) and their go-lives as an iCalendar feed."""
        queryset = self.filter_queryset(self.get_queryset()).filter(status__in=ACTIVE_STATUSES)
        return HttpResponse(commitments_ics(queryset), content_type="text/calendar; charset=utf-8")


class LoadQuerySerializer(serializers.Serializer):
    start = bounds.SerializerDateField(required=False, help_text="First week (any day).")
    weeks = serializers.IntegerField(
        min_value=1, max_value=260, default=26, help_text="1 to 260 (default 26)."
    )


class LoadView(ServiceErrorsMixin, APIView):
    """Demand against capacity per supplier and ISO week, for the suppliers the user may see
    (a supplier's contacts: only their own)."""

    @extend_schema(
        parameters=[LoadQuerySerializer],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        query = LoadQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start = query.validated_data.get("start") or timezone.localdate()
        weeks = weeks_between(monday(start), query.validated_data["weeks"])
        suppliers = list(access.visible_suppliers(request.user).order_by("name"))
        load = compute_load([s.pk for s in suppliers], weeks)
        return Response(
            {
                "weeks": [w.isoformat() for w in weeks],
                "suppliers": [
                    {
                        "id": s.pk,
                        "name": s.name,
                        "cells": [
                            {
                                "implementations": c.implementations,
                                "capacity_implementations": c.capacity_implementations,
                                "go_lives": c.go_lives,
                                "capacity_go_lives": c.capacity_go_lives,
                                "over": c.over,
                            }
                            for c in (load.cell(s.pk, w) for w in weeks)
                        ],
                    }
                    for s in suppliers
                ],
            }
        )
