"""The content check: no name or id of an object the persona may not see, anywhere.

For each persona, :func:`forbidden_for` asks the access layer (``visible_to(user)`` and the
access functions of every kind) what the persona may see, and collects, for every object of
the world *outside* it:

- its **names**: the distinctive texts the world gave it (a collaboration's name, a risk's
  title, an article's title, a draft report's summary, …);
- its **URLs**: every URL of the matrix that addresses an object of its kind, cut after the
  ``/<pk>/`` segment (``/innforinger/7/``, ``/api/v1/rollouts/7/``);
- its **id** per kind, for JSON (``"id"`` of a list of that kind, ``"rollout": 7``) and for the
  values of a form's choices (``<select name="wave">`` → ``<option value="7">``).

Organisations are public reference data, but a municipality's name on a page is how a plan
leaks ("Kristiansand" on a supplier's load page). So the name of a municipality or trust the
persona has no reason to know (no membership, no visible collaboration, rollout, procurement,
commitment or article of it) is forbidden too, except on the pages that list the public
directory of organisations (:data:`DIRECTORY_PAGES`).

:func:`leaks` reads one response (HTML, JSON, CSV, ICS) and returns what it found; the set of
forbidden texts is built once per persona and module and matched with one regular expression.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from knowledge.models import Article, Attachment, Meeting
from portal import access
from portal.models import Invitation, Membership, Organisation, OrganisationKind
from procurement.access import visible_suppliers
from procurement.models import Capacity, Procurement, StartDateCommitment
from rollout.models import (
    Collaboration,
    GateCriterion,
    GoDecision,
    Methodology,
    Milestone,
    ProgressEntry,
    Risk,
    Rollout,
    StatusReport,
    Wave,
    WaveChangeRequest,
)
from tests.matrix import Row

# Pages whose purpose is the public directory of organisations: every name may appear there.
DIRECTORY_PAGES = {
    "portal:organisation-list",
    "portal:organisation-detail",
    "api:organisation-list",
    "api:organisation-detail",
}
# Organisation kinds whose names are public facts everywhere (suppliers offer their products to
# everyone; KS runs the portal). Municipalities and trusts are checked.
_PUBLIC_ORG_KINDS = {OrganisationKind.SUPPLIER, OrganisationKind.KS}

# The kind of the objects a URL name addresses, when the matrix's object prefix is not it.
_URL_KIND_OVERRIDES = {
    "procurement:supplier-load": "supplier",
    "procurement:capacity-edit": "supplier",
}
# Kinds whose objects everyone signed in may see, or that are public reference data: their
# URLs are never forbidden (they are checked through the kind's ``visible_to`` otherwise).
_PUBLIC_URL_KINDS = {"org", "template", "product", "checklist", "meeting"}


def _visible_attachments(user: Any) -> Any:
    return Attachment.objects.filter(article__in=Article.objects.visible_to(user))


@dataclass(frozen=True)
class Kind:
    """One kind of protected object: all of it in the world, what a user may see, its names."""

    name: str
    everything: Callable[[], Any]
    visible: Callable[[Any], Any]
    names: Callable[[Any], Iterable[str]] = lambda obj: ()
    json_keys: tuple[str, ...] = ()
    choice_fields: tuple[str, ...] = ()
    # Objects a visible object refers to (a supplier's commitment names its rollout and wave):
    # their names and ids may be shown, but not a link to a page of theirs.
    referenced: Callable[[Any], Any] | None = None


def _commitments(user: Any) -> Any:
    return StartDateCommitment.objects.visible_to(user)


KINDS = [
    Kind(
        "collab",
        Collaboration.objects.all,
        Collaboration.objects.visible_to,
        lambda o: [o.name],
        ("collaboration",),
        ("collaboration",),
    ),
    Kind(
        "wave",
        Wave.objects.all,
        Wave.objects.visible_to,
        lambda o: [o.name],
        ("wave", "to_wave", "from_wave"),
        ("wave", "to_wave"),
        lambda user: _commitments(user).values_list("rollout__wave_id", flat=True),
    ),
    Kind(
        "rollout",
        Rollout.objects.all,
        Rollout.objects.visible_to,
        json_keys=("rollout",),
        choice_fields=("rollout",),
        referenced=lambda user: _commitments(user).values_list("rollout_id", flat=True),
    ),
    Kind(
        "milestone", Milestone.objects.all, Milestone.objects.visible_to, json_keys=("milestone",)
    ),
    Kind(
        "report", StatusReport.objects.all, StatusReport.objects.visible_to, lambda o: [o.summary]
    ),
    Kind("risk", Risk.objects.all, Risk.objects.visible_to, lambda o: [o.title]),
    Kind("criterion", GateCriterion.objects.all, GateCriterion.objects.visible_to),
    Kind(
        "change",
        WaveChangeRequest.objects.all,
        WaveChangeRequest.objects.visible_to,
        lambda o: [o.reason],
    ),
    Kind(
        "decision", GoDecision.objects.all, GoDecision.objects.visible_to, lambda o: [o.rationale]
    ),
    Kind(
        "progress", ProgressEntry.objects.all, ProgressEntry.objects.visible_to, lambda o: [o.text]
    ),
    Kind("methodology", Methodology.objects.all, Methodology.objects.visible_to),
    Kind(
        "commitment",
        StartDateCommitment.objects.all,
        StartDateCommitment.objects.visible_to,
        lambda o: [o.note] if o.note else [],
        ("commitment",),
    ),
    Kind(
        "procurement",
        Procurement.objects.all,
        Procurement.objects.visible_to,
        lambda o: [o.name],
        ("procurement",),
    ),
    Kind("capacity", Capacity.objects.all, Capacity.objects.visible_to),
    Kind(
        "supplier",
        lambda: Organisation.objects.filter(kind=OrganisationKind.SUPPLIER),
        visible_suppliers,
    ),
    Kind("article", Article.objects.all, Article.objects.visible_to, lambda o: [o.title]),
    Kind("attachment", Attachment.objects.all, _visible_attachments, lambda o: [o.title]),
    Kind("meeting", Meeting.objects.all, Meeting.objects.visible_to, lambda o: [o.title]),
    Kind("membership", Membership.objects.all, Membership.objects.visible_to),
    Kind("invitation", Invitation.objects.all, Invitation.objects.visible_to, lambda o: [o.email]),
]
_KIND_BY_NAME = {kind.name: kind for kind in KINDS}


def known_organisation_ids(user: Any) -> set[int]:
    """The organisations a persona has a reason to know: their own, and those of every
    collaboration, rollout, commitment, procurement and article the access layer shows them."""
    if access.sees_everything(user):
        return set(Organisation.objects.values_list("pk", flat=True))
    known = set(access.organisation_ids(user))
    collaborations = Collaboration.objects.visible_to(user)
    known |= set(
        Organisation.objects.filter(participations__collaboration__in=collaborations).values_list(
            "pk", flat=True
        )
    )
    known |= set(Rollout.objects.visible_to(user).values_list("organisation_id", flat=True))
    known |= set(
        StartDateCommitment.objects.visible_to(user).values_list(
            "rollout__organisation_id", flat=True
        )
    )
    for procurement in Procurement.objects.visible_to(user).prefetch_related("participants"):
        known.add(procurement.lead_id)
        known |= {p.pk for p in procurement.participants.all()}
    known |= set(Article.objects.visible_to(user).values_list("organisation_id", flat=True))
    return known


@dataclass
class Forbidden:
    """What one persona must not be shown: texts (names and URLs) and ids per kind."""

    texts: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    organisation_names: dict[str, str] = field(default_factory=dict)
    ids: dict[str, set[int]] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = None
    _org_pattern: re.Pattern[str] | None = None

    def compile(self) -> Forbidden:
        self._pattern = _alternation(self.texts)
        self._org_pattern = _alternation(self.organisation_names)
        return self


def _alternation(texts: dict[str, str]) -> re.Pattern[str] | None:
    if not texts:
        return None
    # Longest first, so that a longer text is reported rather than a shorter one inside it.
    ordered = sorted(texts, key=len, reverse=True)
    return re.compile("|".join(re.escape(text) for text in ordered))


def url_kinds(rows: Iterable[Row]) -> dict[str, str]:
    """URL name → the kind of object it addresses, read from the matrix's object column."""
    kinds: dict[str, str] = {}
    for row in rows:
        if row.object:
            kinds[row.url_name] = _URL_KIND_OVERRIDES.get(row.url_name, row.object.split(":", 1)[0])
    return kinds


