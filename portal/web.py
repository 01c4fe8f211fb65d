"""What the pages of every app share: running a service on a form's data, turning its errors into
form errors, and the 409 for a concurrent edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError

from portal.concurrency import ConcurrentEditError

T = TypeVar("T")


def run_service(form: forms.BaseForm, call: Callable[[], T]) -> tuple[T | None, bool]:
    """Call the service; on a ValidationError put each message on its field (or on the form)
    and on a concurrent edit say so on the form. Returns (result, conflict)."""
    try:
        return call(), False
    except ConcurrentEditError as exc:
        form.add_error(None, str(exc))
        return None, True
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return None, False


def status_for(form: forms.BaseForm, conflict: bool) -> int:
    """409 for a concurrent edit, 400 for invalid input, 200 otherwise."""
    if conflict:
        return 409
    return 400 if form.is_bound and form.errors else 200


def expected_version(form: forms.BaseForm) -> int | None:
    value: Any = form.cleaned_data.get("version")
    return int(value) if value not in (None, "") else None


def error_carrier() -> forms.Form:
    """An empty bound form, to collect a service's errors for an action without a form."""
    form = forms.Form({})
    form.is_valid()
    return form
