"""The knowledge API: who reads which articles, the editorial workflow over HTTP, search,
sanitised Markdown, and a list whose number of queries does not grow with the data."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from knowledge.models import Article, ArticleStatus, Topic
from knowledge.services import create_article, save_meeting, transition
from tests.personas import World

JSON = "application/json"
ARTICLES = reverse("api:article-list")


def detail(obj: Any) -> str:
    return reverse("api:article-detail", kwargs={"pk": obj.pk})


def step(client: Any, article: Article, action: str, comment: str = "") -> Any:
    return client.post(
        reverse("api:article-step", kwargs={"pk": article.pk}),
        {"action": action, "comment": comment},
        content_type=JSON,
        headers={"Accept-Language": "en"},
    )


# --- Reading ------------------------------------------------------------------------------------


def test_a_supplier_reads_published_articles_but_not_a_draft(world: World, client_for: Any) -> None:
    client = client_for("supplier_a")

    listed = client.get(ARTICLES)
    assert listed.status_code == 200
    assert [a["title"] for a in listed.json()["results"]] == ["Start opplæringen tidlig"]

    lesson = client.get(detail(world["article:published"]))
    assert lesson.status_code == 200
    body = lesson.json()
    assert body["status"] == "published"
    assert body["organisation"] == world["org:levanger"].pk
    assert body["milestones"] == [world["template:first"].code]
    assert "<strong>opplæringen</strong>" in body["body_html"]

    assert client.get(detail(world["article:draft"])).status_code == 404


def test_mine_lists_the_authors_drafts(world: World, client_for: Any) -> None:
    response = client_for("verdal_lead").get(ARTICLES, {"mine": "1"})
    assert [a["title"] for a in response.json()["results"]] == ["Zq-Verdal-utkast om integrasjoner"]
    assert response.json()["results"][0]["status"] == "draft"


def test_search_finds_the_published_lesson(world: World, client_for: Any) -> None:
    client = client_for("steering_central")

    found = client.get(ARTICLES, {"q": "opplæring"}).json()
    missing = client.get(ARTICLES, {"q": "fakturering"}).json()

    assert [a["id"] for a in found["results"]] == [world["article:published"].pk]
    assert missing["count"] == 0


def test_filters_by_milestone_organisation_and_phase(world: World, client_for: Any) -> None:
    client = client_for("outsider")
    lesson = world["article:published"].pk

    def ids(**params: Any) -> list[int]:
        return [a["id"] for a in client.get(ARTICLES, params).json()["results"]]

    assert ids(milestone=world["template:first"].code) == [lesson]
    assert ids(milestone="no-such-milestone") == []
    assert ids(organisation=world["org:levanger"].pk) == [lesson]
    assert ids(organisation=world["org:verdal"].pk) == []
    assert ids(phase="training") == []


def test_a_script_in_the_markdown_never_reaches_the_html(world: World, client_for: Any) -> None:
    client = client_for("verdal_lead")
    created = client.post(
        ARTICLES,
        {
            "title": "Skript",
            "summary": "Forsøk.",
            "body": 'Hei **alle** <script>alert("x")</script> <img src=x onerror=alert(1)>',
            "organisation": world["org:verdal"].pk,
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.content

    body_html = client.get(detail(Article(pk=created.json()["id"]))).json()["body_html"]
    assert "<strong>alle</strong>" in body_html
    assert "<script" not in body_html.lower()
    assert "onerror" not in body_html.lower()


def test_meeting_agenda_and_minutes_are_rendered_and_sanitised(
    world: World, client_for: Any
) -> None:
    meeting = world["meeting:first"]
    save_meeting(
        by=world.people["ks_editor"],
        meeting=meeting,
        agenda="1. **Velkommen**\n2. Erfaringer",
        minutes="<script>alert(1)</script>Referat",
    )

    body = client_for("supplier_b").get(reverse("api:meeting-detail", kwargs={"pk": meeting.pk}))

    assert body.status_code == 200
    assert "<strong>Velkommen</strong>" in body.json()["agenda_html"]
    assert "<ol>" in body.json()["agenda_html"]
    assert "<script" not in body.json()["minutes_html"]


# --- Writing ------------------------------------------------------------------------------------


def test_the_verdal_lead_submits_and_the_ks_editor_publishes(world: World, client_for: Any) -> None:
    draft = world["article:draft"]

    submitted = step(client_for("verdal_lead"), draft, "submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "in_review"

    published = step(client_for("ks_editor"), draft, "publish", "Godt skrevet.")
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    assert published.json()["published_at"] is not None
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.PUBLISHED
    assert list(draft.events.values_list("to_status", flat=True)) == [
        "draft",
        "in_review",
        "published",
    ]
    # Now everyone reads it.
    assert client_for("supplier_a").get(detail(draft)).status_code == 200


def test_the_author_may_not_publish_their_own_draft(world: World, client_for: Any) -> None:
    response = step(client_for("verdal_lead"), world["article:draft"], "publish")
    assert response.status_code == 403
    world["article:draft"].refresh_from_db()
    assert world["article:draft"].status == ArticleStatus.DRAFT


def test_a_step_the_status_does_not_allow_is_a_bad_request(world: World, client_for: Any) -> None:
    client = client_for("ks_editor")

    wrong_status = step(client, world["article:draft"], "publish")
    unknown = step(client, world["article:draft"], "delete")
    no_comment = step(client, world["article:published"], "unpublish")  # fine without one

    assert wrong_status.status_code == 400
    assert "status" in wrong_status.json()
    assert unknown.status_code == 400
    assert "action" in unknown.json()
    assert no_comment.status_code == 200


def test_a_supplier_may_not_write_articles(world: World, client_for: Any) -> None:
    response = client_for("supplier_a").post(
        ARTICLES,
        {"title": "T", "summary": "S", "body": "B", "organisation": world["org:supplier_a"].pk},
        content_type=JSON,
    )
    assert response.status_code == 403
    assert not Article.objects.filter(title="T").exists()


def test_writing_for_another_organisation_names_the_field(world: World, client_for: Any) -> None:
    response = client_for("levanger_lead").post(
        ARTICLES,
        {"title": "T", "summary": "S", "body": "B", "organisation": world["org:verdal"].pk},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert list(response.json()) == ["organisation"]


def test_a_draft_with_milestones_and_topics(world: World, client_for: Any) -> None:
    Topic.objects.create(name="Opplæring")
    response = client_for("levanger_lead").post(
        ARTICLES,
        {
            "kind": "guide",
            "title": "Slik planlegger du opplæring",
            "summary": "Steg for steg.",
            "body": "1. Finn superbrukere",
            "organisation": world["org:levanger"].pk,
            "milestones": [world["template:first"].code],
            "topics": ["Opplæring"],
            "phase": "training",
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "guide"
    assert body["status"] == "draft"
    assert body["milestones"] == [world["template:first"].code]
    assert body["topics"] == ["Opplæring"]
    assert body["phase"] == "training"


# --- Queries ------------------------------------------------------------------------------------

LIST_QUERIES = 7


def _publish_more(world: World, count: int) -> None:
    lead = world.people["levanger_lead"]
    editor = world.people["ks_editor"]
    topics = [Topic.objects.create(name=f"Tema {n}") for n in range(2)]
    for n in range(count):
        article = create_article(
            by=lead,
            organisation=world["org:levanger"],
            title=f"Læringspunkt {n}",
            summary="Kort.",
            body="Tekst.",
            milestones=[world["template:first"]],
            topics=topics,
        )
        transition(by=lead, article=article, action="submit")
        transition(by=editor, article=article, action="publish")


def _count_list(client: Any, assert_num_queries: Any) -> int:
    client.get(ARTICLES)  # the first request of a session writes it once
    with assert_num_queries(LIST_QUERIES):
        response = client.get(ARTICLES)
    assert response.status_code == 200
    return int(response.json()["count"])


def test_the_article_list_makes_no_more_queries_as_articles_grow(
    world: World, client_for: Any, django_assert_num_queries: Any
) -> None:
    client = client_for("levanger_lead")
    before = _count_list(client, django_assert_num_queries)

    _publish_more(world, 10)

    after = _count_list(client, django_assert_num_queries)
    assert (before, after) == (1, 11)
