"""The filter set of the article list, shared by the list page (its search form) and the API.

The page shows its choices as select lists (filled only when the form is drawn, so the API
pays no query for them); the values are the ones the API documents: a milestone's code, a
topic's name, an organisation's id. ``mine`` is read by each caller: it also decides whether
only published articles are listed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from knowledge import access
from knowledge.models import Article, Topic
from knowledge.search import search
from portal.api_common import IdFilter
from rollout.models import Methodology, MilestoneTemplate, Phase


def current_milestones() -> QuerySet[MilestoneTemplate]:
    """The milestones of the newest published methodology, in their order."""
    latest = Methodology.objects.filter(is_published=True).order_by("-version").first()
    return MilestoneTemplate.objects.filter(methodology=latest).order_by("order")


def _later(choices: Callable[[], list[tuple[Any, Any]]]) -> Any:
    """Choices Django reads only when the widget is drawn, from the database once."""
    read: list[list[tuple[Any, Any]]] = []

    def once() -> list[tuple[Any, Any]]:
        if not read:
            read.append(choices())
        return read[0]

    return once


class ArticleFilterSet(django_filters.FilterSet):
    # A filter, not a raw query parameter, so bad input (a NUL character) is a 400 naming it
    # in the API and an error beside the field on the page.
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        help_text=_("Search in title, summary and text, best matches first."),
    )
    phase = django_filters.ChoiceFilter(
        choices=Phase.choices, label=_("Phase"), empty_label=_("All phases")
    )
    milestone = django_filters.CharFilter(
        method="filter_milestone",
        label=_("Milestone"),
        help_text=_("Code of a methodology milestone"),
    )
    topic = django_filters.CharFilter(
        field_name="topics__name", label=_("Topic"), help_text=_("Name of a topic")
    )
    organisation = IdFilter(field_name="organisation", label=_("Organisation"))

    class Meta:
        model = Article
        fields = ["q", "phase", "milestone", "topic", "organisation"]

    @property
    def form(self) -> forms.Form:
        form = super().form
        if getattr(form, "_choices_set", False):
            return form
        form._choices_set = True  # type: ignore[attr-defined]
        user = getattr(self.request, "user", None)
        # Callables: evaluated when the page draws the form, never by the API.
        form.fields["milestone"].widget = forms.Select(
            choices=_later(
                lambda: [
                    ("", _("All milestones")),
                    *((m.code, str(m)) for m in current_milestones()),
                ]
            )
        )
        form.fields["topic"].widget = forms.Select(
            choices=_later(
                lambda: [
                    ("", _("All topics")),
                    *((t.name, t.name) for t in Topic.objects.order_by("name")),
                ]
            )
        )
        form.fields["organisation"].widget = forms.Select(
            choices=_later(
                lambda: [
                    ("", _("All organisations")),
                    *((o.pk, o.name) for o in access.article_organisations(user)),
                ]
            )
        )
        return form

    def filter_search(self, queryset: QuerySet[Article], name: str, value: str) -> Any:
        return search(queryset, value)

    def filter_milestone(self, queryset: QuerySet[Article], name: str, value: str) -> Any:
        # A subquery, so an article at two milestones with the code is listed once.
        tagged = Article.milestones.through.objects.filter(milestonetemplate__code=value)
        return queryset.filter(pk__in=tagged.values("article_id"))
