"""Demo data for Journalsamarbeid Sørvest (fictional): a collaboration planning its first two
puljer, with overdue and late milestones, reports, risks, readiness work and wave changes.

Its dates are relative to today where the plan lies ahead, so the demo stays current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from portal.models import Organisation, User
from rollout.demo.common import (
    _at,
    _complete_milestones,
    _criteria,
    _fresh_rollout,
    _milestone,
    _months_back,
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
    RiskStatus,
    Rollout,
    RolloutStatus,
    Wave,
    WaveChangeRequest,
    WaveStatus,
)
from rollout.services.changes import request_wave_change
from rollout.services.methodology import install_default_methodology
from rollout.services.plan import create_rollout, create_wave, update_milestone

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
