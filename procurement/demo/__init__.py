"""Demo data of the procurement app: the supplier market, Helseplattformen's procurements and
their agreed schedule, a joint procurement in market dialogue, and two fictional suppliers'
capacity with start-date commitments from Journalsamarbeid Sørvest.

``portal.site.demo.load_demo`` calls :func:`load_procurement_demo` at its end, after the rollout
demo. Every write goes through ``procurement.services``; the timestamps they write are then set
back, so the history reads as it happened. Each part is skipped when it is already there, so
loading twice changes nothing.

Public facts: the suppliers and products named (no figures, no market shares), Helseplattformen's
contracts with Epic Systems (20 March 2019) and IBM (3 June 2019), and that Kristiansand,
Stavanger and Bærum explore a joint procurement. Fjordjournal AS and Nordlys Helse-IT AS, their
capacity and commitments, the dialogue meetings and the checklist notes are demo content.

The parts: ``common`` (names, backdating), ``market`` (suppliers, products, capacity),
``helseplattformen``, ``sorvest`` (commitments) and ``dialogue`` (the joint procurement)."""

from __future__ import annotations

from django.db import transaction

from portal.models import User
from procurement.demo.common import FJORDJOURNAL, NORDLYS, _quietly
from procurement.demo.dialogue import _kristiansand_stavanger_baerum
from procurement.demo.helseplattformen import _helseplattformen
from procurement.demo.market import _capacity, _suppliers
from procurement.demo.sorvest import _sorvest
from rollout.models import Collaboration

__all__ = ["load_procurement_demo"]


@transaction.atomic
def load_procurement_demo(
    *,
    helseplattformen: Collaboration,
    sorvest: Collaboration,
    fjordjournal_contact: User,
    nordlys_contact: User,
) -> None:
    """The procurement part of the demo. Call inside ``load_demo``'s transaction, after the
    rollout demo. A part that is already there is skipped."""
    contacts = {FJORDJOURNAL: fjordjournal_contact, NORDLYS: nordlys_contact}
    with _quietly():
        suppliers = _suppliers()
        _capacity(suppliers, contacts)
        _helseplattformen(helseplattformen, suppliers)
        _sorvest(sorvest, suppliers, contacts)
        _kristiansand_stavanger_baerum(suppliers)