_PLACEHOLDER = 987654321


# URLs with a second argument: any value does, the URL is cut after the object's pk.
_SECOND_ARGUMENT = {"rollout:rollout-methodology": {"methodology_pk": 1}}


def _url_heads(url_names: Iterable[str]) -> set[str]:
    """The URLs of these names up to their ``/<pk>/`` segment, with a placeholder pk (reversing
    once per name, not once per object)."""
    heads = set()
    for url_name in url_names:
        url = reverse(url_name, kwargs={"pk": _PLACEHOLDER, **_SECOND_ARGUMENT.get(url_name, {})})
        head, marker, _ = url.partition(f"/{_PLACEHOLDER}/")
        heads.add(head + marker)
    return heads


def forbidden_for(user: Any, rows: Iterable[Row]) -> Forbidden:
    """Everything of the world outside what the access layer lets ``user`` see."""
    by_kind: dict[str, list[str]] = {}
    for url_name, kind in url_kinds(rows).items():
        if kind not in _PUBLIC_URL_KINDS and url_name != "portal:invitation-accept":
            by_kind.setdefault(kind, []).append(url_name)
    result = Forbidden()
    for kind in KINDS:
        heads = _url_heads(by_kind.get(kind.name, []))
        visible = set(kind.visible(user).values_list("pk", flat=True))
        named = visible | set(kind.referenced(user) if kind.referenced else ())
        hidden = [obj for obj in kind.everything() if obj.pk not in visible]
        result.ids[kind.name] = {obj.pk for obj in hidden if obj.pk not in named}
        for obj in hidden:
            label = f"{kind.name} #{obj.pk}"
            for url in (head.replace(str(_PLACEHOLDER), str(obj.pk)) for head in heads):
                result.texts[url] = f"URL of {label}"
                result.kinds[url] = kind.name
            if obj.pk in named:
                continue
            for name in kind.names(obj):
                result.texts[name] = f"name of {label}"
                result.kinds[name] = kind.name
    known = known_organisation_ids(user)
    unknown = Organisation.objects.exclude(pk__in=known).exclude(kind__in=_PUBLIC_ORG_KINDS)
    for organisation in unknown:
        result.organisation_names[organisation.name] = f"name of organisation #{organisation.pk}"
    result.ids["organisation"] = {o.pk for o in unknown}
    return result.compile()


