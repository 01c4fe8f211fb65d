"""Demo data of the rollout app: Helseplattformen's puljer, plan against actual, and a fictional
collaboration planning its first puljer.

``portal.demo.load_demo`` calls :func:`load_rollout_demo` at its end. Every write goes through
the services of ``rollout.services`` (and ``portal.services`` for the demo project leads); the
timestamps they write are then set back, so the history reads as it happened. A collaboration
that already has waves is left alone, so loading twice changes nothing.

Helseplattformen's dates are public facts (the plan of 2022 and what happened to it). The
milestone completions, reports, risks and most training figures are demo content.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Max, Model
from django.utils import timezone

from portal.models import HistoryEntry, Organisation, OrganisationKind, Role, User
from portal.services import add_membership
from rollout.calendar import nth_working_day
from rollout.models import (
    Collaboration,
    CriterionStatus,
    Decision,
    GoDecision,
    Milestone,
    ProgressEntry,
    Risk,
    RiskStatus,
    Rollout,
    RolloutStatus,
    StatusReport,
    Wave,
    WaveChangeRequest,
    WaveStatus,
)
from rollout.services.changes import decide_wave_change, request_wave_change
from rollout.services.methodology import install_default_methodology
from rollout.services.plan import (
    create_rollout,
    create_wave,
    log_progress,
    set_rollout_status,
    update_milestone,
    update_training,
    update_wave,
)
from rollout.services.readiness import record_decision, update_criterion
from rollout.services.reports import correct_report, create_report, submit_report, update_report
from rollout.services.risks import create_risk, update_risk

HELSEPLATTFORMEN_SOLUTION = "Epic (Helseplattformen AS)"

# ---------------------------------------------------------------------------------------------
# Backdating: the services stamp what they write with "now"; the demo sets it to when it
# happened.
# ---------------------------------------------------------------------------------------------

# Rows whose creation time a service sets, and the field that holds it.
_STAMPED: list[tuple[type[Model], str]] = [
    (HistoryEntry, "at"),
    (ProgressEntry, "created_at"),
    (Risk, "created_at"),
    (StatusReport, "created_at"),
    (GoDecision, "recorded_at"),
    (Rollout, "created_at"),
    (WaveChangeRequest, "requested_at"),
]


def _when(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A moment on ``day`` (Norwegian time), never later than now."""
    moment = timezone.make_aware(datetime.combine(day, time(hour, minute)))
    return min(moment, timezone.now())


def _last_pk(model: type[Model]) -> int:
    return model._default_manager.aggregate(last=Max("pk"))["last"] or 0


@contextmanager
def _at(moment: datetime, *models: type[Model]) -> Iterator[None]:
    """Stamp the history entries written inside the block (and new rows of ``models``, which
    must be among ``_STAMPED``) with ``moment``."""
    stamped = [(m, f) for m, f in _STAMPED if m is HistoryEntry or m in models]
    marks = [(model, field, _last_pk(model)) for model, field in stamped]
    yield
    for model, field, mark in marks:
        model._default_manager.filter(pk__gt=mark).update(**{field: moment})


def _fresh_rollout(rollout: Rollout) -> Rollout:
    return Rollout.objects.select_related("wave", "collaboration", "organisation").get(
        pk=rollout.pk
    )


def _fresh_wave(wave: Wave) -> Wave:
    return Wave.objects.select_related("collaboration").get(pk=wave.pk)


def _months_back(day: date, months: int) -> date:
    """The first day of the month ``months`` before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


# ---------------------------------------------------------------------------------------------
# The building blocks, each a service call (or a few) at a moment in the past.
# ---------------------------------------------------------------------------------------------


def _project_lead(email: str, organisation: Organisation, label: str) -> User:
    """A project lead the demo needs to write on behalf of an organisation. Not a demo account
    to sign in with: the password is unusable."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": "Prosjektleder", "last_name": f"{label} (demo)"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    add_membership(by=None, user=user, organisation=organisation, role=Role.PROJECT_LEAD)
    return user


def _milestone(rollout: Rollout, code: str) -> Milestone:
    return rollout.milestones.select_related("template", "rollout").get(template__code=code)


def _complete_milestones(
    rollout: Rollout,
    lead: User,
    *,
    until: date,
    late: dict[str, int] | None = None,
    actual: dict[str, date] | None = None,
    skip: frozenset[str] = frozenset(),
) -> None:
    """Complete every open milestone due on or before ``until`` on its due date, or ``late``
    days after it, or on its ``actual`` date; never after today."""
    today = timezone.localdate()
    late = late or {}
    actual = actual or {}
    milestones = (
        rollout.milestones.select_related("template", "rollout")
        .filter(due__lte=until, completed_on__isnull=True)
        .order_by("due", "template__order")
    )
    for milestone in milestones:
        code = milestone.template.code
        if code in skip:
            continue
        done = min(
            actual.get(code, milestone.due + timedelta(days=late.get(code, 0))),
            today,
        )
        with _at(_when(done, 15)):
            update_milestone(
                by=lead, milestone=milestone, expected_version=milestone.version, completed_on=done
            )


def _set_status(rollout: Rollout, by: User, status: str, on: date, hour: int = 9) -> Rollout:
    rollout = _fresh_rollout(rollout)
    with _at(_when(on, hour)):
        return set_rollout_status(
            by=by, rollout=rollout, status=status, expected_version=rollout.version
        )


def _training(rollout: Rollout, lead: User, on: date, **values: int) -> None:
    rollout = _fresh_rollout(rollout)
    with _at(_when(on, 16)):
        update_training(by=lead, rollout=rollout, expected_version=rollout.version, **values)


def _progress(rollout: Rollout, lead: User, moment: datetime, text: str, code: str = "") -> None:
    milestone = _milestone(rollout, code) if code else None
    with _at(moment, ProgressEntry):
        log_progress(by=lead, rollout=rollout, text=text, milestone=milestone)


