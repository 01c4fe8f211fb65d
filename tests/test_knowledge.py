"""The knowledge app: what authors write can never run in a reader's browser, the editorial
workflow, who sees drafts, Norwegian search, lessons at the right milestone, and query counts."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from knowledge import markdown
from knowledge.models import Article, ArticleEvent, ArticleStatus, Topic
from knowledge.search import search
from knowledge.services import create_article, save_meeting, transition, update_article
from portal.models import Role
from tests.factories import MembershipFactory, UserFactory
from tests.personas import World

IMAGE_HOST = "img.portal.example"

XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" ONERROR="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript&colon;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    '<p onmouseover="alert(1)">x</p>',
    '<table><tr><td onclick="alert(1)">x</td></tr></table>',
    "<strong onfocus=alert(1) tabindex=1 autofocus>x</strong>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<img src=x onerror=alert(1)//",
    "<script>alert(1)",
    '<a href="x" <img src=x onerror=alert(1)>',
    "![x](https://evil.example/x.png)",
    '<img src="https://evil.example/x.png">',
    "![x](//evil.example/x.png)",
    "![x](/\\evil.example/x.png)",
    '<img src="/&#x5C;evil.example/x.png">',
    "![x](http://" + IMAGE_HOST + "/x.png)",
    '<a href="//evil.example">x</a>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
]

# Tags that must never come from content; the page's own frame (outside <main>) has its
# stylesheet links, meta tags and the htmx script from /static/.
FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "frame",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "style",
    "base",
    "link",
    "meta",
    "noscript",
    "template",
}
SHELL_TAGS = {"meta", "link"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href"}
BAD_SCHEMES = {"javascript", "data", "vbscript"}


def _url_scheme(value: str) -> str:
    """The scheme a browser would see: it strips leading/trailing spaces and control
    characters and removes tabs and newlines anywhere."""
    cleaned = value.strip(" \t\n\r\f\x00").replace("\t", "").replace("\n", "").replace("\r", "")
    return urlsplit(cleaned).scheme.lower()


def _image_host(src: str) -> str | None:
    """The host a browser loads ``src`` from; None for the portal itself."""
    normalised = src.strip().replace("\\", "/")
    parts = urlsplit(normalised)
    return parts.hostname


class _Inspector(HTMLParser):
    """Every tag of the page, with whether it is inside <main> (the content area)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_main = 0
        self.problems: list[str] = []
        self.main_seen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "main":
            self.in_main += 1
            self.main_seen = True
        inside = self.in_main > 0
        if tag in FORBIDDEN_TAGS:
            shell_script = tag == "script" and values.get("src", "").startswith("/static/")
            if inside or not (tag in SHELL_TAGS or shell_script):
                self.problems.append(f"<{tag}> {values}")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and inside:
                self.problems.append(f"<{tag} style={value!r}>")
            if name in URL_ATTRIBUTES and _url_scheme(value) in BAD_SCHEMES:
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and inside and values.get("src"):
            host = _image_host(values["src"])
            if host is not None and host != IMAGE_HOST:
                self.problems.append(f"remote image {values['src']!r}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "main":
            self.in_main -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main -= 1


def _problems(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    assert inspector.main_seen, "the page has no <main>"
    return inspector.problems


@pytest.fixture
def world(module_world: World, db: Any) -> World:
    """One world for the module; each test's writes are rolled back."""
    return module_world


def _published(world: World, *, by: str = "levanger_lead", **values: Any) -> Article:
    lead = world.people[by]
    org = world["org:levanger"] if by == "levanger_lead" else world["org:verdal"]
    values.setdefault("summary", "Kort.")
    values.setdefault("body", "Tekst.")
    article = create_article(by=lead, organisation=org, **values)
    transition(by=lead, article=article, action="submit")
    return transition(by=world.people["ks_editor"], article=article, action="publish")


# --- 1. Markdown is sanitised everywhere it is shown --------------------------------------


def test_the_corpus_is_big_enough() -> None:
    assert len(XSS) >= 25
    assert len(set(XSS)) == len(XSS)


@override_settings(KNOWLEDGE_IMAGE_HOSTS=[IMAGE_HOST])
@pytest.mark.parametrize("payload", XSS)
def test_markdown_render_leaves_nothing_executable(payload: str) -> None:
    html = "<main>" + str(markdown.render(f"Før\n\n{payload}\n\nEtter")) + "</main>"
    assert _problems(html) == []
    lowered = html.lower()
    for needle in ("<script", "<iframe", "<object", "<embed", "<svg", "<math", "<style"):
        assert needle not in lowered


@override_settings(KNOWLEDGE_IMAGE_HOSTS=[IMAGE_HOST])
@pytest.mark.parametrize("payload", XSS)
def test_payload_in_every_field_is_harmless_on_every_page(
    world: World, client_for: Any, payload: str
) -> None:
    milestone = world["milestone:levanger"]
    article = _published(
        world,
        title=payload[:200],
        summary=payload,
        body=f"Opplæring.\n\n{payload}\n\nOpplæring igjen.",
        milestones=[milestone.template],
    )
    meeting = save_meeting(
        by=world.people["ks_editor"],
        title=payload[:200],
        place=payload[:200],
        agenda=payload,
        minutes=f"# Referat\n\n{payload}",
        starts_at=datetime(2027, 1, 5, 9, tzinfo=UTC),
        ends_at=datetime(2027, 1, 5, 11, tzinfo=UTC),
        articles=[article],
    )
    client = client_for("levanger_lead")
    urls = [
        reverse("knowledge:article-detail", args=[article.pk]),
        reverse("knowledge:article-list"),
        reverse("knowledge:article-list") + "?q=oppl%C3%A6ring",
        reverse("knowledge:meeting-detail", args=[meeting.pk]),
        reverse("knowledge:meeting-list"),
        reverse("rollout:milestone-detail", args=[milestone.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert _problems(html) == [], url
    # The lesson really is on the milestone page (so the check above covered it).
    milestone_page = client.get(urls[-1]).content.decode()
    assert reverse("knowledge:article-detail", args=[article.pk]) in milestone_page


def test_a_meeting_link_must_be_a_web_address(world: World) -> None:
    with pytest.raises(ValidationError):
        save_meeting(
            by=world.people["ks_editor"],
            title="Møte",
            link="javascript:alert(1)",
            starts_at=datetime(2027, 1, 5, 9, tzinfo=UTC),
            ends_at=datetime(2027, 1, 5, 11, tzinfo=UTC),
        )


@override_settings(KNOWLEDGE_IMAGE_HOSTS=[IMAGE_HOST])
def test_render_keeps_https_images_from_allowed_hosts_only() -> None:
    kept = str(markdown.render(f"![Skjerm](https://{IMAGE_HOST}/a.png)"))
    assert f'src="https://{IMAGE_HOST}/a.png"' in kept
    assert 'alt="Skjerm"' in kept
    own = str(markdown.render("![Egen](/media/articles/1/a.png)"))
    assert 'src="/media/articles/1/a.png"' in own
    for src in (
        "https://evil.example/a.png",
        f"http://{IMAGE_HOST}/a.png",
        "//evil.example/a.png",
        "/\\evil.example/a.png",
        f"https://{IMAGE_HOST}.evil.example/a.png",
    ):
        assert "src=" not in str(markdown.render(f"![x]({src})")), src


@override_settings(KNOWLEDGE_IMAGE_HOSTS=[])
def test_render_drops_every_remote_image_without_allowed_hosts() -> None:
    assert "src=" not in str(markdown.render(f"![x](https://{IMAGE_HOST}/a.png)"))


def test_render_headings_start_at_h2() -> None:
    html = str(markdown.render("# En\n\n## To\n\n### Tre\n\n#### Fire\n\n###### Seks"))
    assert "<h1" not in html
    assert "<h2>En</h2>" in html
    assert "<h3>To</h3>" in html
    assert "<h4>Tre</h4>" in html
    assert "<h4>Fire</h4>" in html
    assert "<h4>Seks</h4>" in html


def test_render_keeps_ordinary_markdown() -> None:
    html = str(markdown.render("**fet** *kursiv*\n\n- a\n- b\n\n[KS](https://www.ks.no)"))
    assert "<strong>fet</strong>" in html
    assert "<em>kursiv</em>" in html
    assert "<li>a</li>" in html
    assert 'href="https://www.ks.no"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    table = str(markdown.render("| a | b |\n|---|---|\n| 1 | 2 |"))
    assert "<table>" in table
    assert "<td>1</td>" in table


# --- 2. The editorial workflow --------------------------------------------------------------


def _events(article: Article) -> list[tuple[str, str, Any]]:
    return [
        (e.from_status, e.to_status, e.by)
        for e in ArticleEvent.objects.filter(article=article).order_by("at", "id")
    ]


def test_the_editorial_workflow_records_every_step(world: World, client_for: Any) -> None:
    lead, ks = world.people["levanger_lead"], world.people["ks_editor"]
    article = create_article(
        by=lead, organisation=world["org:levanger"], title="Utkast", summary="S", body="B"
    )
    assert article.status == ArticleStatus.DRAFT
    article = transition(by=lead, article=article, action="submit")
    assert article.status == ArticleStatus.IN_REVIEW

    # Asking for changes needs a comment: in the service and through the page.
    with pytest.raises(ValidationError):
        transition(by=ks, article=article, action="request_changes", comment="  ")
    editor = client_for("ks_editor")
    step_url = reverse("knowledge:article-step", args=[article.pk])
    response = editor.post(step_url, {"action": "request_changes", "comment": ""})
    assert response.status_code in (302, 400)
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW

    response = editor.post(step_url, {"action": "request_changes", "comment": "Kortere."})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.CHANGES_REQUESTED
    assert article.events.get(to_status=ArticleStatus.CHANGES_REQUESTED).comment == "Kortere."

    article = update_article(by=lead, article=article, title="Utkast, kortere")
    article = transition(by=lead, article=article, action="submit")
    assert article.published_at is None
    article = transition(by=ks, article=article, action="publish")
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_at is not None
    first_published = article.published_at
    article = transition(by=ks, article=article, action="unpublish")
    assert article.status == ArticleStatus.UNPUBLISHED
    article = transition(by=ks, article=article, action="archive")
    assert article.status == ArticleStatus.ARCHIVED
    assert article.published_at == first_published

    S = ArticleStatus
    assert _events(article) == [
        ("", S.DRAFT, lead),
        (S.DRAFT, S.IN_REVIEW, lead),
        (S.IN_REVIEW, S.CHANGES_REQUESTED, ks),
        (S.CHANGES_REQUESTED, S.IN_REVIEW, lead),
        (S.IN_REVIEW, S.PUBLISHED, ks),
        (S.PUBLISHED, S.UNPUBLISHED, ks),
        (S.UNPUBLISHED, S.ARCHIVED, ks),
    ]
    # An archived article takes no further steps.
    with pytest.raises(ValidationError):
        transition(by=ks, article=article, action="publish")


def test_a_project_lead_cannot_publish(world: World, client_for: Any) -> None:
    lead = world.people["levanger_lead"]
    article = create_article(
        by=lead, organisation=world["org:levanger"], title="T", summary="S", body="B"
    )
    transition(by=lead, article=article, action="submit")
    with pytest.raises(PermissionDenied):
        transition(by=lead, article=article, action="publish")
    response = client_for("levanger_lead").post(
        reverse("knowledge:article-step", args=[article.pk]), {"action": "publish"}
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW
    assert article.published_at is None


def test_the_author_cannot_edit_after_submitting_but_ks_can(world: World, client_for: Any) -> None:
    lead, ks = world.people["levanger_lead"], world.people["ks_editor"]
    article = create_article(
        by=lead, organisation=world["org:levanger"], title="T", summary="S", body="B"
    )
    update_article(by=lead, article=article, body="Endret som utkast.")
    transition(by=lead, article=article, action="submit")
    article.refresh_from_db()
    with pytest.raises(PermissionDenied):
        update_article(by=lead, article=article, body="Etter innsending.")
    edit_url = reverse("knowledge:article-edit", args=[article.pk])
    assert client_for("levanger_lead").get(edit_url).status_code == 403
    update_article(by=ks, article=article, body="Språkvask av KS.")
    article.refresh_from_db()
    assert article.body == "Språkvask av KS."
    assert client_for("ks_editor").get(edit_url).status_code == 200


# --- 3. Who sees drafts -----------------------------------------------------------------------


def test_drafts_are_seen_by_author_their_project_leads_and_ks(
    world: World, client_for: Any
) -> None:
    draft, published = world["article:draft"], world["article:published"]
    colleague = UserFactory(email="lead2@verdal.example.no")
    MembershipFactory(user=colleague, organisation=world["org:verdal"], role=Role.PROJECT_LEAD)
    reader = UserFactory(email="reader@verdal.example.no")
    MembershipFactory(user=reader, organisation=world["org:verdal"], role=Role.READER)

    def sees(user: Any) -> set[int]:
        return set(
            Article.objects.visible_to(user)
            .filter(pk__in=[draft.pk, published.pk])
            .values_list("pk", flat=True)
        )

    both, only_published = {draft.pk, published.pk}, {published.pk}
    assert sees(world.people["verdal_lead"]) == both  # the author
    assert sees(colleague) == both  # a project lead of the author's organisation
    assert sees(world.people["ks_editor"]) == both
    assert sees(world.people["admin"]) == both
    assert sees(reader) == only_published
    assert sees(world.people["levanger_lead"]) == only_published
    assert sees(world.people["supplier_a"]) == only_published
    assert sees(world.people["outsider"]) == only_published
    assert sees(world.people["anonymous"]) == set()

    draft_url = reverse("knowledge:article-detail", args=[draft.pk])
    published_url = reverse("knowledge:article-detail", args=[published.pk])
    for persona, status in [
        ("verdal_lead", 200),
        ("ks_editor", 200),
        ("levanger_lead", 404),
        ("supplier_a", 404),
    ]:
        assert client_for(persona).get(draft_url).status_code == status, persona
    assert client_for("supplier_a").get(published_url).status_code == 200


# --- 4. Search and filters --------------------------------------------------------------------

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="norwegian full-text search (stemming, SearchRank, SearchHeadline) needs PostgreSQL",
)


def _titles(queryset: Any) -> list[str]:
    return [a.title for a in queryset]


@needs_postgresql
def test_postgresql_search_stems_ranks_and_highlights(world: World, client_for: Any) -> None:
    in_body = _published(
        world,
        title="Rutiner for vaktplan",
        summary="Om turnus.",
        body="Vi la for lite vekt på opplæring av nattevakter.",
    )
    in_title = _published(
        world, title="Opplæring av superbrukere", summary="Om roller.", body="Planlegg roller."
    )
    _published(world, title="Integrasjonstest", summary="Ikke relevant.", body="Meldinger.")
    found = list(search(Article.objects.published(), "opplæringen"))
    titles = _titles(found)
    assert in_body.title in titles  # "opplæringen" finds "opplæring"
    assert "Integrasjonstest" not in titles
    assert titles.index(in_title.title) < titles.index(in_body.title)
    by_title = {a.title: a for a in found}
    assert "<mark>opplæring</mark>" in by_title[in_body.title].headline.lower()

    html = client_for("supplier_a").get(reverse("knowledge:article-list") + "?q=opplæringen")
    page = html.content.decode()
    assert "<mark>" in page
    assert page.index(in_title.title) < page.index(in_body.title)


@needs_postgresql
def test_postgresql_headline_escapes_the_markdown_source(world: World, client_for: Any) -> None:
    _published(
        world,
        title="Farlig",
        body="opplæring <img src=x onerror=alert(1)> <script>alert(2)</script> opplæring",
    )
    found = search(Article.objects.published().filter(title="Farlig"), "opplæring").get()
    assert "<img" not in found.headline
    assert "<script" not in found.headline
    assert "&lt;img src=x onerror=alert(1)&gt;" in found.headline  # shown as text
    assert "<mark>" in found.headline
    page = client_for("levanger_lead").get(reverse("knowledge:article-list") + "?q=opplæring")
    assert _problems(page.content.decode()) == []


def test_fallback_search_finds_inflected_words(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_body = _published(world, title="Vaktplan", body="Lite vekt på opplæring av vakter.")
    in_title = _published(world, title="Opplæring av superbrukere", body="Roller.")
    _published(world, title="Integrasjonstest", body="Meldinger.")
    monkeypatch.setattr(connection, "vendor", "sqlite")  # the fallback on any database
    titles = _titles(search(Article.objects.published(), "opplæringen"))
    assert in_body.title in titles
    assert in_title.title in titles
    assert "Integrasjonstest" not in titles
    assert titles.index(in_title.title) < titles.index(in_body.title)


def test_article_list_filters(world: World, client_for: Any) -> None:
    template = world["template:first"]
    later = world["methodology:default"].milestones.order_by("order").last()
    topic = Topic.objects.create(name="Opplæring")
    other_topic = Topic.objects.create(name="Integrasjon")
    a = _published(world, title="Alfa-artikkel", phase=template.phase, milestones=[template])
    a.topics.set([topic])
    b = _published(world, by="verdal_lead", title="Beta-artikkel", milestones=[later])
    b.topics.set([other_topic])
    client = client_for("supplier_a")
    url = reverse("knowledge:article-list")

    def listed(query: str) -> set[str]:
        response = client.get(url + query)
        assert response.status_code == 200
        return {t for t in ("Alfa-artikkel", "Beta-artikkel") if t in response.content.decode()}

    assert listed("") == {"Alfa-artikkel", "Beta-artikkel"}
    assert listed(f"?phase={template.phase}") == {"Alfa-artikkel"}
    assert listed(f"?milestone={template.code}") == {"Alfa-artikkel"}
    assert listed(f"?milestone={later.code}") == {"Beta-artikkel"}
    assert listed(f"?topic={topic.name}") == {"Alfa-artikkel"}
    assert listed(f"?organisation={world['org:verdal'].pk}") == {"Beta-artikkel"}
    assert listed(f"?organisation={world['org:levanger'].pk}&topic={other_topic.name}") == set()


# --- 5. Lessons at the right time -------------------------------------------------------------


def test_the_milestone_page_shows_published_lessons_newest_first(
    world: World, client_for: Any
) -> None:
    milestone = world["milestone:levanger"]
    published, draft = world["article:published"], world["article:draft"]
    update_article(by=world.people["verdal_lead"], article=draft, milestones=[milestone.template])
    url = reverse("rollout:milestone-detail", args=[milestone.pk])
    client = client_for("levanger_lead")
    page = client.get(url).content.decode()
    assert published.title in page
    assert reverse("knowledge:article-detail", args=[published.pk]) in page
    assert reverse("knowledge:article-detail", args=[draft.pk]) not in page

    newer = _published(world, title="Nyere læringspunkt", milestones=[milestone.template])
    Article.objects.filter(pk=published.pk).update(
        published_at=timezone.now() - timezone.timedelta(days=30)
    )
    page = client.get(url).content.decode()
    assert page.index(newer.title) < page.index(published.title)
    assert reverse("knowledge:article-detail", args=[draft.pk]) not in page


# --- 6. Query counts --------------------------------------------------------------------------

# Pinned: a change here must be on purpose.
LIST_QUERIES = 10
SEARCH_QUERIES = 10


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("query", "expected"), [("", LIST_QUERIES), ("?q=opplæring", SEARCH_QUERIES)]
)
def test_article_list_queries_are_pinned(
    world: World, client_for: Any, query: str, expected: int
) -> None:
    url = reverse("knowledge:article-list") + query
    client = client_for("levanger_lead")
    client.get(url)  # warm the session and content-type caches
    before = _count(client, url)
    topics = [Topic.objects.create(name=f"Tema {i}") for i in range(3)]
    for i in range(10):
        article = _published(
            world, title=f"Opplæring nummer {i}", body=f"Mer opplæring, runde {i}."
        )
        article.topics.set(topics[: 1 + i % 3])
    after = _count(client, url)
    assert (before, after) == (expected, expected)


def test_an_attachment_is_checked_and_downloaded_by_those_who_read_the_article(
    world: Any, client_for: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from knowledge.models import Attachment

    draft = world["article:draft"]
    client = client_for("verdal_lead")
    url = reverse("knowledge:attachment-add", args=[draft.pk])
    fake = SimpleUploadedFile("notat.pdf", b"<html><script>alert(1)</script>")
    assert client.post(url, {"file": fake}).status_code == 400
    assert not Attachment.objects.filter(article=draft).exists()
    real = SimpleUploadedFile("notat.pdf", b"%PDF-1.7 notat")
    assert client.post(url, {"file": real, "title": "Notat"}).status_code == 302
    attachment = Attachment.objects.get(article=draft)
    download = reverse("knowledge:attachment-download", args=[attachment.pk])
    response = client.get(download)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    # A draft's file is as private as the draft.
    assert client_for("supplier_a").get(download).status_code == 404