# Pages addressed by a secret token show their object (and its organisation) to whoever holds
# the token.
_SHOWN_BY_TOKEN = {"portal:invitation-accept": "invitation"}


# --- reading a response ------------------------------------------------------------------------

_TEXT_TYPES = ("text/html", "application/json", "text/csv", "text/calendar", "text/plain")
_SELECT = re.compile(r"<select\b[^>]*\bname=\"([\w-]+)\"[^>]*>(.*?)</select>", re.S)
_OPTION = re.compile(r"<option\b[^>]*\bvalue=\"(\d+)\"")
_CHOICE_INPUT = re.compile(
    r"<input\b(?=[^>]*\btype=\"(?:checkbox|radio)\")(?=[^>]*\bname=\"([\w-]+)\")"
    r"(?=[^>]*\bvalue=\"(\d+)\")[^>]*>"
)
_ORGANISATION_FIELDS = ("organisation", "participants", "lead")


def _choice_kind(field_name: str) -> str | None:
    if field_name in _ORGANISATION_FIELDS:
        return "organisation"
    for kind in KINDS:
        if field_name in kind.choice_fields:
            return kind.name
    return None


def _json_leaks(value: Any, kind: str | None, forbidden: Forbidden, found: list[str]) -> None:
    if isinstance(value, list):
        for item in value:
            _json_leaks(item, kind, forbidden, found)
        return
    if not isinstance(value, dict):
        return
    for key, item in value.items():
        if key == "id" and kind and item in forbidden.ids.get(kind, ()):
            found.append(f"JSON id {item} of a hidden {kind}")
            continue
        key_kind = next((k.name for k in KINDS if key in k.json_keys), None)
        if key_kind and isinstance(item, int) and item in forbidden.ids.get(key_kind, ()):
            found.append(f'JSON "{key}": {item}, a hidden {key_kind}')
        _json_leaks(item, kind if key == "results" else key_kind, forbidden, found)