def _decide(
    rollout: Rollout,
    chair: User,
    decided_on: date,
    decision: str,
    rationale: str,
    conditions: str = "",
) -> None:
    with _at(_when(decided_on, 14), GoDecision):
        record_decision(
            by=chair,
            rollout=rollout,
            decided_on=decided_on,
            decision=decision,
            rationale=rationale,
            conditions=conditions,
        )


def _move(
    rollout: Rollout,
    lead: User,
    chair: User,
    to_wave: Wave,
    *,
    requested: datetime,
    decided: datetime,
    reason: str,
    decision_reason: str,
    consequences: str = "",
    cost_bearer: str = "",
    approve: bool = True,
) -> WaveChangeRequest:
    """A wave change asked by the project lead and decided by the steering group."""
    with _at(requested, WaveChangeRequest):
        request = request_wave_change(
            by=lead,
            rollout=_fresh_rollout(rollout),
            to_wave=to_wave,
            reason=reason,
            consequences=consequences,
            cost_bearer=cost_bearer,
        )
    with _at(decided):
        decided_request = decide_wave_change(
            by=chair, request=request, approve=approve, reason=decision_reason
        )
    WaveChangeRequest.objects.filter(pk=request.pk).update(decided_at=decided)
    return decided_request


def _wave(wave: Wave, by: User, on: date, hour: int = 10, **values: Any) -> Wave:
    wave = _fresh_wave(wave)
    with _at(_when(on, hour)):
        return update_wave(by=by, wave=wave, expected_version=wave.version, **values)


@dataclass(frozen=True)
class _Report:
    """One monthly status report: its colours (overall, schedule, build, integrations, data
    migration, training, organisation), its text, and whether it was submitted."""

    rag: str  # seven letters of g/a/r, in the order above
    summary: str
    achievements: str = ""
    next_steps: str = ""
    decisions_needed: str = ""
    submitted: bool = True


_RAG = {"g": "green", "a": "amber", "r": "red"}
_RAG_FIELDS = [
    "overall",
    "rag_schedule",
    "rag_build",
    "rag_integrations",
    "rag_data_migration",
    "rag_training",
    "rag_organisation",
]


def _rag_values(letters: str) -> dict[str, str]:
    return {field: _RAG[letter] for field, letter in zip(_RAG_FIELDS, letters, strict=True)}


def _submission_day(rollout: Rollout, period: date, working_days: int = 0) -> date:
    """The deadline of the report for ``period``, moved by ``working_days`` (negative: early),
    never after today."""
    following = _months_back(period, -1)
    day = nth_working_day(
        following.year,
        following.month,
        rollout.collaboration.report_deadline_working_day + working_days,
    )
    return min(day, timezone.localdate())


def _report(
    rollout: Rollout, lead: User, period: date, report: _Report, submitted_on: date
) -> StatusReport:
    """A report written in the morning of ``submitted_on`` and, unless it is a draft,
    submitted that afternoon."""
    with _at(_when(submitted_on, 9), StatusReport):
        created = create_report(
            by=lead,
            rollout=rollout,
            period=period,
            summary=report.summary,
            achievements=report.achievements,
            next_steps=report.next_steps,
            decisions_needed=report.decisions_needed,
            **_rag_values(report.rag),
        )
    if not report.submitted:
        return created
    moment = _when(submitted_on, 14)
    with _at(moment):
        submitted = submit_report(by=lead, report=created, expected_version=created.version)
    StatusReport.objects.filter(pk=submitted.pk).update(submitted_at=moment)
    return submitted


def _correct(report: StatusReport, lead: User, on: date, **changes: Any) -> StatusReport:
    """Correct a submitted report: a new revision with ``changes``, submitted on ``on``."""
    moment = _when(on, 11)
    with _at(moment, StatusReport):
        correction = correct_report(by=lead, report=report)
        correction = update_report(
            by=lead, report=correction, expected_version=correction.version, **changes
        )
        correction = submit_report(by=lead, report=correction, expected_version=correction.version)
    StatusReport.objects.filter(pk=correction.pk).update(submitted_at=moment)
    return correction


def _risk(
    rollout: Rollout,
    lead: User,
    on: date,
    *,
    later: Sequence[tuple[date, str]] = (),
    **values: Any,
) -> Risk:
    """A risk raised on ``on``; ``later`` lists (day, status) changes."""
    with _at(_when(on, 11), Risk):
        risk = create_risk(by=lead, rollout=rollout, **values)
    for day, status in later:
        with _at(_when(day, 11)):
            risk = update_risk(by=lead, risk=risk, expected_version=risk.version, status=status)
    return risk


def _criteria(
    rollout: Rollout,
    lead: User,
    on: date,
    values: dict[int, dict[str, Any]],
) -> None:
    """Update the gate criteria of ``rollout`` by their template's order."""
    criteria = rollout.criteria.select_related("template", "rollout").order_by("template__order")
    for criterion in criteria:
        update = values.get(criterion.template.order)
        if not update:
            continue
        with _at(_when(on, 12)):
            update_criterion(
                by=lead, criterion=criterion, expected_version=criterion.version, **update
            )


# ---------------------------------------------------------------------------------------------
# A) Helseplattformen: the plan of 2022 and what happened.
# ---------------------------------------------------------------------------------------------

PD1, PULJE_2, PULJE_3, PULJE_4 = "PD1", "Pulje 2", "Pulje 3", "Pulje 4"
PULJE_5, PULJE_6 = "Pulje 5", "Pulje 6"

