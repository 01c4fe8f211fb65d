"""Checks of a rendered page's structure that WCAG 2.1 AA asks for, with the standard library's
HTML parser: landmarks, a skip link, one h1, labels on inputs, alt texts, scroll boxes the
keyboard can reach, no third-party assets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_FOCUSABLE = {"a", "button", "input", "select", "textarea"}
_UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


@dataclass
class PageFacts:
    lang: str = ""
    h1: int = 0
    main_ids: list[str] = field(default_factory=list)
    landmarks: set[str] = field(default_factory=set)
    first_focusable: dict[str, str] | None = None
    label_for: set[str] = field(default_factory=set)
    inputs: list[dict[str, str]] = field(default_factory=list)
    images_without_alt: int = 0
    external_assets: list[str] = field(default_factory=list)
    unlabelled_navs: int = 0
    label_depth: int = 0
    wrapped_inputs: set[int] = field(default_factory=set)
    unreachable_scroll_boxes: list[dict[str, str]] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        f = self.facts
        if tag == "html":
            f.lang = attrs.get("lang", "")
        elif tag == "h1":
            f.h1 += 1
        elif tag == "main":
            f.main_ids.append(attrs.get("id", ""))
            f.landmarks.add("main")
        elif tag in ("header", "footer", "nav"):
            f.landmarks.add(tag)
            if tag == "nav" and not (attrs.get("aria-label") or attrs.get("aria-labelledby")):
                f.unlabelled_navs += 1
        elif tag == "label":
            f.label_depth += 1
            if attrs.get("for"):
                f.label_for.add(attrs["for"])
        elif tag == "img" and "alt" not in attrs:
            f.images_without_alt += 1
        if "table-scroll" in attrs.get("class", "").split() and not (
            attrs.get("tabindex") == "0"
            and attrs.get("role") == "region"
            and (attrs.get("aria-label") or attrs.get("aria-labelledby"))
        ):
            f.unreachable_scroll_boxes.append(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type", "text") not in (
            _UNLABELLED_TYPES
        ):
            f.inputs.append(attrs)
            if f.label_depth:
                f.wrapped_inputs.add(len(f.inputs) - 1)
        if f.first_focusable is None and tag in _FOCUSABLE and attrs.get("type") != "hidden":
            f.first_focusable = {"tag": tag, **attrs}
        for key in ("src", "href"):
            value = attrs.get(key, "")
            if tag in ("script", "link", "img", "iframe") and value.startswith(
                ("http:", "https:", "//")
            ):
                f.external_assets.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.facts.label_depth -= 1


def page_facts(html: str) -> PageFacts:
    parser = _Parser()
    parser.feed(html)
    return parser.facts


def accessibility_problems(html: str) -> list[str]:
    """What is wrong with the page's structure; an empty list when nothing is."""
    f = page_facts(html)
    problems = []
    if f.lang not in ("nb", "en"):
        problems.append(f"html lang is {f.lang!r}")
    if f.h1 != 1:
        problems.append(f"{f.h1} h1 elements")
    if f.main_ids != ["main"]:
        problems.append(f"main landmarks: {f.main_ids}")
    if not {"header", "footer", "nav"} <= f.landmarks:
        problems.append(f"landmarks: {sorted(f.landmarks)}")
    if f.unlabelled_navs:
        problems.append(f"{f.unlabelled_navs} nav without a label")
    first = f.first_focusable or {}
    if first.get("href") != "#main":
        problems.append(f"the first focusable element is not the skip link: {first}")
    for index, attrs in enumerate(f.inputs):
        labelled = (
            attrs.get("id", "") in f.label_for
            or attrs.get("aria-label")
            or attrs.get("aria-labelledby")
            or index in f.wrapped_inputs
        )
        if not labelled:
            problems.append(f"input without a label: {attrs}")
    if f.images_without_alt:
        problems.append(f"{f.images_without_alt} images without alt")
    for attrs in f.unreachable_scroll_boxes:
        problems.append(f"a scroll box the keyboard cannot reach, or without a label: {attrs}")
    if f.external_assets:
        problems.append(f"assets from elsewhere: {f.external_assets}")
    return problems
