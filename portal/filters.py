"""Filter sets of the base, shared by the pages and the API lists."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from portal.models import County, Organisation, OrganisationKind


class OrganisationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label=_("Kind"))
    county = django_filters.ModelChoiceFilter(
        queryset=County.objects.all(), label=_("County"), empty_label=_("All counties")
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "county"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(municipality_number=value))
