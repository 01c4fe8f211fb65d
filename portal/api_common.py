"""What every resource of the API shares, in every app: service errors as HTTP answers, ETag and
If-Match, related objects chosen among the visible ones, and the read/create/change viewset.

Reads start from ``Kind.objects.visible_to(request.user)``, so a stranger gets the same 404 as
for a missing object. Writes go through the service functions with ``by=request.user``.

No lost updates: a versioned resource answers with ``ETag: "<version>"``. Every write to an
existing object (PATCH, and the POST actions that change it, such as a report's submit or a
commitment's step) MUST send it back in ``If-Match``: without it the answer is 428 Precondition
Required, with a version that is no longer the current one 412 Precondition Failed; either way
nothing is written. ``If-Match: *`` says "whatever the current version is", on purpose.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet, TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from portal import bounds
from portal.api import as_drf_error
from portal.concurrency import ConcurrentEditError


class PreconditionFailed(exceptions.APIException):
    """412: the object changed since the client read it."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    """428: a write to an existing object without If-Match."""

    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"
    default_detail = gettext_lazy(
        'Send the ETag you read with the object in If-Match (e.g. If-Match: "3"), so that '
        "nobody's change is overwritten unseen."
    )


# --- ETag and If-Match ------------------------------------------------------------------------

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description=(
        'The ETag read with the object, e.g. "3". Required: without it the answer is 428 '
        "Precondition Required; a version that is no longer the current one gives 412 "
        "Precondition Failed. Either way nothing is written."
    ),
)
ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    description='The object\'s version, quoted, e.g. "3". Send it back in If-Match.',
    response=[200, 201],
)


class ErrorDetailSerializer(serializers.Serializer):
    """The API's error body for an answer that is not about one field: ``{"detail": …}``."""

    detail = serializers.CharField()


PRECONDITION_RESPONSES = {
    412: OpenApiResponse(
        ErrorDetailSerializer,
        description="Precondition Failed: If-Match names a version that is no longer the "
        "current one. Nothing was written; read the object again.",
    ),
    428: OpenApiResponse(
        ErrorDetailSerializer,
        description="Precondition Required: the request had no If-Match. Nothing was written.",
    ),
}
"""The answers of a write guarded by If-Match, for ``extend_schema(responses=…)``."""


def etag_of(obj: Any) -> str:
    """The ETag of a versioned object: its version number, quoted."""
    return f'"{obj.version}"'


def with_etag(response: Response, obj: Any) -> Response:
    response["ETag"] = etag_of(obj)
    return response


def _tag_version(tag: str) -> int | None:
    tag = tag.strip()
    if tag.startswith("W/"):
        tag = tag[2:]
    tag = tag.strip('"')
    return int(tag) if tag.isdigit() else None


def expected_version(request: Request, obj: Any) -> int:
    """The version a write may replace: the one in If-Match, which must be the current one
    (else 412). Without If-Match nothing is written (428)."""
    header = request.headers.get("If-Match")
    if header is None or not header.strip():
        raise PreconditionRequired
    tags = [tag for tag in header.split(",") if tag.strip()]
    if any(tag.strip() == "*" for tag in tags):
        return int(obj.version)
    if any(_tag_version(tag) == obj.version for tag in tags):
        return int(obj.version)
    raise PreconditionFailed(
        _(
            "This was changed after you read it: If-Match %(sent)s, the current version is "
            "%(current)s. Read it again and make your change on the current version."
        )
        % {"sent": header.strip(), "current": etag_of(obj)}
    )


# --- Choices, related objects and filters -------------------------------------------------------


class EnumField(serializers.ChoiceField):
    """A choice field whose choices are one ``TextChoices`` class, which the schema shows as
    one named enum (``RiskStatus``, ``RAG``) wherever it is used."""

    def __init__(self, choices_class: type[TextChoices], **kwargs: Any) -> None:
        self.choices_class = choices_class
        super().__init__(choices=choices_class.choices, **kwargs)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField

    def get_name(self) -> str | None:
        # A field that may be blank has its own enum, with "" (the shared one has not).
        return None if self.target.allow_blank else str(self.target.choices_class.__name__)

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        choices = self.target.choices_class
        blank = [""] if self.target.allow_blank else []
        return {
            "type": "string",
            "enum": [*choices.values, *blank],
            "description": "\n".join(f"* `{value}` - {label}" for value, label in choices.choices),
        }


class VisiblePrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A related object chosen by id among those the user may see. Another id gets the same
    answer as an id that does not exist."""

    def get_queryset(self) -> QuerySet:
        queryset: Any = super().get_queryset()
        return queryset.visible_to(self.context["request"].user)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": bounds.ID_MAX})
class IdFilter(filters.NumberFilter):
    """Filter by the id of a related object: a whole number from 1 to the largest id a column
    holds (else a 400 naming the parameter)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", bounds.ID_MAX)
        super().__init__(*args, **kwargs)


# --- Viewsets -----------------------------------------------------------------------------------


class ServiceErrorsMixin:
    """The services' errors as API answers: ValidationError → 400 naming the field,
    ConcurrentEditError → 412 (PermissionDenied → 403 and Http404 → 404 are DRF's own)."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DjangoValidationError):
            exc = as_drf_error(exc)
        elif isinstance(exc, ConcurrentEditError):
            exc = PreconditionFailed(str(exc))
        return super().handle_exception(exc)  # type: ignore[misc]


class ReadViewSet(ServiceErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """List and retrieve from ``visible_to``; retrieve of a versioned object carries an ETag."""

    versioned = False

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        response = Response(self.get_serializer(obj).data)
        return with_etag(response, obj) if self.versioned else response

    def reread(self, obj: Model) -> Any:
        """The object as the API shows it, after a service wrote it."""
        return self.get_queryset().get(pk=obj.pk)

    def answer(self, obj: Model, *, status_code: int = status.HTTP_200_OK) -> Response:
        obj = self.reread(obj)
        response = Response(
            cast(Any, self.serializer_class)(obj, context=self.get_serializer_context()).data,
            status=status_code,
        )
        return with_etag(response, obj) if self.versioned else response


class CreateMixin(mixins.CreateModelMixin):
    """POST through a service. ``may_create`` answers 403 before the body is read for someone
    who may create none of these; the service answers for the one object."""

    create_serializer_class: type[serializers.Serializer]

    def may_create(self, user: Any) -> bool:
        raise NotImplementedError

    def create_through_service(self, values: dict[str, Any]) -> Model:
        raise NotImplementedError

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not self.may_create(request.user):
            raise exceptions.PermissionDenied
        serializer = self.create_serializer_class(
            data=request.data,
            context=self.get_serializer_context(),  # type: ignore[attr-defined]
        )
        serializer.is_valid(raise_exception=True)
        obj = self.create_through_service(dict(serializer.validated_data))
        return self.answer(obj, status_code=status.HTTP_201_CREATED)  # type: ignore[attr-defined]


class ChangeMixin:
    """PATCH through a service, guarded by If-Match. The order of answers: 404 for a stranger,
    403 for someone who may read but not change, 428 without If-Match, 412 for a stale
    If-Match, 400 for a bad body.
    An empty body changes nothing and writes nothing."""

    update_serializer_class: type[serializers.Serializer]

    def may_change(self, user: Any, obj: Any) -> bool:
        raise NotImplementedError

    def change_through_service(self, obj: Any, version: int, values: dict[str, Any]) -> Model:
        raise NotImplementedError

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        if not self.may_change(request.user, obj):
            raise exceptions.PermissionDenied
        version = expected_version(request, obj)
        serializer = self.update_serializer_class(
            obj,
            data=request.data,
            partial=True,
            context=self.get_serializer_context(),  # type: ignore[attr-defined]
        )
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        if values:
            obj = self.change_through_service(obj, version, values)
        return self.answer(obj)  # type: ignore[attr-defined]


# --- The schema of a viewset ---------------------------------------------------------------------

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
