"""Start-date commitments of Journalsamarbeid Sørvest (fictional) with the two fictional
suppliers, in every state, so that Fjordjournal AS is over capacity in some weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.models import Organisation, User
from procurement.demo.common import FJORDJOURNAL, NORDLYS, _at, _when
from procurement.models import CommitmentStatus, StartDateCommitment
from procurement.services.commitments import commit, confirm, decline, propose, request_commitment
from rollout.demo.sorvest import SV_SITES
from rollout.models import Collaboration, Rollout


@dataclass(frozen=True)
class _Step:
    """A step after the request: ``to`` is proposed, committed, confirmed or declined."""

    on: date
    to: str
    reason: str = ""
    start_on: date | None = None  # a proposal's date, when the supplier proposes another
    accept_overbooking: bool = False


@dataclass(frozen=True)
class _Ask:
    site: str  # a key of rollout.demo.sorvest.SV_SITES
    supplier: str
    start_on: date
    requested_on: date
    reason: str
    steps: tuple[_Step, ...] = ()


S = CommitmentStatus

SV_ASKS = [
    _Ask(
        "kristiansand",
        FJORDJOURNAL,
        date(2026, 4, 13),
        date(2026, 2, 9),
        "Oppstart av innføringen hos leverandøren, ett år før Pulje 1.",
        (
            _Step(date(2026, 2, 18), S.PROPOSED, "Innføringsteamet er klart fra uke 16."),
            _Step(date(2026, 2, 25), S.COMMITTED, "Avtalt i prosjektmøtet."),
            _Step(date(2026, 3, 2), S.CONFIRMED, "Teamet er bemannet."),
        ),
    ),
    _Ask(
        "sandnes",
        NORDLYS,
        date(2026, 10, 19),
        date(2026, 5, 18),
        "Oppstart ett år før Pulje 2.",
        (
            _Step(date(2026, 5, 29), S.PROPOSED),
            _Step(date(2026, 6, 8), S.COMMITTED, "Godkjent av styringsgruppen."),
            _Step(date(2026, 6, 10), S.CONFIRMED),
        ),
    ),
    _Ask(
        "arendal",
        FJORDJOURNAL,
        date(2026, 4, 13),
        date(2026, 2, 16),
        "Samme oppstart som Kristiansand, slik at Pulje 1 kan planlegges samlet.",
        (
            _Step(
                date(2026, 3, 6),
                S.PROPOSED,
                "Det andre innføringsteamet er ledig først fra uke 19.",
                start_on=date(2026, 5, 4),
            ),
        ),
    ),
    _Ask(
        "grimstad",
        NORDLYS,
        date(2026, 5, 4),
        date(2026, 3, 9),
        "Grimstad vurderer en annen leverandør enn resten av Pulje 1.",
        (
            _Step(
                date(2026, 3, 20),
                S.DECLINED,
                "Vi har ikke kapasitet til en ny innføring med go-live i april 2027. Tidligste "
                "go-live vi kan tilby er høsten 2027.",
            ),
        ),
    ),
    _Ask(
        "grimstad",
        FJORDJOURNAL,
        date(2026, 6, 1),
        date(2026, 4, 6),
        "Grimstad går over til samme leverandør som Kristiansand og Arendal.",
        (
            _Step(
                date(2026, 4, 17),
                S.PROPOSED,
                "Vi kan tidligst starte i uke 37, med et innleid team.",
                start_on=date(2026, 9, 7),
            ),
            _Step(
                date(2026, 4, 27),
                S.COMMITTED,
                "Godtatt selv om leverandøren er over kapasitet fra september 2026 og i "
                "go-live-uken: leverandøren leier inn et ekstra team, og styringsgruppen er "
                "orientert. En flytting til Pulje 2 vurderes.",
                accept_overbooking=True,
            ),
        ),
    ),
    _Ask(
        "stavanger",
        FJORDJOURNAL,
        date(2026, 12, 7),
        date(2026, 11, 16),
        "Oppstart før jul, slik at kartleggingen kan begynne i januar.",
    ),
]


def _sorvest(
    sorvest: Collaboration, suppliers: dict[str, Organisation], contacts: dict[str, User]
) -> None:
    if StartDateCommitment.objects.filter(rollout__collaboration=sorvest).exists():
        return
    numbers = {site.key: site.municipality_number for site in SV_SITES}
    rollouts = {
        r.organisation.municipality_number: r
        for r in Rollout.objects.filter(collaboration=sorvest).select_related(
            "organisation", "wave"
        )
    }
    for ask in SV_ASKS:
        rollout = rollouts.get(numbers[ask.site])
        lead = User.objects.filter(email=f"prosjektleder.{ask.site}@demo.no").first()
        if rollout is None or lead is None:
            continue
        supplier, contact = suppliers[ask.supplier], contacts[ask.supplier]
        with _at(_when(ask.requested_on, 10)):
            commitment = request_commitment(
                by=lead,
                rollout=rollout,
                supplier=supplier,
                start_on=ask.start_on,
                reason=ask.reason,
                product=supplier.products.first(),
            )
        for step in ask.steps:
            with _at(_when(step.on, 14 if step.to == S.COMMITTED else 11)):
                version = commitment.version
                if step.to == S.PROPOSED:
                    commitment = propose(
                        by=contact,
                        commitment=commitment,
                        start_on=step.start_on or commitment.start_on,
                        reason=step.reason,
                        expected_version=version,
                    )
                elif step.to == S.COMMITTED:
                    commitment = commit(
                        by=lead,
                        commitment=commitment,
                        reason=step.reason,
                        expected_version=version,
                        accept_overbooking=step.accept_overbooking,
                    )
                elif step.to == S.CONFIRMED:
                    commitment = confirm(
                        by=contact,
                        commitment=commitment,
                        reason=step.reason,
                        expected_version=version,
                    )
                else:
                    commitment = decline(
                        by=contact,
                        commitment=commitment,
                        reason=step.reason,
                        expected_version=version,
                    )
