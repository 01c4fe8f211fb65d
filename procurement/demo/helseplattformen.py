"""Helseplattformen's procurements (public record: Epic Systems, contract 20 March 2019; IBM for
identity and access management, 3 June 2019) and the implementation schedule agreed with Epic."""

from __future__ import annotations

from datetime import date, timedelta

from portal.history import SYSTEM
from portal.models import Organisation
from procurement.demo.common import EPIC, IBM, _at, _when
from procurement.load import monday
from procurement.models import (
    CommitmentStatus,
    Procurement,
    ProcurementKind,
    ProcurementPhase,
    Product,
    StartDateCommitment,
)
from procurement.services.commitments import confirm
from procurement.services.procurements import add_schedule_entry, create_procurement
from rollout.models import Collaboration, Rollout

HP_EPIC = "Helseplattformen – felles journalløsning"
HP_IBM = "Helseplattformen – identitets- og tilgangsstyring"
EPIC_CONTRACT = date(2019, 3, 20)
IBM_CONTRACT = date(2019, 6, 3)
# Demo: the schedule is recorded the day the plan of 2022 is entered (as in the rollout demo),
# each organisation starting about twelve months before its original go-live.
HP_SCHEDULE_RECORDED = date(2020, 11, 2)
HP_SCHEDULE_CONFIRMED = date(2020, 11, 16)
HP_LEAD_TIME = timedelta(weeks=52)


def _helseplattformen(central: Collaboration, suppliers: dict[str, Organisation]) -> None:
    if Procurement.objects.filter(name__in=[HP_EPIC, HP_IBM]).exists():
        return
    lead = central.participants.get(municipality_number="5001")  # Trondheim kommune
    participants = list(central.participants.exclude(pk=lead.pk))
    with _at(_when(EPIC_CONTRACT, 14)):
        epic = create_procurement(
            by=SYSTEM,
            lead=lead,
            participants=participants,
            name=HP_EPIC,
            kind=ProcurementKind.JOINT,
            phase=ProcurementPhase.CONTRACT,
            supplier=suppliers[EPIC],
            contract_signed_on=EPIC_CONTRACT,
            description=(
                "Felles pasientjournal for sykehusene i Helse Midt-Norge, Trondheim kommune og "
                "de kommunene i regionen som blir med. Kommunene slutter seg til ved å utløse "
                "en opsjon og inngå en tjenesteavtale med Helseplattformen AS, som eies av "
                "Helse Midt-Norge og Trondheim kommune."
            ),
        )
    with _at(_when(IBM_CONTRACT, 14)):
        create_procurement(
            by=SYSTEM,
            lead=lead,
            participants=participants,
            name=HP_IBM,
            kind=ProcurementKind.JOINT,
            phase=ProcurementPhase.CONTRACT,
            supplier=suppliers[IBM],
            contract_signed_on=IBM_CONTRACT,
            description="Løsning for identitets- og tilgangsstyring i Helseplattformen.",
        )

    # The agreed start of each organisation: about twelve months before its original go-live.
    rollouts = Rollout.objects.filter(collaboration=central).select_related("organisation", "wave")
    commitments = []
    with _at(_when(HP_SCHEDULE_RECORDED, 14)):
        for rollout in rollouts.order_by("baseline_go_live", "organisation__name"):
            _entry, commitment = add_schedule_entry(
                by=SYSTEM,
                procurement=epic,
                rollout=rollout,
                wave=rollout.wave,
                start_on=monday(rollout.baseline_go_live - HP_LEAD_TIME),
            )
            if commitment.status == CommitmentStatus.COMMITTED:
                commitments.append(commitment)
    epic_product = Product.objects.get(supplier=suppliers[EPIC], name="Epic")
    StartDateCommitment.objects.filter(pk__in=[c.pk for c in commitments]).update(
        product=epic_product
    )
    with _at(_when(HP_SCHEDULE_CONFIRMED, 11)):
        for commitment in commitments:
            commitment.refresh_from_db()
            confirm(
                by=SYSTEM,
                commitment=commitment,
                reason="Bekreftet i leverandørens innføringsplan.",
                expected_version=commitment.version,
            )
