"""OpenAPI descriptions shared by the rollout API's viewsets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from rollout.api.common import ETAG, IF_MATCH, PRECONDITION_RESPONSES

SerializerClass = type[serializers.Serializer]


def describe(
    read: SerializerClass,
    *,
    versioned: bool = False,
    create: SerializerClass | None = None,
    update: SerializerClass | None = None,
) -> Callable[[Any], Any]:
    """The schema of a viewset: its read serializer answers every action; ``create`` and
    ``update`` are the request bodies of POST and PATCH (which requires If-Match: 428
    without it, 412 when stale)."""
    headers = [ETAG] if versioned else []
    actions: dict[str, Any] = {"retrieve": extend_schema(parameters=headers)}
    if create is not None:
        actions["create"] = extend_schema(request=create, responses={201: read}, parameters=headers)
    if update is not None:
        actions["partial_update"] = extend_schema(
            request=update,
            responses={200: read, **PRECONDITION_RESPONSES},
            parameters=[IF_MATCH, *headers],
        )
    return extend_schema_view(**actions)