def leaks(
    response: Any,
    forbidden: Forbidden,
    *,
    url_name: str,
    kind: str | None = None,
    requested: str = "",
) -> list[str]:
    """What ``response`` shows that the persona may not see (an empty list when nothing).

    ``requested`` is the URL asked for: echoing it (a sign-in redirect's ``next``) shows
    nothing new, so it is left out of the check."""
    content_type = response.get("Content-Type", "")
    found: list[str] = []
    body = ""
    if content_type.startswith(_TEXT_TYPES) and not getattr(response, "streaming", False):
        body = response.content.decode(response.charset or "utf-8", errors="replace")
    text = response.get("Location", "") + "\n" + body
    if requested:
        text = text.replace(requested, "")
    if forbidden._pattern is not None:
        for match in set(forbidden._pattern.findall(text)):
            if forbidden.kinds[match] == _SHOWN_BY_TOKEN.get(url_name):
                continue
            found.append(f"{forbidden.texts[match]}: {match!r}")
    if forbidden._org_pattern is not None and url_name not in (*DIRECTORY_PAGES, *_SHOWN_BY_TOKEN):
        for match in set(forbidden._org_pattern.findall(text)):
            found.append(f"{forbidden.organisation_names[match]}: {match!r}")
    if content_type.startswith("text/html") and url_name not in DIRECTORY_PAGES:
        for field_name, options in _SELECT.findall(text):
            _check_choices(field_name, _OPTION.findall(options), forbidden, found)
        for field_name, value in _CHOICE_INPUT.findall(text):
            _check_choices(field_name, [value], forbidden, found)
    if content_type.startswith("application/json") and body.strip():
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        _json_leaks(data, kind, forbidden, found)
    return sorted(set(found))


def _check_choices(
    field_name: str, values: list[str], forbidden: Forbidden, found: list[str]
) -> None:
    kind = _choice_kind(field_name)
    if kind is None:
        return
    for value in values:
        if int(value) in forbidden.ids.get(kind, ()):
            found.append(f'choice {field_name}="{value}", a hidden {kind}')


def api_kind(url_name: str) -> str | None:
    """The kind of the objects an API endpoint answers with (``api:risk-list`` → risk)."""
    if not url_name.startswith("api:"):
        return None
    noun = url_name[4:].rsplit("-", 1)[0]
    return _API_NOUNS.get(noun)


_API_NOUNS = {
    "collaboration": "collab",
    "wave": "wave",
    "rollout": "rollout",
    "milestone": "milestone",
    "status-report": "report",
    "risk": "risk",
    "criterion": "criterion",
    "wave-change-request": "change",
    "go-decision": "decision",
    "progress-entry": "progress",
    "methodology": "methodology",
    "commitment": "commitment",
    "capacity": "capacity",
    "article": "article",
    "meeting": "meeting",
    "membership": "membership",
    "invitation": "invitation",
    "organisation": None,
}
