"""The portal as a person uses it, in headless Chromium: sign in, skip to the content with the
keyboard, switch language, and no request leaves the portal."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests_elsewhere = []  # type: ignore[attr-defined]
    page.console_errors = []  # type: ignore[attr-defined]

    def on_request(request: Any) -> None:
        if not request.url.startswith(live_server.url) and not request.url.startswith("data:"):
            page.requests_elsewhere.append(request.url)

    page.on("request", on_request)
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    yield page
    context.close()


def _sign_in(page: Any, live_server: Any, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()


def test_a_project_lead_signs_in_and_reaches_the_content_by_keyboard(
    page: Any, live_server: Any, world: Any
) -> None:
    _sign_in(page, live_server, "lead@levanger.example.no", "a-long-test-password-1")
    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").count() == 1
    # The first Tab shows the skip link; Enter moves focus to the main content.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hopp til hovedinnhold"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home-levanger.png"), full_page=True)
    # The collaboration page, then English.
    page.get_by_role("link", name="Samarbeid", exact=True).first.click()
    name = world["collab:central"].name
    page.get_by_role("link", name=name).click()
    assert page.locator("h1").inner_text() == name
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Participating organisations").count() == 1
    assert page.requests_elsewhere == []  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_wrong_password_is_told_in_the_form(page: Any, live_server: Any, world: Any) -> None:
    _sign_in(page, live_server, "lead@levanger.example.no", "wrong-password")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert page.locator(".alert-error").count() == 1
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_on_a_phone_the_page_does_not_scroll_sideways(
    browser: Any, live_server: Any, world: Any
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    _sign_in(page, live_server, "lead@levanger.example.no", "a-long-test-password-1")
    page.goto(f"{live_server.url}/organisasjoner/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    page.screenshot(path=str(ARTIFACTS / "organisations-phone.png"), full_page=True)
    context.close()


def test_a_project_lead_logs_progress_on_a_milestone_in_place(
    page: Any, live_server: Any, world: Any
) -> None:
    _sign_in(page, live_server, "lead@levanger.example.no", "a-long-test-password-1")
    rollout = world["rollout:levanger"]
    milestone = world["milestone:levanger"]
    page.goto(f"{live_server.url}/innforinger/{rollout.pk}/")
    row = page.locator(f"#m-{milestone.pk}")
    row.locator("summary").click()
    row.get_by_label("Fullført", exact=True).check()
    row.get_by_label("Logg fremdrift", exact=True).fill("Vedtaket er fattet.")
    url_before = page.url
    row.get_by_role("button", name="Lagre").click()
    page.locator(f"#m-{milestone.pk} .saved").wait_for()
    assert page.url == url_before  # updated in place, no new page
    assert "✓" in page.locator(f"#m-{milestone.pk}").inner_text()
    milestone.refresh_from_db()
    assert milestone.completed_on is not None
    assert milestone.progress.get().text == "Vedtaket er fattet."
    page.screenshot(path=str(ARTIFACTS / "rollout-levanger.png"), full_page=False)
    assert page.console_errors == []  # type: ignore[attr-defined]


def _report_csp_violations(page: Any) -> None:
    """Every Content-Security-Policy violation also as a console error, with what was refused."""
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP refused ' + e.violatedDirective + ' ' + (e.sourceFile || '') + ' ' + e.sample));"
    )


@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
def test_a_milestone_update_with_an_error_is_shown_in_place(
    page: Any, live_server: Any, world: Any, settings: Any, debug: bool
) -> None:
    # The development server (DEBUG) also loads django-htmx's debug handler, which put the
    # bare row in place of the whole page when the row came back with 400.
    settings.DEBUG = debug
    _report_csp_violations(page)
    _sign_in(page, live_server, "lead@levanger.example.no", "a-long-test-password-1")
    rollout = world["rollout:levanger"]
    milestone = world["milestone:levanger"]
    page.goto(f"{live_server.url}/innforinger/{rollout.pk}/")
    url_before = page.url
    row = page.locator(f"#m-{milestone.pk}")
    row.locator("summary").click()
    row.get_by_label("Egen frist", exact=True).fill("2030-01-02")
    row.get_by_role("button", name="Lagre").click()
    page.locator(f"#m-{milestone.pk} .field-error").wait_for()
    assert page.url == url_before
    assert page.locator(".site-header").is_visible()  # the page is still there, styled
    assert page.locator("h1").inner_text() == "Levanger"
    assert page.locator("tr[id^='m-']").count() == rollout.milestones.count()
    reason = page.locator(f"#id_m{milestone.pk}-own_due_reason")
    assert reason.get_attribute("aria-invalid") == "true"
    error_id = reason.get_attribute("aria-describedby")
    assert page.locator(f"#{error_id}").inner_text().strip() != ""
    # The keyboard focus is on the field to fix.
    page.wait_for_function(
        f"document.activeElement.id === 'id_m{milestone.pk}-own_due_reason'", timeout=5000
    )
    page.screenshot(path=str(ARTIFACTS / f"milestone-error-{'dev' if debug else 'prod'}.png"))
    milestone.refresh_from_db()
    assert not milestone.has_own_due
    assert page.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
def test_an_in_place_save_keeps_the_focus_in_the_row_without_console_errors(
    page: Any, live_server: Any, world: Any, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    _report_csp_violations(page)
    _sign_in(page, live_server, "lead@levanger.example.no", "a-long-test-password-1")
    rollout = world["rollout:levanger"]
    milestone = world["milestone:levanger"]
    page.goto(f"{live_server.url}/innforinger/{rollout.pk}/")
    row = page.locator(f"#m-{milestone.pk}")
    row.locator("summary").click()
    row.get_by_label("Fullført", exact=True).check()
    # By keyboard, as a person who does not use a mouse: focus the button and press Enter.
    row.get_by_role("button", name="Lagre").focus()
    page.keyboard.press("Enter")
    page.locator(f"#m-{milestone.pk} .saved").wait_for()
    in_row = f"document.getElementById('m-{milestone.pk}').contains(document.activeElement)"
    page.wait_for_function(in_row, timeout=5000)
    assert page.evaluate(in_row)
    # Its styles come from the portal's stylesheet: htmx injected none.
    assert page.locator("head style").count() == 0
    milestone.refresh_from_db()
    assert milestone.completed_on is not None


def test_the_request_offers_the_suppliers_products_and_the_scroll_box_takes_focus(
    page: Any, live_server: Any, world: Any
) -> None:
    _sign_in(page, live_server, "lead@levanger.example.no", "a-long-test-password-1")
    rollout = world["rollout:levanger"]
    page.goto(f"{live_server.url}/innforinger/{rollout.pk}/oppstartsdato/")
    assert page.locator("#id_product option").all_inner_texts() == ["---------"]
    page.locator("#id_supplier").select_option(label="Leverandør B")
    from playwright.sync_api import expect

    expect(page.locator("#id_product option")).to_have_count(2, timeout=5000)
    assert page.locator("#id_product option").all_inner_texts() == [
        "---------",
        "Nordlys Omsorg (Leverandør B)",
    ]
    # The supplier page's week table scrolls in a box the keyboard reaches.
    page.goto(f"{live_server.url}/leverandorer/{world['org:supplier_a'].pk}/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('table-scroll')"):
            break
    else:
        raise AssertionError("the scroll box was never focused")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "region"
    assert page.console_errors == []  # type: ignore[attr-defined]
