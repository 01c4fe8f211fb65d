"""Markdown to sanitised HTML: what an author writes can never run in a reader's browser.

Markdown is rendered, then nh3 keeps only an allow-list of tags and attributes: no script or
style, no event handlers, only http(s) and mailto links, and images only from the portal
itself or from hosts in ``KNOWLEDGE_IMAGE_HOSTS``.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import markdown as markdown_lib
import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"scope"},
    "td": set(),
}


def _allowed_image(src: str) -> bool:
    # Browsers read "\\" as "/" in web addresses: "/\\evil.example/x.png" is another host.
    parsed = urlparse(src.strip().replace("\\", "/"))
    if not parsed.scheme and not parsed.netloc:
        return parsed.path.startswith("/")  # the portal's own files
    if parsed.scheme != "https":
        return False
    return parsed.hostname in set(settings.KNOWLEDGE_IMAGE_HOSTS)


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not _allowed_image(value):
        return None
    return value


# Elements whose content the HTML parser reads as raw text up to their end tag: opened and never
# closed, they would take the rest of the article with them (the sanitiser drops a script's or
# style's content, and Markdown leaves an open block unformatted).
RAW_TEXT_ELEMENTS = (
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
)
_CODE_OR_RAW_TEXT_TAG = re.compile(
    rf"(?P<code>(?P<ticks>`+).+?(?P=ticks))|<(?P<name>{'|'.join(RAW_TEXT_ELEMENTS)})(?=[\s/>]|$)",
    re.IGNORECASE | re.DOTALL,
)


def _escape_unclosed(text: str) -> str:
    """``text`` with each raw-text start tag that has no end tag after it written as text
    (``&lt;style``), so the rest of the article stays. Code is left as written."""
    out: list[str] = []
    position = 0
    for match in _CODE_OR_RAW_TEXT_TAG.finditer(text):
        if match.start() < position or match.group("code"):
            continue
        end_tag = re.compile(rf"</{match.group('name')}(?=[\s/>])", re.IGNORECASE)
        closing = end_tag.search(text, match.end())
        if closing is None:
            out.append(text[position : match.start()] + "&lt;")
            position = match.start() + 1
    out.append(text[position:])
    return "".join(out)


def render(text: str) -> SafeString:
    """The Markdown ``text`` as HTML that is safe to show."""
    html = markdown_lib.markdown(
        _escape_unclosed(text or ""), extensions=["tables", "sane_lists"], output_format="html"
    )
    # Headings start at h2: the page's own title is its one h1.
    for level in (6, 5, 4, 3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{min(level + 1, 4)}>")
        html = html.replace(f"</h{level}>", f"</h{min(level + 1, 4)}>")
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_filter,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        clean_content_tags={"script", "style"},
    )
    return mark_safe(clean)
