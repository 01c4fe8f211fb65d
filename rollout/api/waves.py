"""Waves (puljer): read by everyone in the collaboration; planned by its steering group."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from rest_framework import serializers

from portal import access as portal_access
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
from rollout.calendar import go_live_warnings
from rollout.models import Collaboration, Wave, WaveStatus
from rollout.services import plan


class WaveSerializer(serializers.ModelSerializer):
    collaboration: serializers.PrimaryKeyRelatedField[Any] = VisiblePrimaryKeyField(
        queryset=Collaboration.objects.all()
    )
    status = EnumField(WaveStatus, required=False)
    warnings = serializers.SerializerMethodField(
        help_text=(
            "Soft warnings about the go-live date, as the portal's pages show them (a go-live "
            "on another weekday than Saturday). They do not stop the write."
        )
    )

    class Meta:
        model = Wave
        fields = [
            "id",
            "collaboration",
            "name",
            "go_live",
            "status",
            "blackout_override_reason",
            "notes",
            "warnings",
            "version",
        ]
        read_only_fields = ["warnings", "version"]
        # The service checks that the name is free in the collaboration.
        validators: list[Any] = []

    def get_warnings(self, wave: Wave) -> list[str]:
        return go_live_warnings(wave.go_live)


class WaveUpdateSerializer(WaveSerializer):
    """A wave stays in its collaboration."""

    collaboration: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )

    def validate_name(self, value: str) -> str:
        wave = cast(Wave, self.instance)
        if (
            Wave.objects.filter(collaboration_id=wave.collaboration_id, name=value)
            .exclude(pk=wave.pk)
            .exists()
        ):
            raise serializers.ValidationError(
                _("The collaboration already has a wave of this name.")
            )
        return value


class WaveFilterSet(filters.FilterSet):
    collaboration = IdFilter(field_name="collaboration")
    status = filters.ChoiceFilter(choices=WaveStatus.choices)

    class Meta:
        model = Wave
        fields = ["collaboration", "status"]


@describe(WaveSerializer, versioned=True, create=WaveSerializer, update=WaveUpdateSerializer)
class WaveViewSet(CreateMixin, ChangeMixin, ReadViewSet):
    """Waves of the collaborations the user takes part in. The steering group of the
    collaboration (or an administrator) creates and changes them; moving a go-live re-plans
    every rollout in the wave."""

    serializer_class = WaveSerializer
    create_serializer_class = WaveSerializer
    update_serializer_class = WaveUpdateSerializer
    filterset_class = WaveFilterSet
    versioned = True

    def get_queryset(self) -> QuerySet[Wave]:
        return Wave.objects.visible_to(self.request.user)

    def may_create(self, user: Any) -> bool:
        return portal_access.is_administrator(user) or bool(access.steering_collaboration_ids(user))

    def create_through_service(self, values: dict[str, Any]) -> Wave:
        return plan.create_wave(by=self.request.user, **values)

    def may_change(self, user: Any, obj: Wave) -> bool:
        return access.can_manage_waves(user, obj.collaboration_id)

    def change_through_service(self, obj: Wave, version: int, values: dict[str, Any]) -> Wave:
        return plan.update_wave(by=self.request.user, wave=obj, expected_version=version, **values)
