"""The permission matrix: reading the data files and walking the URL resolver.

``tests/permission_matrix/*.csv`` (one file per area) have one row per (URL name, method,
object) and one column per persona. A cell is the expected status, optionally with the number
of objects a list shows (``200:3``). The ``object`` column names an object of the test world
(``collab:central``); its primary key (or, for invitations, its token) fills the URL.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

MATRIX_DIR = Path(__file__).resolve().parent.parent / "permission_matrix"

# A URL is the portal's own when its namespace is one of these, or its view lives in these
# packages. Third-party URLs (allauth, admin, i18n) are not in the matrix.
OWN_NAMESPACES = ("portal", "rollout", "procurement", "knowledge", "api")
OWN_PACKAGES = ("portal", "rollout", "procurement", "knowledge")


@dataclass(frozen=True)
class Row:
    url_name: str
    method: str
    object: str
    persona: str
    status: int
    count: int | None

    @property
    def id(self) -> str:
        target = f"[{self.object}]" if self.object else ""
        return f"{self.persona}-{self.method}-{self.url_name}{target}"


def read_matrix(directory: Path = MATRIX_DIR) -> list[Row]:
    rows: list[Row] = []
    for path in sorted(directory.glob("*.csv")):
        rows.extend(_read_file(path))
    return rows


def _read_file(path: Path) -> list[Row]:
    rows: list[Row] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        personas = [
            name for name in reader.fieldnames or [] if name not in ("url_name", "method", "object")
        ]
        for line in reader:
            for persona in personas:
                cell = line[persona].strip()
                status, _, count = cell.partition(":")
                rows.append(
                    Row(
                        url_name=line["url_name"],
                        method=line["method"].upper(),
                        object=line["object"].strip(),
                        persona=persona,
                        status=int(status),
                        count=int(count) if count else None,
                    )
                )
    return rows


def _view_module(callback: Any) -> str:
    for attr in ("cls", "view_class"):
        cls = getattr(callback, attr, None)
        if cls is not None:
            return cls.__module__
    return getattr(callback, "__module__", "")


def _walk(patterns: Iterable[Any], namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, _view_module(pattern.callback)


def own_url_names(urlconf: str | None = None) -> set[str]:
    """Every named URL served by the portal's own code."""
    names = set()
    for name, module in _walk(get_resolver(urlconf).url_patterns):
        namespace = name.split(":", 1)[0] if ":" in name else ""
        if namespace in OWN_NAMESPACES or module.split(".", 1)[0] in OWN_PACKAGES:
            names.add(name)
    return names


def urls_without_rows(urlconf: str | None = None, directory: Path = MATRIX_DIR) -> set[str]:
    """URL names that the matrix has no row for."""
    covered = {row.url_name for row in read_matrix(directory)}
    return own_url_names(urlconf) - covered