# The plan of 2022 as it was agreed: every go-live in the night to a Saturday.
HP_PLAN_2022 = {
    PD1: date(2022, 5, 7),
    PULJE_2: date(2022, 11, 12),
    PULJE_3: date(2023, 2, 11),
    PULJE_4: date(2023, 4, 29),
}
# The hospital waves added when the board postponed them (meeting of 5 January 2023).
HP_POSTPONED_HOSPITALS = {PULJE_5: date(2023, 11, 4), PULJE_6: date(2024, 4, 27)}
BOARD_MEETING_2023 = date(2023, 1, 5)
ST_OLAVS_WORKSHOP = date(2022, 4, 22)


@dataclass(frozen=True)
class _Site:
    key: str
    organisation: str  # municipality number, or the name of a hospital trust
    label: str
    wave: str  # the wave of the plan of 2022
    # Training when live: end users (all trained), super-users, instructors.
    training: tuple[int, int, int] | None = None


# Training: Trondheim kommune has about 8,500 staff; Trondheim and St. Olavs together trained
# 18,000 end users with 2,600 super-users and about 130 instructors. The split of super-users
# and instructors between the two is a demo split. Levanger and Verdal have about 1,700 staff
# together; 950/750 is a demo split. The other figures are rough demo estimates by size, not
# from sources.
HP_SITES = [
    _Site("trondheim", "5001", "Trondheim", PD1, (8_500, 1_150, 55)),
    _Site("stolav", "St. Olavs hospital HF", "St. Olavs", PD1, (9_500, 1_450, 75)),
    _Site("roros", "5025", "Røros", PULJE_2, (550, 70, 4)),
    _Site("os", "3430", "Os", PULJE_2, (150, 20, 1)),
    _Site("holtalen", "5026", "Holtålen", PULJE_2, (170, 22, 1)),
    _Site("indrefosen", "5054", "Indre Fosen", PULJE_2, (700, 90, 5)),
    _Site("orland", "5057", "Ørland", PULJE_2, (650, 85, 5)),
    _Site("afjord", "5058", "Åfjord", PULJE_2, (380, 50, 3)),
    _Site("hnt", "Helse Nord-Trøndelag HF", "Helse Nord-Trøndelag", PULJE_3, (4_000, 520, 25)),
    _Site("levanger", "5037", "Levanger", PULJE_3, (950, 125, 6)),
    _Site("verdal", "5038", "Verdal", PULJE_3, (750, 100, 5)),
    _Site("hmr", "Helse Møre og Romsdal HF", "Helse Møre og Romsdal", PULJE_4, (8_000, 1_000, 45)),
    _Site("alesund", "1508", "Ålesund", PULJE_4),
]

# Milestones completed some days after their due date (demo variation).
HP_LATE = {
    "trondheim": {"first-trial-migration": 9, "integration-test-e2e": 14},
    "stolav": {"access-model-defined": 12, "acceptance-test": 5},
    "roros": {"infrastructure-ready": 5},
    "indrefosen": {"dress-rehearsal-1": 8},
    "orland": {"handover-to-operations": 10},
    "hnt": {"dress-rehearsal-1": 7},
    "hmr": {"first-trial-migration": 11, "dress-rehearsal-2": 3},
    "levanger": {"acceptance-test": 6},
    "verdal": {"superusers-appointed": 3},
}
# Levanger's and Verdal's super-user courses began on 31 October 2022.
HP_ACTUAL = {
    "levanger": {"superuser-training-start": date(2022, 10, 31)},
    "verdal": {"superuser-training-start": date(2022, 10, 31)},
}

_GO_RATIONALE = (
    "Styringsgruppen har gått gjennom kriteriene for innføring. Kriteriene er oppfylt eller har "
    "tiltak og akseptert restrisiko; innføringen gjennomføres som planlagt."
)


def _organisation(lookup: str) -> Organisation:
    if lookup.isdigit():
        return Organisation.objects.get(municipality_number=lookup)
    return Organisation.objects.get(kind=OrganisationKind.HOSPITAL_TRUST, name=lookup)


