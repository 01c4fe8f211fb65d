"""The OpenAPI schema tells the truth: every operation's error answers, nullable fields and
links that may be empty, decided once here for every resource of the API.

- ``PortalAutoSchema`` (DRF's ``DEFAULT_SCHEMA_CLASS``) marks a field nullable when a model
  field on its way (``county``, ``created_by.get_full_name``) may be null, and lets a link that
  may be empty be ``""`` instead of claiming ``format: uri``.
- ``document_errors`` (a drf-spectacular postprocessing hook) adds to every operation the error
  answers it can give, in the one error format of the API: ``{"detail": "…"}``, and for 400 an
  object naming each field in error with its messages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

ERROR = "ErrorDetail"
VALIDATION_ERROR = "ValidationError"

ERROR_SCHEMAS: dict[str, dict[str, Any]] = {
    ERROR: {
        "type": "object",
        "description": "Why the request was refused, in the language the client asked for.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    VALIDATION_ERROR: {
        "type": "object",
        "description": (
            "The fields in error, each with its messages (``non_field_errors`` for the request "
            "as a whole; a nested object for a nested field), or ``detail`` for a body that "
            "cannot be read."
        ),
        "additionalProperties": {
            "anyOf": [
                {"type": "array", "items": {}},
                {"type": "object"},
                {"type": "string"},
            ]
        },
    },
}

# What each error answer means; which operations give it is decided in ``error_statuses``.
ERROR_DESCRIPTIONS = {
    "400": "Bad input: the answer names each field in error.",
    "401": "Not signed in: no valid token or session.",
    "403": "Signed in, but not allowed to do this (or the second factor is missing).",
    "404": "No such object, or one the user may not see (the same answer for both).",
    "412": "If-Match names a version that is no longer the current one; nothing was written.",
    "428": "If-Match is missing: read the object and send its ETag back in If-Match.",
}


def error_statuses(method: str, operation: dict[str, Any]) -> list[str]:
    """The error answers an operation can give, from what it takes: a body or filters can be
    bad (400), an id or a page can be missing (404), a version can be stale or not sent
    (412, 428). Every operation needs a signed-in user who may do it (401, 403)."""
    parameters = operation.get("parameters", [])
    where = {(p.get("in"), p.get("name")) for p in parameters}
    statuses = ["401", "403"]
    filters = [p for p in parameters if p.get("in") == "query" and p.get("name") != "page"]
    if "requestBody" in operation or filters or method in ("post", "put", "patch"):
        statuses.append("400")
    if any(p.get("in") == "path" for p in parameters) or ("query", "page") in where:
        statuses.append("404")
    if ("header", "If-Match") in where or method in ("put", "patch", "delete"):
        statuses += ["412", "428"]
    return sorted(statuses)


def document_errors(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: the error answers of every operation, in the one error format."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {}).update(ERROR_SCHEMAS)
    responses = components.setdefault("responses", {})
    for status, description in ERROR_DESCRIPTIONS.items():
        component = VALIDATION_ERROR if status == "400" else ERROR
        responses[f"Error{status}"] = {
            "description": description,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}
            },
        }
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status in error_statuses(method, operation):
                operation["responses"].setdefault(
                    status, {"$ref": f"#/components/responses/Error{status}"}
                )
    return result


# --- Fields ------------------------------------------------------------------------------------

# Keys that describe the field rather than the value's type: they stay outside an ``anyOf``.
OUTER_KEYS = {"readOnly", "writeOnly", "nullable", "deprecated", "description", "title"}


def model_fields_on_the_way(field: serializers.Field) -> list[models.Field]:
    """The model fields a serializer field's source passes through (``organisation.county``:
    ``organisation``, then ``county``), as far as they can be followed."""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    found: list[models.Field] = []
    source = field.source or ""
    if model is None or source in ("", "*"):
        return found
    for attr in getattr(field, "source_attrs", None) or source.split("."):
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            break
        if not isinstance(model_field, models.Field):
            break
        found.append(model_field)
        model = model_field.related_model
        if model is None:
            break
    return found


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema, with nullable and may-be-empty read from the models."""

    def _map_serializer_field(
        self, field: Any, direction: str, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        schema: dict[str, Any] = super()._map_serializer_field(field, direction, bypass_extensions)
        # What is sent is described by the serializer field's allow_null (drf-spectacular
        # reads it); what is read may also be null on the way through the models.
        reads = direction == "response" or field.read_only
        if reads and "$ref" not in schema and any(f.null for f in model_fields_on_the_way(field)):
            schema["nullable"] = True
        return schema

    def _insert_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        super()._insert_field_validators(field, schema)
        # A link the model lets be blank may be "", which is no URI (a writable field that
        # allows blank already has drf-spectacular's oneOf with an empty string).
        if schema.get("format") == "uri" and any(
            f.blank for f in model_fields_on_the_way(field)[-1:]
        ):
            inner = {k: schema.pop(k) for k in list(schema) if k not in OUTER_KEYS}
            schema["anyOf"] = [inner, {"type": "string", "maxLength": 0}]

    def _get_filter_parameters(self) -> list[dict[str, Any]]:
        # django-filter takes an empty value (``?status=``, as a page's filter form sends it)
        # as no filter at all, so the schema allows "" for every filter.
        parameters: list[dict[str, Any]] = super()._get_filter_parameters()
        for parameter in parameters:
            parameter["schema"] = may_be_empty(parameter.get("schema", {}))
        return parameters

    def _get_pagination_parameters(self) -> list[dict[str, Any]]:
        # An empty ?page= is the first page (DRF's paginator reads it so).
        parameters: list[dict[str, Any]] = super()._get_pagination_parameters()
        for parameter in parameters:
            parameter["schema"] = may_be_empty(parameter.get("schema", {}))
        return parameters

    def _process_override_parameters(self, direction: str = "request") -> dict[Any, Any]:
        # A query parameter that is not required is read as form input: an empty value is
        # not given (DRF's serializers take it so, as django-filter does).
        result: dict[Any, Any] = super()._process_override_parameters(direction)
        for (_name, location), parameter in result.items():
            if parameter and location == "query" and not parameter.get("required"):
                parameter["schema"] = may_be_empty(parameter.get("schema", {}))
        return result


def may_be_empty(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of a query parameter whose empty value means "not given"."""
    if schema.get("type") == "string" and "enum" in schema:
        return {**schema, "enum": ["", *(v for v in schema["enum"] if v != "")]}
    if schema.get("type") == "string" and not ({"format", "pattern", "minLength"} & set(schema)):
        return schema
    return {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
