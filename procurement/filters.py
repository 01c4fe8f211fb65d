"""Filter sets of the procurement app, shared by the pages and the API lists."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from portal.api_common import IdFilter
from portal.models import Organisation
from procurement.access import visible_suppliers
from procurement.models import CommitmentStatus, Procurement, ProcurementPhase, StartDateCommitment


def _suppliers(request: Any) -> QuerySet[Organisation]:
    if request is None:
        return Organisation.objects.none()
    return visible_suppliers(request.user)


class CommitmentFilterSet(django_filters.FilterSet):
    supplier = django_filters.ModelChoiceFilter(
        queryset=_suppliers, label=_("Supplier"), empty_label=_("All suppliers")
    )
    status = django_filters.ChoiceFilter(
        choices=CommitmentStatus.choices, label=_("Status"), empty_label=_("All")
    )
    # Read by the API's clients; on the page it rides along hidden in the form.
    rollout = IdFilter(field_name="rollout", widget=forms.HiddenInput, label=_("Rollout"))

    class Meta:
        model = StartDateCommitment
        fields = ["supplier", "status", "rollout"]


class ProcurementFilterSet(django_filters.FilterSet):
    phase = django_filters.ChoiceFilter(
        choices=ProcurementPhase.choices, label=_("Phase"), empty_label=_("All")
    )

    class Meta:
        model = Procurement
        fields = ["phase"]
