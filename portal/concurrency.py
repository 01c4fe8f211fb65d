"""No lost updates: a versioned row is saved only if nobody saved it since it was read.

A form carries the version it was read at; the API carries it as the ETag and expects it back
in If-Match. :func:`save_versioned` writes with ``WHERE version = expected`` and raises
:class:`ConcurrentEditError` when the row moved on, so the second of two editors is told,
never silently overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class ConcurrentEditError(Exception):
    """Someone else saved the object after it was read."""

    message = _(
        "Someone else saved this after you opened it. Reload the page to see their changes, "
        "then make yours again."
    )

    def __str__(self) -> str:
        return str(self.message)


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


def save_versioned(obj: Any, *, expected_version: int | None, fields: Iterable[str]) -> None:
    """Save ``fields`` of ``obj`` if its row still has ``expected_version``; bump the version.

    ``expected_version=None`` means the caller read the row in the same transaction (with
    ``select_for_update``) and needs no check.
    """
    names = list(fields)
    values = {name: getattr(obj, name) for name in names}
    query = type(obj)._default_manager.filter(pk=obj.pk)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    updated = query.update(version=F("version") + 1, **values)
    if not updated:
        raise ConcurrentEditError
    obj.version = (expected_version or obj.version) + 1
