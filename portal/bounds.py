"""What the portal accepts as a date or a number, defined once.

A date a person types (a go-live, a report month, a capacity week, a start date, the first
week of a view) lies between ``EARLIEST_DATE`` and ``LATEST_DATE``: far enough either way for
any real plan, and near enough that date arithmetic (a wave's milestones, eight weeks of
stabilisation, the month after a report period) never leaves the calendar. A count lies within
what its column holds (``SMALL_MAX`` for a small integer column, ``INTEGER_MAX`` for an integer
one).

The models carry these as field validators, so model forms and model serializers get them from
the model. Forms, serializers and filters that are not built from a model field use the field
classes below, so every date and number input is checked the same way and its error names the
field.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)

SMALL_MAX = 32_767  # PositiveSmallIntegerField, SmallIntegerField
INTEGER_MAX = 2_147_483_647  # PositiveIntegerField, IntegerField
ID_MAX = 9_223_372_036_854_775_807  # BigAutoField

DATE_RANGE_MESSAGE = _("Give a date from %(earliest)s to %(latest)s.")


def _date_range_message() -> str:
    return str(DATE_RANGE_MESSAGE) % {
        "earliest": EARLIEST_DATE.strftime("%d.%m.%Y"),
        "latest": LATEST_DATE.strftime("%d.%m.%Y"),
    }


def validate_date_in_range(value: date | datetime | None) -> None:
    """A date (or the day of a timestamp) from ``EARLIEST_DATE`` to ``LATEST_DATE``."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(_date_range_message(), code="date_out_of_range")


# Model field validators (and through them the model forms' and model serializers' bounds).
SMALL_VALIDATORS = [MaxValueValidator(SMALL_MAX)]
INTEGER_VALIDATORS = [MaxValueValidator(INTEGER_MAX)]


# --- Forms ------------------------------------------------------------------------------------


class DateField(forms.DateField):
    """A form date within the portal's range; a date input shows the range as min and max."""

    default_validators = [validate_date_in_range]

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", None) == "date":
            attrs.setdefault("min", EARLIEST_DATE.isoformat())
            attrs.setdefault("max", LATEST_DATE.isoformat())
        return attrs


class IntegerField(forms.IntegerField):
    """A form count: 0 or more (unless ``min_value`` says otherwise), and at most what an
    integer column holds (``max_value=SMALL_MAX`` for a small integer column)."""

    def __init__(self, *, min_value: int | None = 0, max_value: int = INTEGER_MAX, **kwargs: Any):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


def check_date_in_range(field: str, value: date | None) -> dict[str, str]:
    """``{field: message}`` when a date read outside a form (a query parameter) is out of
    range, else ``{}``."""
    try:
        validate_date_in_range(value)
    except ValidationError as exc:
        return {field: exc.messages[0]}
    return {}


# --- Serializers ------------------------------------------------------------------------------


class SerializerDateField(serializers.DateField):
    """An API date within the portal's range; a date outside it is a 400 naming the field."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(validate_date_in_range)


class SerializerIntegerField(serializers.IntegerField):
    """An API count: 0 or more (unless ``min_value`` says otherwise), and at most what an
    integer column holds (``max_value=SMALL_MAX`` for a small integer column)."""

    def __init__(
        self, *, min_value: int | None = 0, max_value: int = INTEGER_MAX, **kwargs: Any
    ) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


# --- Filters ----------------------------------------------------------------------------------


class DateFilter(django_filters.DateFilter):
    """A date query parameter within the portal's range; outside it, the list answers 400
    naming the parameter (the page shows the error beside the filter)."""

    field_class = DateField