def _helseplattformen(
    collaboration: Collaboration, chair: User, levanger_lead: User, verdal_lead: User
) -> None:
    methodology = install_default_methodology()
    # No service sets a collaboration's solution and methodology; the demo sets them directly.
    Collaboration.objects.filter(pk=collaboration.pk).update(
        solution=HELSEPLATTFORMEN_SOLUTION, methodology=methodology
    )
    collaboration.refresh_from_db()

    leads: dict[str, User] = {"levanger": levanger_lead, "verdal": verdal_lead}
    organisations = {site.key: _organisation(site.organisation) for site in HP_SITES}
    for site in HP_SITES:
        if site.key not in leads:
            leads[site.key] = _project_lead(
                f"prosjektleder.{site.key}@demo.no", organisations[site.key], site.label
            )

    # The plan of 2022: each organisation in its original wave, so its baseline is that plan.
    waves: dict[str, Wave] = {}
    rollouts: dict[str, Rollout] = {}
    # Demo: the plan is entered before PD1's first milestone (not a sourced date).
    with _at(_when(date(2020, 11, 2), 10), Rollout):
        for name, go_live in HP_PLAN_2022.items():
            notes = ""
            if name == PULJE_2:
                notes = (
                    "Os kommune ligger i Innlandet, utenfor Helse Midt-Norge, men er med i "
                    "samarbeidet."
                )
            waves[name] = create_wave(
                by=chair, collaboration=collaboration, name=name, go_live=go_live, notes=notes
            )
        for site in HP_SITES:
            rollouts[site.key] = create_rollout(
                by=chair,
                collaboration=collaboration,
                organisation=organisations[site.key],
                wave=waves[site.wave],
            )
    for site in HP_SITES:
        if site.key == "alesund":
            continue  # stays in planning: its new date is not recorded in the demo
        started = _milestone(rollouts[site.key], "project-established").due
        _set_status(rollouts[site.key], leads[site.key], RolloutStatus.IN_PROGRESS, started)

    # April 2022: St. Olavs withdraws from PD1 two weeks before and moves to Pulje 2.
    stolav, stolav_lead = rollouts["stolav"], leads["stolav"]
    _progress(
        stolav,
        stolav_lead,
        _when(ST_OLAVS_WORKSHOP, 16),
        "Arbeidsverkstedet i dag viste at tilgangsstyring, legemiddelhåndtering og "
        "pasientlogistikk ikke er ferdig. Vi anbefaler at sykehuset ikke går live i PD1.",
    )
    _decide(
        stolav,
        chair,
        ST_OLAVS_WORKSHOP,
        Decision.NO_GO,
        "Tilgangsstyring, legemiddelhåndtering og pasientlogistikk er ikke ferdig "
        "(arbeidsverksted 22.04.2022). St. Olavs går ikke live 7. mai; Trondheim kommune går "
        "live som planlagt.",
    )
    _move(
        stolav,
        stolav_lead,
        chair,
        waves[PULJE_2],
        requested=_when(ST_OLAVS_WORKSHOP, 17),
        decided=_when(ST_OLAVS_WORKSHOP, 20),
        reason=(
            "Arbeidsverkstedet 22. april 2022 fant at tilgangsstyring, legemiddelhåndtering og "
            "pasientlogistikk ikke er ferdig. Sykehuset er ikke klart for PD1."
        ),
        consequences=(
            "Trondheim kommune går live alene 7. mai. Sykehuset går live med Pulje 2 "
            "12. november 2022; fram til da samhandler kommunen og sykehuset gjennom dagens "
            "meldingsløsninger."
        ),
        decision_reason=(
            "Godkjent. Pasientsikkerheten går foran: St. Olavs hospital flyttes fra PD1 til "
            "Pulje 2 (12.11.2022)."
        ),
    )
    _wave(
        waves[PD1],
        chair,
        ST_OLAVS_WORKSHOP,
        21,
        notes="St. Olavs hospital trakk seg to uker før og er flyttet til Pulje 2.",
    )

    # January 2023: the board postpones the hospital go-lives; the municipalities keep theirs.
    with _at(_when(BOARD_MEETING_2023, 12)):
        for name, go_live in HP_POSTPONED_HOSPITALS.items():
            waves[name] = create_wave(
                by=chair,
                collaboration=collaboration,
                name=name,
                go_live=go_live,
                notes="Opprettet etter styremøtet 5. januar 2023, da sykehusinnføringene ble "
                "utsatt.",
            )
    hospital_moves = [
        ("hnt", PULJE_5, "Levanger og Verdal beholder datoen 11.02.2023. "),
        ("hmr", PULJE_6, ""),  # Ålesund's actual date is not recorded in the demo
    ]
    for key, wave_name, kept in hospital_moves:
        go_live = HP_POSTPONED_HOSPITALS[wave_name]
        _move(
            rollouts[key],
            leads[key],
            chair,
            waves[wave_name],
            requested=_when(BOARD_MEETING_2023 - timedelta(days=2), 10),
            decided=_when(BOARD_MEETING_2023, 15),
            reason=(
                "Sykehusinnføringen utsettes til løsningen er stabilisert etter innføringene "
                f"i 2022. Foreslått ny dato: {go_live:%d.%m.%Y}."
            ),
            consequences=(
                f"{kept}Sykehuset samhandler med kommunene gjennom dagens "
                "meldingsløsninger til det selv går live."
            ),
            decision_reason=(
                f"Godkjent i styremøtet 5. januar 2023. Ny innføringsdato {go_live:%d.%m.%Y}."
            ),
        )
    _wave(
        waves[PULJE_3],
        chair,
        BOARD_MEETING_2023,
        16,
        notes="Helse Nord-Trøndelag HF er flyttet til Pulje 5 (04.11.2023); Levanger og Verdal "
        "beholder datoen.",
    )
    _wave(
        waves[PULJE_4],
        chair,
        BOARD_MEETING_2023,
        16,
        status=WaveStatus.POSTPONED,
        notes=(
            "Utsatt i januar 2023: Helse Møre og Romsdal HF er flyttet til Pulje 6 (27.04.2024). "
            "Ålesunds nye innføringsdato er ikke registrert i demoen; Ålesund står foreløpig i "
            "denne puljen."
        ),
    )

    # The go-lives: milestones, readiness, the go decision, training, live.
    for site in HP_SITES:
        if site.training is None:
            continue
        _go_live(
            _fresh_rollout(rollouts[site.key]),
            leads[site.key],
            chair,
            site,
        )
    for name in (PD1, PULJE_2, PULJE_3, PULJE_5, PULJE_6):
        wave = waves[name]
        _wave(wave, chair, wave.go_live, 12, status=WaveStatus.LIVE)

    # Ålesund prepared for April 2023 until the postponement.
    _complete_milestones(rollouts["alesund"], leads["alesund"], until=BOARD_MEETING_2023)
    _progress(
        rollouts["alesund"],
        leads["alesund"],
        _when(BOARD_MEETING_2023, 17),
        "Innføringen utsettes sammen med Helse Møre og Romsdal. Vi venter på ny dato fra "
        "styringsgruppen; planen står på vent.",
    )

    _levanger_and_verdal(rollouts["levanger"], levanger_lead, rollouts["verdal"], verdal_lead)


