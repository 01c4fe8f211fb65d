"""Collaborations, read only: who takes part changes in the portal's pages."""

from typing import Any

from rest_framework import serializers, viewsets

from rollout.filters import CollaborationFilterSet
from rollout.models import Collaboration


class CollaborationSerializer(serializers.ModelSerializer):
    participants: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = Collaboration
        fields = ["id", "name", "description", "participants", "is_demo"]


class CollaborationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CollaborationSerializer
    filterset_class = CollaborationFilterSet

    def get_queryset(self) -> Any:
        return Collaboration.objects.visible_to(self.request.user).prefetch_related("participants")
