"""Writes to article topics: KS staff create, rename, retire and restore them, with history.
A retired topic stays on the articles filed under it but is no longer offered."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from knowledge import access
from knowledge.models import Topic
from portal import history

_CLASH = _("There is already a topic of this name.")


def _check(by: Any) -> None:
    if not history.is_system(by) and not access.is_editor(by):
        raise PermissionDenied


def _clean_name(name: str, *, pk: int = 0) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the topic a name.")})
    if Topic.objects.filter(name__iexact=name).exclude(pk=pk).exists():
        raise ValidationError({"name": _CLASH})
    return name


@transaction.atomic
def create_topic(*, by: Any, name: str) -> Topic:
    _check(by)
    try:
        with transaction.atomic():
            topic = Topic.objects.create(name=_clean_name(name))
    except IntegrityError:
        raise ValidationError({"name": _CLASH}) from None
    history.record(topic, by=by, action="created", changes={"name": [None, topic.name]})
    return topic


@transaction.atomic
def rename_topic(*, by: Any, topic: Topic, name: str) -> Topic:
    _check(by)
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    name = _clean_name(name, pk=locked.pk)
    if name == locked.name:
        return locked
    before = locked.name
    locked.name = name
    try:
        with transaction.atomic():
            locked.save(update_fields=["name"])
    except IntegrityError:
        raise ValidationError({"name": _CLASH}) from None
    history.record(locked, by=by, action="changed", changes={"name": [before, name]})
    return locked


@transaction.atomic
def set_topic_in_use(*, by: Any, topic: Topic, in_use: bool) -> Topic:
    """Retire a topic (``in_use=False``) or take it back into use."""
    _check(by)
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    if locked.is_active == in_use:
        return locked
    locked.is_active = in_use
    locked.save(update_fields=["is_active"])
    history.record(
        locked,
        by=by,
        action="restored" if in_use else "retired",
        changes={"is_active": [not in_use, in_use]},
    )
    return locked