def _go_live(rollout: Rollout, lead: User, chair: User, site: _Site) -> None:
    assert site.training is not None
    go_live = rollout.wave.go_live
    _complete_milestones(
        rollout,
        lead,
        until=timezone.localdate(),
        late=HP_LATE.get(site.key),
        actual=HP_ACTUAL.get(site.key),
    )
    gate = _milestone(rollout, "go-no-go")
    met = {"status": CriterionStatus.MET, "owner": "Prosjektleder"}
    criteria: dict[int, dict[str, Any]] = {order: dict(met) for order in range(1, 16)}
    if site.key == "stolav":
        for order in (2, 3):  # medication; access control: followed up under the conditions
            criteria[order] = {
                "status": CriterionStatus.IN_PROGRESS,
                "owner": "Klinikksjef og IKT-sjef",
                "evidence_text": "Restpunkter følges opp daglig etter vilkårene i beslutningen.",
            }
    _criteria(rollout, lead, gate.due - timedelta(days=2), criteria)
    if site.key == "stolav":
        _decide(
            rollout,
            chair,
            gate.due,
            Decision.GO_WITH_CONDITIONS,
            "Restpunktene fra april er lukket eller har tiltak. Styringsgruppen godkjenner "
            f"innføring {go_live:%d.%m.%Y} med vilkår.",
            conditions=(
                "Legemiddelhåndtering og tilgangsstyring følges daglig fra kommandosentralen de "
                "fire første ukene. Åpne feil rapporteres ukentlig til styringsgruppen. "
                "Reserverutinene holdes i beredskap."
            ),
        )
    else:
        _decide(rollout, chair, gate.due, Decision.GO, _GO_RATIONALE)
    end_users, super_users, instructors = site.training
    _training(
        rollout,
        lead,
        _milestone(rollout, "end-user-training-complete").completed_on or go_live,
        end_users_to_train=end_users,
        end_users_trained=end_users,
        super_users=super_users,
        instructors_certified=instructors,
    )
    _set_status(rollout, lead, RolloutStatus.LIVE, go_live, hour=8)


def _levanger_and_verdal(
    levanger: Rollout, levanger_lead: User, verdal: Rollout, verdal_lead: User
) -> None:
    """Reports, risks and log entries around the go-live of 11 February 2023."""
    go_live = HP_PLAN_2022[PULJE_3]
    for rollout, lead in ((levanger, levanger_lead), (verdal, verdal_lead)):
        _progress(
            rollout,
            lead,
            _when(date(2022, 10, 31), 15),
            "Superbrukerkursene startet i dag.",
            "superuser-training-start",
        )
        _progress(
            rollout,
            lead,
            _when(_milestone(rollout, "dress-rehearsal-2").completed_on or go_live, 18),
            "Generalprøve 2 er gjennomført og avstemt. Cut-over-planen er låst.",
            "dress-rehearsal-2",
        )
        _progress(
            rollout,
            lead,
            _when(go_live, 5),
            "Live natt til lørdag kl. 03.00. Kommandosentralen er bemannet og superbrukerne er "
            "på vakt i alle enheter.",
            "go-live",
        )

    december, january, february = date(2022, 12, 1), date(2023, 1, 1), date(2023, 2, 1)
    _report(
        levanger,
        levanger_lead,
        december,
        _Report(
            "ggggaag",
            "Sluttbrukeropplæringen er i gang. Første generalprøve på migrering er gjennomført; "
            "noen avvik i datauttrekket rettes før generalprøve 2.",
            achievements="Superbrukerkursene er fullført. Generalprøve 1 er gjennomført.",
            next_steps="Øve reserverutiner. Informere innbyggere, fastleger og sykehuset.",
        ),
        _submission_day(levanger, december),
    )
    january_report = _report(
        levanger,
        levanger_lead,
        january,
        _Report(
            "aggaaag",
            "Styringsgruppen ga klarsignal i go/no-go-møtet. Opplæringen ligger bak plan i "
            "hjemmetjenesten; ekstra kurs er satt opp.",
            achievements="Generalprøve 2 er gjennomført og cut-over-planen låst.",
            next_steps="Fullføre sluttbrukeropplæringen. Bemanne kommandosentralen.",
        ),
        _submission_day(levanger, january),
    )
    _correct(
        january_report,
        levanger_lead,
        _submission_day(levanger, january, working_days=4),
        rag_training="green",
        summary=(
            "Styringsgruppen ga klarsignal i go/no-go-møtet. Rettet: opplæringstallene i første "
            "versjon manglet kursene i legevakten; med dem er opplæringen på plan."
        ),
    )
    _report(
        levanger,
        levanger_lead,
        february,
        _Report(
            "aagaggr",
            "Levanger er live. Mange ansatte opplever løsningen som tung, og noen enheter fører "
            "notater utenfor journalen.",
            achievements="Go-live gjennomført natt til 11. februar. Kommandosentralen er i drift.",
            next_steps="Daglige statusmøter. Feillisten gjennomgås ukentlig med leverandøren.",
            decisions_needed=(
                "Styringsgruppen bes prioritere feilretting i meldingsflyt og legemiddelhåndtering."
            ),
        ),
        _submission_day(levanger, february),
    )
    _report(
        verdal,
        verdal_lead,
        january,
        _Report(
            "ggggggg",
            "Klar for innføring: generalprøve 2 er godkjent og sluttbrukeropplæringen nesten "
            "fullført.",
            next_steps="Redusert aktivitet i hjemmetjenesten de to første ukene etter go-live.",
        ),
        _submission_day(verdal, january),
    )
    _report(
        verdal,
        verdal_lead,
        february,
        _Report(
            "aggagga",
            "Go-live gjennomført som planlagt. Enkelte elektroniske meldinger til fastlegene "
            "kommer ikke fram; saken er meldt til leverandøren.",
            achievements="Alle enheter bruker den nye journalen.",
            next_steps="Følge opp meldingsflyten daglig til feilen er rettet.",
        ),
        _submission_day(verdal, february),
    )

    raised = date(2022, 11, 7)
    _risk(
        levanger,
        levanger_lead,
        raised,
        title="Sluttbrukere rekker ikke opplæring før tilgang",
        description="Turnus og sykefravær gjør det vanskelig å få alle på kurs i tide.",
        probability=3,
        impact=4,
        owner="Opplæringsansvarlig",
        mitigation="Ekstra kurs på kveld og helg; tilgang gis først etter fullført kurs.",
        later=[(date(2023, 2, 6), RiskStatus.CLOSED)],
    )
    _risk(
        levanger,
        levanger_lead,
        raised,
        title="Dobbeltdokumentasjon etter innføring",
        description="Ansatte som ikke finner fram, kan føre notater utenfor journalen.",
        probability=4,
        impact=4,
        owner="Kommunalsjef helse og velferd",
        mitigation="Superbrukere på vakt i alle enheter; daglige statusmøter de første ukene.",
        later=[(date(2023, 2, 20), RiskStatus.MITIGATING)],
    )
    _risk(
        levanger,
        levanger_lead,
        date(2023, 1, 16),
        title="Elektroniske meldinger når ikke mottaker",
        probability=3,
        impact=5,
        owner="IKT-ansvarlig",
        mitigation="Kvitteringer kontrolleres daglig; avvik meldes straks til leverandøren.",
        later=[(date(2023, 2, 15), RiskStatus.MITIGATING)],
    )
    _risk(
        verdal,
        verdal_lead,
        raised,
        title="Integrasjonstest mot Norsk helsenett ikke ferdig",
        probability=3,
        impact=4,
        owner="IKT-ansvarlig",
        mitigation="Ekstra testdager avtalt med leverandøren før generalprøve 2.",
        later=[(date(2023, 1, 10), RiskStatus.CLOSED)],
    )
    _risk(
        verdal,
        verdal_lead,
        raised,
        title="Redusert kapasitet i hjemmetjenesten i innføringsukene",
        probability=3,
        impact=3,
        owner="Virksomhetsleder hjemmetjenesten",
        mitigation="Bemanningsplan med redusert aktivitet og innleie de to første ukene.",
        later=[(date(2023, 1, 20), RiskStatus.MITIGATING), (date(2023, 3, 1), RiskStatus.CLOSED)],
    )
    _risk(
        verdal,
        verdal_lead,
        date(2023, 2, 20),
        title="Uenighet med leverandøren om hva som er en feil",
        probability=3,
        impact=3,
        owner="Prosjektleder",
        mitigation="Omforent klassifisering av feil avtales i driftsmøtet.",
    )


# ---------------------------------------------------------------------------------------------
# B) Journalsamarbeid Sørvest (fictional): planning its first two puljer.
# ---------------------------------------------------------------------------------------------

SV_PULJE_1, SV_PULJE_2 = "Pulje 1", "Pulje 2"
SV_WAVES = {SV_PULJE_1: date(2027, 4, 10), SV_PULJE_2: date(2027, 10, 16)}


@dataclass(frozen=True)
class _SvSite:
    key: str
    municipality_number: str
    label: str
    wave: str
    end_users: int  # demo estimates
    super_users: int


SV_SITES = [
    _SvSite("kristiansand", "4204", "Kristiansand", SV_PULJE_1, 6_200, 140),
    _SvSite("arendal", "4203", "Arendal", SV_PULJE_1, 2_600, 45),
    _SvSite("grimstad", "4202", "Grimstad", SV_PULJE_1, 1_300, 0),
    _SvSite("stavanger", "1103", "Stavanger", SV_PULJE_2, 8_800, 0),
    _SvSite("sandnes", "1108", "Sandnes", SV_PULJE_2, 4_700, 0),
]
# Milestones left open past their due date (overdue), and ones done late.
SV_OVERDUE = {
    "arendal": {"infrastructure-ready", "first-trial-migration"},
    "grimstad": {"access-model-defined", "integrations-ordered", "infrastructure-ready"},
    "sandnes": {"steering-group-mandate"},
}
SV_LATE = {
    "kristiansand": {"current-state-mapped": 6},
    "arendal": {"access-model-defined": 13},
    "grimstad": {"subject-experts-released": 10, "current-state-mapped": 14},
    "stavanger": {"service-agreement-signed": 4},
}
SV_OWN_DUE = (
    "kristiansand",
    "first-trial-migration",
    date(2026, 12, 12),
    "Leverandøren trenger en ny versjon av eksportverktøyet for dagens fagsystem; "
    "prøvemigreringen flyttes fire uker uten at go-live-datoen endres.",
)

SV_REPORTS: dict[str, list[_Report]] = {
    "kristiansand": [
        _Report(
            "ggggggg",
            "Prosjektet er på plan. Kartleggingen av arbeidsprosesser er ferdig.",
            achievements="Tilgangsmodellen er vedtatt.",
            next_steps="Klargjøre infrastruktur og første prøvemigrering.",
        ),
        _Report(
            "gggggag",
            "På plan. Utpeking av superbrukere går tregt i hjemmetjenesten.",
            achievements="Infrastruktur og klientutstyr er klart.",
            next_steps="Første prøvemigrering; opplæringsplan til godkjenning.",
        ),
        _Report(
            "aaggaag",
            "Første prøvemigrering er flyttet fire uker fordi eksportverktøyet ikke er klart. "
            "Go-live-datoen står fast.",
            achievements="Opplæringsplan og tilgangsprinsipper er vedtatt.",
            next_steps="Prøvemigrering i desember; integrasjonstest ende-til-ende i januar.",
        ),
    ],
    "arendal": [
        _Report(
            "ggggggg",
            "På plan.",
            achievements="Fageksperter er frikjøpt og kartleggingen er i gang.",
        ),
        _Report(
            "aaaggga",
            "Leveransen av klientutstyr er forsinket, og tilgangsmodellen ble vedtatt to uker "
            "etter plan.",
            next_steps="Avklare ny leveransedato for utstyr med innkjøp.",
        ),
        _Report(
            "rrargga",
            "Klientutstyret er fortsatt ikke levert, og første prøvemigrering kan ikke starte. "
            "Utkast: tall fra innkjøp mangler.",
            decisions_needed="Styringsgruppen bes vurdere ekstra støtte fra Kristiansand.",
            submitted=False,
        ),
    ],
    "grimstad": [
        _Report(
            "aagggga",
            "Prosjektleder på plass fra august; prosjektet mangler fortsatt to fageksperter.",
            next_steps="Frikjøpe fageksperter; starte kartleggingen.",
        ),
        _Report(
            "raagggr",
            "Kartleggingen ble ferdig sent, og tilgangsmodellen er ikke vedtatt. Prosjektet har "
            "for lite kapasitet til å nå Pulje 1.",
            decisions_needed="Om Grimstad skal be om å flytte til Pulje 2.",
        ),
        _Report(
            "rraaggr",
            "Grimstad har bedt om å flytte til Pulje 2. Integrasjoner og infrastruktur er ikke "
            "bestilt i påvente av styringsgruppens beslutning.",
            decisions_needed="Anmodning om flytting til Pulje 2 (16.10.2027).",
        ),
    ],
    "stavanger": [
        _Report(
            "ggggggg",
            "Tjenesteavtalen er signert, og innføringsprosjektet er etablert.",
            next_steps="Vedta mandat for styringsgruppen; frikjøpe fageksperter.",
        ),
    ],
    "sandnes": [
        _Report(
            "aggggga",
            "Mandatet for styringsgruppen er ikke vedtatt; saken er utsatt i kommunestyret.",
            next_steps="Ny politisk behandling av mandatet.",
        ),
    ],
}


def _sorvest(collaboration: Collaboration, steering: User) -> None:
    today = timezone.localdate()
    methodology = install_default_methodology()
    # No service sets a collaboration's methodology; the demo sets it directly.
    Collaboration.objects.filter(pk=collaboration.pk).update(methodology=methodology)
    collaboration.refresh_from_db()

    leads: dict[str, User] = {}
    rollouts: dict[str, Rollout] = {}
    for site in SV_SITES:
        organisation = Organisation.objects.get(municipality_number=site.municipality_number)
        leads[site.key] = _project_lead(
            f"prosjektleder.{site.key}@demo.no", organisation, site.label
        )

    waves: dict[str, Wave] = {}
    with _at(_when(date(2025, 9, 15), 10), Rollout):
        for name, go_live in SV_WAVES.items():
            waves[name] = create_wave(
                by=steering, collaboration=collaboration, name=name, go_live=go_live
            )
        for site in SV_SITES:
            rollouts[site.key] = create_rollout(
                by=steering,
                collaboration=collaboration,
                organisation=Organisation.objects.get(municipality_number=site.municipality_number),
                wave=waves[site.wave],
                end_users_to_train=site.end_users,
            )
    _wave(
        waves[SV_PULJE_1],
        steering,
        date(2026, 4, 20),
        status=WaveStatus.CONFIRMED,
        notes="Bekreftet etter at tjenesteavtalene for Kristiansand, Arendal og Grimstad ble "
        "signert.",
    )

    for site in SV_SITES:
        rollout, lead = rollouts[site.key], leads[site.key]
        started = _milestone(rollout, "project-established").due
        if started <= today:
            _set_status(rollout, lead, RolloutStatus.IN_PROGRESS, started)
        key, code, own_due, reason = SV_OWN_DUE
        if site.key == key:
            milestone = _milestone(rollout, code)
            with _at(_when(min(milestone.due - timedelta(days=5), today), 14)):
                update_milestone(
                    by=lead,
                    milestone=milestone,
                    expected_version=milestone.version,
                    own_due=own_due,
                    own_due_reason=reason,
                )
        _complete_milestones(
            rollout,
            lead,
            until=today - timedelta(days=1),
            late=SV_LATE.get(site.key),
            skip=frozenset(SV_OVERDUE.get(site.key, ())),
        )
        if site.super_users:
            _training(rollout, lead, today - timedelta(days=3), super_users=site.super_users)

        reports = SV_REPORTS.get(site.key, [])
        for months_back, report in zip(range(len(reports), 0, -1), reports, strict=True):
            period = _months_back(today, months_back)
            _report(
                rollout,
                lead,
                period,
                report,
                # Grimstad reports two working days late; the others one day early.
                _submission_day(rollout, period, 2 if site.key == "grimstad" else -1),
            )

    kristiansand, arendal, grimstad = (rollouts[k] for k in ("kristiansand", "arendal", "grimstad"))
    _risk(
        kristiansand,
        leads["kristiansand"],
        date(2026, 9, 28),
        title="Eksportverktøy for dagens fagsystem er ikke klart",
        description="Uten nytt eksportverktøy kan ikke prøvemigreringen starte.",
        probability=3,
        impact=4,
        owner="Leverandørkontakt i prosjektet",
        mitigation="Prøvemigreringen er flyttet fire uker; ukentlig oppfølging med leverandøren.",
        later=[(date(2026, 10, 20), RiskStatus.MITIGATING)],
    )
    _risk(
        kristiansand,
        leads["kristiansand"],
        date(2026, 6, 2),
        title="For få superbrukere på natt og helg",
        probability=2,
        impact=3,
        owner="Opplæringsansvarlig",
        mitigation="Superbrukere utpekes per vaktlag, ikke per enhet.",
    )
    _risk(
        arendal,
        leads["arendal"],
        date(2026, 9, 3),
        title="Forsinket levering av klientutstyr",
        probability=4,
        impact=4,
        owner="IKT-sjef",
        mitigation="Avtale om delleveranse; lån av utstyr fra Kristiansand vurderes.",
    )
    _risk(
        arendal,
        leads["arendal"],
        date(2026, 3, 10),
        title="Nettverkskapasitet i hjemmetjenesten",
        probability=2,
        impact=3,
        owner="IKT-sjef",
        mitigation="Mobilt nett oppgradert i alle soner.",
        later=[(date(2026, 8, 25), RiskStatus.CLOSED)],
    )
    _risk(
        grimstad,
        leads["grimstad"],
        date(2026, 8, 18),
        title="Prosjektet mangler kapasitet til å nå Pulje 1",
        probability=4,
        impact=5,
        owner="Kommunedirektør",
        mitigation="Anmodning om flytting til Pulje 2; to fageksperter frikjøpes fra januar.",
        later=[(date(2026, 11, 16), RiskStatus.MITIGATING)],
    )
    _risk(
        rollouts["stavanger"],
        leads["stavanger"],
        date(2026, 10, 5),
        title="Leverandøren har mange innføringer samtidig i 2027",
        probability=3,
        impact=4,
        owner="Prosjektleder",
        mitigation="Leverandørens ressursplan for Pulje 2 følges opp i hvert styringsmøte.",
    )
    _risk(
        rollouts["sandnes"],
        leads["sandnes"],
        date(2026, 10, 22),
        title="Politisk behandling av mandatet er utsatt",
        probability=3,
        impact=3,
        owner="Kommunalsjef",
        mitigation="Saken settes opp i neste kommunestyremøte.",
        later=[(date(2026, 11, 2), RiskStatus.MITIGATING)],
    )

    # Readiness for the gate of Pulje 1: work in progress, with evidence.
    _criteria(
        kristiansand,
        leads["kristiansand"],
        min(date(2026, 11, 10), today),
        {
            1: {
                "owner": "Testleder",
                "status": CriterionStatus.IN_PROGRESS,
                "evidence_text": "Testplan med akseptkriterier er godkjent; akseptansetest er "
                "planlagt i januar.",
                "evidence_link": "https://prosjekt.example.no/sorvest/kristiansand/testplan",
            },
            5: {
                "owner": "IKT-arkitekt",
                "status": CriterionStatus.IN_PROGRESS,
                "evidence_text": "Integrasjoner er bestilt hos Norsk helsenett; testen "
                "ende-til-ende med kvitteringer er planlagt.",
            },
            8: {
                "owner": "Opplæringsansvarlig",
                "status": CriterionStatus.IN_PROGRESS,
                "evidence_text": "140 superbrukere er utpekt; natt og helg mangler i to enheter.",
                "evidence_link": "https://prosjekt.example.no/sorvest/kristiansand/superbrukere",
            },
            10: {
                "owner": "Personvernombud",
                "status": CriterionStatus.MET,
                "evidence_text": "ROS og DPIA er oppdatert; restrisikoen er akseptert av "
                "kommunedirektøren.",
            },
        },
    )
    _criteria(
        arendal,
        leads["arendal"],
        min(date(2026, 11, 12), today),
        {
            6: {
                "owner": "Migreringsansvarlig",
                "status": CriterionStatus.NOT_MET,
                "evidence_text": "Første prøvemigrering kan ikke starte før klientutstyret er "
                "levert.",
            },
            13: {
                "owner": "Beredskapskoordinator",
                "status": CriterionStatus.IN_PROGRESS,
                "evidence_text": "Reserverutiner for nedetid er skrevet; øvelse planlagt i "
                "februar.",
            },
        },
    )

    # Wave changes: Arendal's was refused; Grimstad's awaits the steering group.
    _move(
        arendal,
        leads["arendal"],
        steering,
        waves[SV_PULJE_2],
        requested=_when(date(2026, 9, 14), 9),
        decided=_when(date(2026, 9, 24), 15),
        reason="Forsinket klientutstyr gir for lite tid til prøvemigrering og test.",
        consequences="Arendal går live 16.10.2027; samhandling med Kristiansand og Grimstad "
        "via dagens meldingsløsninger i et halvt år.",
        cost_bearer="Arendal kommune",
        decision_reason=(
            "Avslått. Pulje 2 har ikke mer kapasitet hos leverandøren; Arendal får støtte fra "
            "Kristiansand til utstyr og prøvemigrering."
        ),
        approve=False,
    )
    with _at(_when(today - timedelta(days=6), 10), WaveChangeRequest):
        request_wave_change(
            by=leads["grimstad"],
            rollout=_fresh_rollout(grimstad),
            to_wave=waves[SV_PULJE_2],
            reason=(
                "Grimstad har ikke kapasitet til å nå Pulje 1: tilgangsmodellen er ikke vedtatt, "
                "og integrasjoner og infrastruktur er ikke bestilt."
            ),
            consequences=(
                "Grimstad går live 16.10.2027 sammen med Stavanger og Sandnes. Leverandøren må "
                "flytte opplæringsressurser til høsten 2027; samhandlingen med Kristiansand og "
                "Arendal går via dagens meldingsløsninger i et halvt år."
            ),
            cost_bearer="Grimstad kommune",
        )
    _progress(
        grimstad,
        leads["grimstad"],
        _when(today - timedelta(days=6), 11),
        "Anmodning om flytting til Pulje 2 er sendt styringsgruppen.",
    )
    _progress(
        kristiansand,
        leads["kristiansand"],
        _when(min(date(2026, 11, 9), today), 14),
        "Opplæringsplan og tilgangsprinsipper er vedtatt.",
        "training-plan-approved",
    )


# ---------------------------------------------------------------------------------------------


def load_rollout_demo(
    *,
    helseplattformen: Collaboration,
    sorvest: Collaboration,
    steering_chair: User,
    steering_sorvest: User,
    levanger_lead: User,
    verdal_lead: User,
) -> None:
    """The rollout part of the demo. Call inside ``load_demo``'s transaction, after the
    collaborations, their participants, steering groups and demo accounts exist. A
    collaboration that already has waves is skipped."""
    if not helseplattformen.waves.exists():
        _helseplattformen(helseplattformen, steering_chair, levanger_lead, verdal_lead)
    if not sorvest.waves.exists():
        _sorvest(sorvest, steering_sorvest)
