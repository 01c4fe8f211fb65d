"""Demo data: one account per role, in organisations and collaborations that look real.

A site module: it may import every app, and each app adds its part of the demo as it grows.
Running it twice changes nothing but the demo passwords (reset to ``DEMO_PASSWORD``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from knowledge.demo import load_knowledge_demo
from portal import services
from portal.history import SYSTEM
from portal.models import Organisation, OrganisationKind, Role, User
from portal.reference import load_reference_data
from procurement.demo import load_procurement_demo
from rollout.demo import load_rollout_demo
from rollout.models import Collaboration
from rollout.services.collaborations import (
    add_participant,
    add_steering_member,
    create_collaboration,
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    organisation: str  # a name of an organisation; "" for none
    role: str  # a Role value; "" for none
    description: str


# The README lists these; keep the two in step.
DEMO_ACCOUNTS = [
    DemoAccount(
        "prosjektleder.levanger@demo.no",
        "Ingrid",
        "Lie",
        "Levanger - Levangke",
        Role.PROJECT_LEAD,
        "Project lead (innføringsleder), Levanger kommune",
    ),
    DemoAccount(
        "prosjektleder.verdal@demo.no",
        "Ola",
        "Vold",
        "Verdal",
        Role.PROJECT_LEAD,
        "Project lead, Verdal kommune",
    ),
    DemoAccount(
        "leser.trondheim@demo.no",
        "Kari",
        "Berg",
        "Trondheim - Tråante",
        Role.READER,
        "Reader, Trondheim kommune",
    ),
    DemoAccount(
        "styringsgruppe@demo.no",
        "Per",
        "Hansen",
        "Trondheim - Tråante",
        Role.READER,
        "Steering group member, Helseplattformen",
    ),
    DemoAccount(
        "styringsgruppe.sorvest@demo.no",
        "Anne",
        "Sand",
        "Kristiansand",
        Role.READER,
        "Steering group member, Journalsamarbeid Sørvest",
    ),
    DemoAccount(
        "leverandor.a@demo.no",
        "Lars",
        "Fjeld",
        "Fjordjournal AS",
        Role.SUPPLIER_CONTACT,
        "Supplier contact, Fjordjournal AS (fictional)",
    ),
    DemoAccount(
        "leverandor.b@demo.no",
        "Silje",
        "Nordli",
        "Nordlys Helse-IT AS",
        Role.SUPPLIER_CONTACT,
        "Supplier contact, Nordlys Helse-IT AS (fictional)",
    ),
    DemoAccount(
        "ks@demo.no",
        "Eva",
        "Strand",
        "KS",
        Role.KS_STAFF,
        "KS staff: methodology and knowledge editor",
    ),
    DemoAccount("admin@demo.no", "Tor", "Admin", "KS", Role.ADMINISTRATOR, "Administrator"),
    DemoAccount("uten.tilgang@demo.no", "Nina", "Ny", "", "", "Signed in, no membership yet"),
]

HELSEPLATTFORMEN = "Helseplattformen (Midt-Norge)"
HELSEPLATTFORMEN_PARTICIPANTS = [
    "St. Olavs hospital HF",
    "Helse Nord-Trøndelag HF",
    "Helse Møre og Romsdal HF",
    "Trondheim - Tråante",
    "Røros - Rosse",
    "Os",
    "Holtålen",
    "Indre Fosen",
    "Ørland",
    "Åfjord",
    "Levanger - Levangke",
    "Verdal",
    "Ålesund",
]
SORVEST = "Journalsamarbeid Sørvest (demo)"
SORVEST_PARTICIPANTS = ["Kristiansand", "Arendal", "Grimstad", "Stavanger", "Sandnes"]


def _org(name: str) -> Organisation:
    if name == "Os":  # Os in Innlandet (3430) belongs to Helseplattformen; not Os in Vestland
        return Organisation.objects.get(municipality_number="3430")
    return Organisation.objects.get(name=name)


@transaction.atomic
def load_demo(password: str) -> list[DemoAccount]:
    load_reference_data()
    Organisation.objects.get_or_create(kind=OrganisationKind.KS, name="KS")
    for supplier in ("Fjordjournal AS", "Nordlys Helse-IT AS"):
        Organisation.objects.get_or_create(
            kind=OrganisationKind.SUPPLIER, name=supplier, defaults={"is_demo": True}
        )

    users: dict[str, User] = {}
    for account in DEMO_ACCOUNTS:
        user, _created = User.objects.get_or_create(
            email=account.email,
            defaults={"first_name": account.first_name, "last_name": account.last_name},
        )
        user.set_password(password)
        if account.role == Role.ADMINISTRATOR:
            user.is_staff = True
            user.is_superuser = True
        user.save()
        users[account.email] = user
        if account.organisation:
            services.add_membership(
                by=SYSTEM, user=user, organisation=_org(account.organisation), role=account.role
            )

    central = Collaboration.objects.filter(name=HELSEPLATTFORMEN).first() or create_collaboration(
        by=SYSTEM,
        name=HELSEPLATTFORMEN,
        description=(
            "Felles pasientjournal for sykehus, kommuner og fastleger i Midt-Norge, innført i "
            "puljer fra 2022."
        ),
    )
    for name in HELSEPLATTFORMEN_PARTICIPANTS:
        add_participant(by=SYSTEM, collaboration=central, organisation=_org(name))
    add_steering_member(
        by=SYSTEM,
        collaboration=central,
        user=users["styringsgruppe@demo.no"],
        is_chair=True,
        title="Kommunedirektør",
    )

    sorvest = Collaboration.objects.filter(name=SORVEST).first() or create_collaboration(
        by=SYSTEM,
        name=SORVEST,
        description="Kommuner i Agder og Rogaland som planlegger felles innføring i puljer.",
        is_demo=True,
    )
    for name in SORVEST_PARTICIPANTS:
        add_participant(by=SYSTEM, collaboration=sorvest, organisation=_org(name))
    add_steering_member(
        by=SYSTEM,
        collaboration=sorvest,
        user=users["styringsgruppe.sorvest@demo.no"],
        title="Kommunalsjef",
    )

    load_rollout_demo(
        helseplattformen=central,
        sorvest=sorvest,
        steering_chair=users["styringsgruppe@demo.no"],
        steering_sorvest=users["styringsgruppe.sorvest@demo.no"],
        levanger_lead=users["prosjektleder.levanger@demo.no"],
        verdal_lead=users["prosjektleder.verdal@demo.no"],
    )
    load_procurement_demo(
        helseplattformen=central,
        sorvest=sorvest,
        fjordjournal_contact=users["leverandor.a@demo.no"],
        nordlys_contact=users["leverandor.b@demo.no"],
    )
    load_knowledge_demo()
    return DEMO_ACCOUNTS
