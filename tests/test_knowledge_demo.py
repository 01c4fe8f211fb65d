"""The knowledge part of the demo: lessons learned from the early puljer, shown at the
methodology's milestones, erfaringsmøter, and loading twice changes nothing."""

from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from knowledge.models import Article, ArticleEvent, ArticleStatus, Meeting, Topic
from portal.models import HistoryEntry, User
from portal.site.demo import SORVEST
from rollout.models import Milestone


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.DEBUG = True
    call_command("load_demo")


def test_lessons_are_published_with_milestones_and_topics(demo: None) -> None:
    articles = Article.objects.filter(is_demo=True)
    assert articles.count() >= 12
    published = articles.filter(status=ArticleStatus.PUBLISHED)
    assert published.count() >= 9
    for article in published:
        assert article.milestones.exists(), article.title
        assert article.topics.exists(), article.title
        assert article.published_at is not None
        assert 2023 <= article.published_at.year <= 2025
        assert "Demotekst" in article.body
        assert article.author.email.startswith("prosjektleder.")
        assert article.events.filter(
            to_status=ArticleStatus.PUBLISHED, by__email="ks@demo.no"
        ).exists()
    statuses = set(articles.values_list("status", flat=True))
    assert {
        ArticleStatus.IN_REVIEW,
        ArticleStatus.CHANGES_REQUESTED,
        ArticleStatus.DRAFT,
    } <= statuses
    # The history reads as written in 2023–2025, not today.
    assert not ArticleEvent.objects.filter(article__is_demo=True, at__year__gt=2025).exists()
    assert all(2023 <= a.created_at.year <= 2025 for a in articles)


def test_a_sorvest_milestone_shows_a_lesson(demo: None, client: Any) -> None:
    milestone = Milestone.objects.get(
        rollout__collaboration__name=SORVEST,
        rollout__organisation__name="Kristiansand",
        template__code="superuser-training-start",
    )
    lesson = Article.objects.published().get(milestones__code="superuser-training-start")
    client.force_login(User.objects.get(email="styringsgruppe.sorvest@demo.no"))
    response = client.get(reverse("rollout:milestone-detail", args=[milestone.pk]))
    assert response.status_code == 200
    assert lesson.title in response.content.decode()


def test_meetings(demo: None) -> None:
    meetings = Meeting.objects.filter(is_demo=True).order_by("starts_at")
    assert meetings.count() == 3
    past, upcoming, later = meetings
    assert past.starts_at.year == 2023 and past.minutes and past.articles.count() == 2
    for article in past.articles.all():
        assert reverse("knowledge:article-detail", args=[article.pk]) in past.minutes
    assert (upcoming.starts_at.year, upcoming.starts_at.month) == (2026, 12)
    assert later.starts_at.year == 2027
    assert {m.created_by.email for m in meetings} == {"ks@demo.no"}
    assert later.starts_at.date() > date(2026, 12, 31)


def test_loading_twice_changes_nothing(demo: None, settings: Any) -> None:
    counts = [m.objects.count() for m in (Article, ArticleEvent, Meeting, Topic, HistoryEntry)]
    call_command("load_demo")
    assert [
        m.objects.count() for m in (Article, ArticleEvent, Meeting, Topic, HistoryEntry)
    ] == counts
