"""Filter sets of the rollout app, shared by the pages and the API lists."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from portal.api_common import IdFilter
from rollout.models import (
    Collaboration,
    Risk,
    RiskStatus,
    Rollout,
    RolloutStatus,
    StatusReport,
)


class CollaborationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Collaboration
        fields = ["q"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset


def _visible_collaborations(request: Any) -> QuerySet:
    if request is None:
        return Collaboration.objects.none()
    return Collaboration.objects.visible_to(request.user)


class RolloutFilterSet(django_filters.FilterSet):
    collaboration = django_filters.ModelChoiceFilter(
        queryset=_visible_collaborations,
        label=_("Collaboration"),
        empty_label=_("All collaborations"),
    )
    status = django_filters.ChoiceFilter(
        choices=RolloutStatus.choices, label=_("Stage"), empty_label=_("All")
    )
    q = django_filters.CharFilter(
        field_name="organisation__name", lookup_expr="icontains", label=_("Organisation")
    )
    # Read by the API's clients; on the page they ride along hidden in the form.
    wave = IdFilter(field_name="wave", widget=forms.HiddenInput, label=_("Wave"))
    stage = django_filters.ChoiceFilter(
        field_name="status",
        choices=RolloutStatus.choices,
        widget=forms.HiddenInput,
        label=_("Stage (the API's name for status)"),
    )

    class Meta:
        model = Rollout
        fields = ["collaboration", "status", "q", "wave", "stage"]


MAX_SCORE = 25  # probability × impact, 1–5 each


class RiskFilterSet(django_filters.FilterSet):
    collaboration = django_filters.ModelChoiceFilter(
        field_name="rollout__collaboration",
        queryset=_visible_collaborations,
        label=_("Collaboration"),
        empty_label=_("All collaborations"),
    )
    status = django_filters.ChoiceFilter(
        choices=RiskStatus.choices, label=_("Status"), empty_label=_("All")
    )
    min_score = django_filters.NumberFilter(
        method="filter_score", label=_("Score at least"), min_value=0, max_value=MAX_SCORE
    )
    rollout = IdFilter(field_name="rollout", widget=forms.HiddenInput, label=_("Rollout"))

    class Meta:
        model = Risk
        fields = ["collaboration", "status", "min_score", "rollout"]

    @extend_schema_field({"type": "number", "minimum": 0, "maximum": MAX_SCORE})
    def filter_score(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        from django.db.models import F

        if value in (None, ""):
            return queryset
        return queryset.alias(score=F("probability") * F("impact")).filter(score__gte=value)


class StatusReportFilterSet(django_filters.FilterSet):
    collaboration = django_filters.ModelChoiceFilter(
        field_name="rollout__collaboration",
        queryset=_visible_collaborations,
        label=_("Collaboration"),
        empty_label=_("All collaborations"),
    )
    rollout = IdFilter(field_name="rollout", widget=forms.HiddenInput, label=_("Rollout"))

    class Meta:
        model = StatusReport
        fields = ["collaboration", "state", "rollout"]
