"""A joint procurement in market dialogue: Kristiansand, Stavanger and Bærum explore a joint
procurement (public); its dialogue meetings and checklist notes are demo content."""

from __future__ import annotations

from datetime import date

from portal.models import Organisation, User
from procurement.demo.common import FJORDJOURNAL, NORDLYS, _at, _when
from procurement.models import ChecklistItem, Procurement, ProcurementKind, ProcurementPhase
from procurement.services.procurements import (
    add_meeting,
    create_procurement,
    install_ks_checklist,
    tick,
    update_procurement,
)

KSB = "Felles journalanskaffelse Kristiansand, Stavanger og Bærum"
KRISTIANSAND, STAVANGER, BAERUM = "4204", "1103", "3201"

KSB_TICKS: dict[int, tuple[bool, str]] = {
    1: (True, "Krav om standardbasert henting og deling er med i utkastet til kravspesifikasjon."),
    2: (True, "Eksport ved avtaleslutt er et absolutt krav."),
    3: (True, "Begge leverandørene i dialogen støtter HelseID i dag."),
    10: (True, "Avklart med Norsk helsenett i dialogmøtene."),
    11: (True, "Én konkurranse, med egne avrop for hver kommune."),
    12: (True, "Leverandørene skal oppgi oppstartsdato for hver kommune i tilbudet."),
    13: (False, "Brukertest med hjemmetjenesten og sykehjem planlegges i evalueringen."),
    17: (False, "Valg av statens standardavtale avklares med innkjøpsavdelingene."),
}
KSB_MEETINGS = [
    (
        date(2026, 9, 15),
        FJORDJOURNAL,
        "Gjennomgang av migrering fra dagens fagsystemer og kapasitet til innføring i tre "
        "kommuner samtidig.",
    ),
    (
        date(2026, 10, 6),
        NORDLYS,
        "Demonstrasjon av journal for hjemmetjenesten; spørsmål om HelseID og PLO-meldinger.",
    ),
]


def _kristiansand_stavanger_baerum(suppliers: dict[str, Organisation]) -> None:
    if Procurement.objects.filter(name=KSB).exists():
        return
    install_ks_checklist()
    lead = Organisation.objects.get(municipality_number=KRISTIANSAND)
    participants = list(Organisation.objects.filter(municipality_number__in=[STAVANGER, BAERUM]))
    by = User.objects.filter(email="prosjektleder.kristiansand@demo.no").first()
    with _at(_when(date(2026, 1, 12), 10)):
        procurement = create_procurement(
            by=by,
            lead=lead,
            participants=participants,
            name=KSB,
            kind=ProcurementKind.JOINT,
            phase=ProcurementPhase.NEEDS,
            needs_started_on=date(2026, 1, 12),
            description=(
                "Kristiansand, Stavanger og Bærum utforsker en felles anskaffelse av "
                "journalløsning, med KS' felles rammer og anbefalinger som grunnlag."
            ),
            is_demo=True,
        )
    with _at(_when(date(2026, 8, 17), 9)):
        update_procurement(by=by, procurement=procurement, phase=ProcurementPhase.DIALOGUE)
    for held_on, supplier, notes in KSB_MEETINGS:
        with _at(_when(held_on, 15)):
            add_meeting(
                by=by,
                procurement=procurement,
                held_on=held_on,
                supplier=suppliers[supplier],
                notes=notes,
            )
    items = {i.order: i for i in ChecklistItem.objects.filter(is_active=True)}
    with _at(_when(date(2026, 10, 20), 13)):
        for order, (done, note) in KSB_TICKS.items():
            if order in items:
                tick(by=by, procurement=procurement, item=items[order], done=done, note=note)
