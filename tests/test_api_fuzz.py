"""The API keeps the promises of its OpenAPI schema, for every persona: a schema fuzzer
(schemathesis, every check it has) calls every operation with generated valid and invalid
input, in-process through Django's WSGI handler, on the test world.

A test is one operation as one persona; each of its cases runs in a savepoint rolled back
after it, so every case meets the same world and nothing the fuzzer writes outlives it. The
seed is fixed and the number of examples bounded, so a run is the same every time and takes a
few minutes. ``FUZZ_EXAMPLES`` raises the bound for a longer hunt; ``FUZZ_REPORT=<file>``
appends every failure found as JSON lines.

How to run it and read it: docs/api.md.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework.authtoken.models import Token
from schemathesis.core.failures import Failure, FailureGroup

from tests.personas import PERSONAS, World

pytestmark = pytest.mark.django_db

SEED = 20261201
MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))

# The coverage phase (every boundary and negative value of every parameter and field, the
# same cases for everyone) is nine in ten of the cases. It runs for one persona of each kind
# that can write; the others, whose requests mostly end in 403 or 404 before any input is
# read, get the schema's examples and the random cases. FUZZ_ALL_COVERAGE=1 runs it for all.
COVERAGE_PERSONAS = (
    set(PERSONAS)
    if os.environ.get("FUZZ_ALL_COVERAGE")
    else {"levanger_lead", "supplier_a", "ks_editor", "admin"}
)


def served_schema() -> Any:
    """The schema /api/v1/schema/ serves, generated in-process, answered by the WSGI handler."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generated)))
    loaded.app = WSGIHandler()
    # A body the schema allows can still name an object that does not exist (every id is just
    # an integer to the schema) or break a rule no schema can say (a date before the wave's
    # go-live, a step the workflow does not allow now). The API answers those with 400 naming
    # the field, which the response checks hold to the error format; the check accepts it.
    acceptance = loaded.config.checks.positive_data_acceptance
    acceptance.expected_statuses = [*acceptance.expected_statuses, "400"]
    # A change without If-Match is answered 428 Precondition Required, as the schema says.
    missing_header = loaded.config.checks.missing_required_header
    missing_header.expected_statuses = [*missing_header.expected_statuses, "428"]
    return loaded


schema = served_schema()


class FuzzLog:
    """What one persona's run saw: cases, and failures by kind and operation."""

    def __init__(self, persona: str) -> None:
        self.persona = persona
        self.cases = 0
        self.phases: Counter[str] = Counter()
        self.failures: list[dict[str, Any]] = []

    def record(self, case: Any, failure: BaseException) -> None:
        kinds = [type(e).__name__ for e in getattr(failure, "exceptions", [failure])]
        for exc, kind in zip(getattr(failure, "exceptions", [failure]), kinds, strict=True):
            self.failures.append(
                {
                    "persona": self.persona,
                    "operation": case.operation.label,
                    "kind": kind,
                    "title": getattr(exc, "title", kind),
                    "message": str(getattr(exc, "message", exc))[:500],
                    "request": {
                        "path_parameters": case.path_parameters,
                        "query": case.query,
                        "headers": {
                            k: v for k, v in (case.headers or {}).items() if k != "Authorization"
                        },
                        "body": case.body if isinstance(case.body, dict | list | str) else None,
                    },
                }
            )

    def summary(self) -> str:
        kinds = Counter(f"{f['title']}" for f in self.failures)
        operations = Counter(f"{f['operation']}: {f['title']}" for f in self.failures)
        lines = [f"{self.persona}: {len(self.failures)} failures in {self.cases} cases"]
        lines += [f"  {count} × {kind}" for kind, count in kinds.most_common()]
        lines += [f"    {count} × {where}" for where, count in operations.most_common(40)]
        return "\n".join(lines)


@pytest.fixture
def fuzz_run(persona: str, module_world: World, db: Any) -> Any:
    """The persona's credentials (a token; none for anonymous) and the run's log, which fails
    the test at its end when the fuzzer found anything."""
    user = module_world.people[persona]
    headers = {}
    if user.is_authenticated:
        token, _ = Token.objects.get_or_create(user=user)
        headers["Authorization"] = f"Token {token.key}"
    log = FuzzLog(persona)
    # As Django's test client: the handler must not close the connection that holds the
    # test's transaction at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield headers, log
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    report = os.environ.get("FUZZ_REPORT")
    if report:
        with open(report, "a") as out:
            line = {"cases": log.cases, "phases": log.phases, "failures": log.failures}
            out.write(json.dumps(line, default=str) + "\n")  # one write: xdist workers append
    if log.failures:
        pytest.fail(log.summary(), pytrace=False)


@pytest.mark.parametrize("persona", PERSONAS)
@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
@hypothesis.seed(SEED)
def test_the_api_keeps_its_schema(case: Any, persona: str, fuzz_run: Any) -> None:
    headers, log = fuzz_run
    phase = case.meta.phase.name.value if case.meta else "?"
    if phase == "coverage" and persona not in COVERAGE_PERSONAS:
        return
    log.cases += 1
    log.phases[phase] += 1
    # Each case starts from the same world: its writes (and a failed query) are rolled back.
    with transaction.atomic():
        try:
            case.call_and_validate(headers=headers)
        except (Failure, FailureGroup) as failure:
            log.record(case, failure)
        finally:
            transaction.set_rollback(True)
