"""The production topology in docker-compose.yml: web, worker, beat, PostgreSQL and Redis."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_runs_web_worker_beat_postgres_and_redis() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    assert "celery -A portal worker" in services["worker"]["command"]
    assert "celery -A portal beat" in services["beat"]["command"]
    assert "gunicorn portal.wsgi" in services["web"]["command"]
    env = services["web"]["environment"]
    assert env["DEBUG"] == "false"
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["REDIS_URL"].startswith("redis://redis:6379")


def test_the_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```sh", 1)[1].split("```", 1)[0]
    assert "make run" in first_block
    assert "make test" in first_block


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert "\nmake test\n" in ci


def test_the_readme_says_what_make_run_needs_and_where_it_listens() -> None:
    readme = (ROOT / "README.md").read_text()
    before_run = readme.split("```sh", 1)[0].split("## The two commands", 1)[1]
    assert "gettext" in before_run  # make run compiles the translations
    makefile = (ROOT / "Makefile").read_text()
    assert "HOST   ?= 127.0.0.1:8000" in makefile
    assert "make run HOST=0.0.0.0:8000" in readme
    assert "fonts-dejavu" in readme


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n\n|\n\|", text) if s.strip()]


def test_the_docs_promise_no_pdf_report_that_does_not_exist() -> None:
    # While no module of the portal makes a PDF, a mention of PDF reports says they are to come.
    code = [
        p
        for app in ("portal", "rollout", "procurement", "knowledge")
        for p in (ROOT / app).rglob("*.py")
        if "weasyprint" in p.read_text().lower()
    ]
    if code:
        pytest.skip("the portal makes PDFs")
    claims = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for sentence in _sentences(doc.read_text()):
            flat = " ".join(sentence.split())
            if re.search(r"PDF (reports?|pack)", flat) and not re.search(
                r"\b(yet|planned|to come)\b", flat
            ):
                claims.append(f"{doc.name}: {flat}")
    assert claims == []
