"""Paging of list pages: the same page size as the API."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50


def paginate(request: HttpRequest, queryset: QuerySet[Any]) -> Page:
    """The requested page of ``queryset``; a bad or too high page number gives the last page."""
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
