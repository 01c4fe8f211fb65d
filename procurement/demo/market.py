"""The supplier market: real suppliers and products where public sources confirm them (no figures,
no market shares), two fictional suppliers, and the fictional suppliers' capacity calendars."""

from __future__ import annotations

from datetime import date

from portal.models import Organisation, OrganisationKind, User
from procurement.demo.common import EPIC, FJORDJOURNAL, IBM, NORDLYS, _at, _when
from procurement.models import Product
from procurement.services.capacity import set_capacity

# Supplier → its products (name, description, is_demo).
SUPPLIERS: dict[str, list[tuple[str, str, bool]]] = {
    EPIC: [("Epic", "Regional felles pasientjournal i Helseplattformen (Midt-Norge).", False)],
    IBM: [
        (
            "Identitets- og tilgangsstyring",
            "Identitets- og tilgangsstyring for Helseplattformen.",
            False,
        )
    ],
    "Visma": [
        ("Visma Omsorg Profil", "Journal for kommunale helse- og omsorgstjenester.", False),
        ("Visma Flyt Helse", "Ny journal for pleie og omsorg.", False),
    ],
    "Tietoevry": [("Gerica", "Journal for pleie og omsorg, med Lifecare Open API.", False)],
    "DIPS": [
        (
            "DIPS kommunal journal (under utvikling)",
            "En ny generasjon journal for kommunene, under utvikling. Produktnavnet er ikke "
            "bekreftet.",
            False,
        )
    ],
    FJORDJOURNAL: [("Fjordjournal EPJ", "Journal for helse og omsorg (fiktiv).", True)],
    NORDLYS: [("Nordlys Omsorg", "Journal for pleie og omsorg (fiktiv).", True)],
}

# (supplier, implementations at once, go-lives a week), 2026–2028.
CAPACITY = [(FJORDJOURNAL, 2, 1), (NORDLYS, 3, 2)]
CAPACITY_FIRST, CAPACITY_LAST = date(2026, 1, 1), date(2028, 12, 31)
CAPACITY_SET_ON = date(2025, 12, 1)


def _suppliers() -> dict[str, Organisation]:
    suppliers = {}
    for name, products in SUPPLIERS.items():
        supplier, _created = Organisation.objects.get_or_create(
            kind=OrganisationKind.SUPPLIER,
            name=name,
            defaults={"is_demo": name in (FJORDJOURNAL, NORDLYS)},
        )
        for product, description, is_demo in products:
            Product.objects.get_or_create(
                supplier=supplier,
                name=product,
                defaults={"description": description, "is_demo": is_demo},
            )
        suppliers[name] = supplier
    return suppliers


def _capacity(suppliers: dict[str, Organisation], contacts: dict[str, User]) -> None:
    for name, implementations, go_lives in CAPACITY:
        supplier = suppliers[name]
        if supplier.capacity.exists():
            continue
        with _at(_when(CAPACITY_SET_ON, 10)):
            set_capacity(
                by=contacts[name],
                supplier=supplier,
                first_week=CAPACITY_FIRST,
                last_week=CAPACITY_LAST,
                implementations=implementations,
                go_lives=go_lives,
            )
