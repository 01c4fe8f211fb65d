"""Filter sets of the rollout app, shared by the pages and the API lists."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rollout.models import Collaboration


class CollaborationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Collaboration
        fields = ["q"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset
