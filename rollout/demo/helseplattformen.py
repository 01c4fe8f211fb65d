"""Demo data for Helseplattformen: the plan of 2022 and what happened to it (St. Olavs leaving
PD1, the board postponing the hospital go-lives in January 2023), the go-lives, and Levanger's
and Verdal's reports, risks and log entries around 11 February 2023.

The dates are public facts; the milestone completions, reports, risks and most training
figures are demo content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from portal.models import Organisation, OrganisationKind, User
from rollout.demo.common import (
    _at,
    _complete_milestones,
    _correct,
    _criteria,
    _decide,
    _fresh_rollout,
    _milestone,
    _move,
    _progress,
    _project_lead,
    _Report,
    _report,
    _risk,
    _set_status,
    _submission_day,
    _training,
    _wave,
    _when,
)
from rollout.models import (
    Collaboration,
    CriterionStatus,
    Decision,
    RiskStatus,
    Rollout,
    RolloutStatus,
    Wave,
    WaveStatus,
)
from rollout.services.methodology import install_default_methodology
from rollout.services.plan import create_rollout, create_wave

HELSEPLATTFORMEN_SOLUTION = "Epic (Helseplattformen AS)"

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
