"""Search in the articles: PostgreSQL full-text search with the ``norwegian`` configuration
(so "opplæringen" finds "opplæring"), ranked, with highlighted excerpts; on SQLite a simple
fallback that matches words and ranks by how many fields match."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet


def search(queryset: QuerySet, query: str) -> QuerySet:
    """``queryset`` narrowed to ``query`` and ordered best first. On PostgreSQL each article
    gets ``headline`` (an excerpt with the matches in <mark>)."""
    query = (query or "").strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import (
            SearchHeadline,
            SearchQuery,
            SearchRank,
            SearchVector,
        )

        vector = (
            SearchVector("title", weight="A", config="norwegian")
            + SearchVector("summary", weight="B", config="norwegian")
            + SearchVector("body", weight="C", config="norwegian")
        )
        from django.db.models import Value
        from django.db.models.functions import Replace

        search_query = SearchQuery(query, config="norwegian", search_type="websearch")
        # The headline is shown as HTML (for its <mark>s): escape the Markdown source first,
        # so that markup an author wrote is text, not tags.
        escaped_body = Replace(
            Replace(Replace("body", Value("&"), Value("&amp;")), Value("<"), Value("&lt;")),
            Value(">"),
            Value("&gt;"),
        )
        return (
            queryset.annotate(rank=SearchRank(vector, search_query))
            .filter(rank__gt=0)
            .annotate(
                headline=SearchHeadline(
                    escaped_body,
                    search_query,
                    config="norwegian",
                    start_sel="<mark>",
                    stop_sel="</mark>",
                    max_words=30,
                    min_words=12,
                )
            )
            .order_by("-rank", "-published_at")
        )
    from django.db.models import Case, IntegerField, Q, Value, When

    words = [w for w in query.split() if len(w) > 1]
    condition = Q()
    for word in words:
        stem = word[:-2] if len(word) > 6 else word  # "opplæringen" → "opplæring…"
        condition &= Q(title__icontains=stem) | Q(summary__icontains=stem) | Q(body__icontains=stem)
    first = words[0][:-2] if words and len(words[0]) > 6 else (words[0] if words else "")
    return (
        queryset.filter(condition)
        .annotate(
            rank=Case(
                When(title__icontains=first, then=Value(3)),
                When(summary__icontains=first, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("-rank", "-published_at")
    )
