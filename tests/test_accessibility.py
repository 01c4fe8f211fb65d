"""Every page of the portal, for every persona that may see it, has the structure WCAG 2.1 AA
asks for; the stylesheet's colour pairs have a contrast of at least 4.5:1."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.html_checks import accessibility_problems
from tests.matrix import read_matrix
from tests.personas import World
from tests.test_permission_matrix import _url


@pytest.fixture
def world(matrix_world: World, db: Any) -> World:
    """The matrix's world, built once for the module (see ``matrix_world``)."""
    return matrix_world


# Endpoints that answer with something else than a page.
NOT_HTML = {
    "portal:health",
    "procurement:commitment-export",
    "rollout:criterion-evidence",
    "knowledge:meeting-calendar",
    "knowledge:attachment-download",
}

# Every HTML page the matrix says a persona may open (API and JSON endpoints excepted).
PAGES = [
    row
    for row in read_matrix()
    if row.method == "GET"
    and row.status == 200
    and not row.url_name.startswith("api:")
    and row.url_name not in NOT_HTML
]
# One persona per page is enough for the structure; take the first that may see it.
_seen: set[tuple[str, str]] = set()
ONE_PER_PAGE = []
for _row in PAGES:
    if (_row.url_name, _row.object) not in _seen:
        _seen.add((_row.url_name, _row.object))
        ONE_PER_PAGE.append(_row)


@pytest.mark.parametrize("row", ONE_PER_PAGE, ids=[r.id for r in ONE_PER_PAGE])
@pytest.mark.parametrize("language", ["nb", "en"])
def test_page_structure(row: Any, language: str, world: Any, client_for: Any) -> None:
    client = client_for(row.persona)
    client.cookies["django_language"] = language
    response = client.get(_url(world, row))
    assert response.status_code == 200
    html = response.content.decode()
    assert accessibility_problems(html) == []
    assert f'<html lang="{language}">' in html


@pytest.mark.parametrize(
    "url_name", ["account_login", "account_reset_password", "portal:accessibility"]
)
def test_public_pages_structure(db: Any, url_name: str) -> None:
    html = Client().get(reverse(url_name)).content.decode()
    assert accessibility_problems(html) == []


def test_a_form_with_errors_keeps_its_labels_and_marks_the_field(
    world: Any, client_for: Any
) -> None:
    response = client_for("ks_editor").post(reverse("portal:invitation-list"), {"email": "x"})
    html = response.content.decode()
    assert accessibility_problems(html) == []
    assert 'aria-invalid="true"' in html


def test_the_checker_catches_a_missing_label_and_a_second_h1() -> None:
    html = (
        '<html lang="nb"><body><a href="#main">Hopp</a><header></header>'
        '<nav aria-label="x"></nav><main id="main"><h1>A</h1><h1>B</h1>'
        '<input type="text" id="q"></main><footer></footer></body></html>'
    )
    problems = accessibility_problems(html)
    assert "2 h1 elements" in problems
    assert any(p.startswith("input without a label") for p in problems)


# --- Contrast ---------------------------------------------------------------------------------

CSS = (Path(__file__).resolve().parent.parent / "static" / "css" / "portal.css").read_text()


def _variables() -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# (text, background) pairs the stylesheet uses.
PAIRS = [
    ("c-text", "c-bg"),
    ("c-muted", "c-bg"),
    ("c-muted", "c-surface"),
    ("c-text", "c-surface"),
    ("c-accent", "c-bg"),
    ("c-accent-dark", "c-info-bg"),
    ("c-text", "c-info-bg"),
    ("c-error", "c-bg"),
    ("c-text", "c-error-bg"),
    ("c-error", "c-error-bg"),
    ("c-text", "c-success-bg"),
    ("c-success", "c-bg"),
    ("c-accent", "c-info-bg"),
]


@pytest.mark.parametrize(("fg", "bg"), PAIRS)
def test_text_contrast_is_at_least_4_5(fg: str, bg: str) -> None:
    colours = _variables()
    assert contrast(colours[fg], colours[bg]) >= 4.5


def test_white_text_on_the_header_and_buttons() -> None:
    colours = _variables()
    assert contrast("#ffffff", colours["c-accent"]) >= 4.5
    assert contrast("#ffffff", colours["c-accent-dark"]) >= 4.5
    assert contrast("#ffffff", colours["c-error"]) >= 4.5


def test_contrast_is_computed_right() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert contrast("#777777", "#ffffff") < 4.5


@pytest.mark.parametrize(
    "url_name", ["mfa_index", "mfa_activate_totp", "account_change_password", "account_email"]
)
def test_account_pages_structure(world: World, client_for: Any, url_name: str) -> None:
    response = client_for("levanger_lead").get(reverse(url_name), follow=True)
    assert response.status_code == 200
    assert accessibility_problems(response.content.decode()) == []
