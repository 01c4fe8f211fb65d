"""The people the tests are written for, and the small world they live in.

Levanger and Verdal take part in the Central Norway collaboration (Helseplattformen) with
Trondheim; Kristiansand in another. Two suppliers, KS, an administrator, a signed-in person
with no membership, and anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser

from portal.models import Invitation, Organisation, OrganisationKind, Role, User
from rollout.models import Collaboration, Participation, SteeringGroupMember
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

PERSONAS = [
    "levanger_lead",
    "verdal_lead",
    "steering_central",
    "steering_other",
    "supplier_a",
    "supplier_b",
    "ks_editor",
    "admin",
    "outsider",
    "anonymous",
]


@dataclass
class World:
    people: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.objects[key]


def _with_totp(user: User) -> User:
    """KS staff and administrators must have a second factor; give them one."""
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


def build_world() -> World:
    w = World()
    ks = OrganisationFactory(kind=OrganisationKind.KS, name="KS")
    levanger = OrganisationFactory(name="Levanger", municipality_number="5037")
    verdal = OrganisationFactory(name="Verdal", municipality_number="5038")
    trondheim = OrganisationFactory(name="Trondheim", municipality_number="5001")
    kristiansand = OrganisationFactory(name="Kristiansand", municipality_number="4204")
    st_olavs = OrganisationFactory(
        kind=OrganisationKind.HOSPITAL_TRUST, name="St. Olavs hospital HF"
    )
    supplier_a = OrganisationFactory(kind=OrganisationKind.SUPPLIER, name="Leverandør A")
    supplier_b = OrganisationFactory(kind=OrganisationKind.SUPPLIER, name="Leverandør B")

    def member(email: str, org: Organisation, role: str) -> User:
        user = UserFactory(email=email)
        MembershipFactory(user=user, organisation=org, role=role)
        return user

    p = w.people
    p["levanger_lead"] = member("lead@levanger.example.no", levanger, Role.PROJECT_LEAD)
    p["verdal_lead"] = member("lead@verdal.example.no", verdal, Role.PROJECT_LEAD)
    p["steering_central"] = UserFactory(email="steering@central.example.no")
    p["steering_other"] = UserFactory(email="steering@other.example.no")
    p["supplier_a"] = member("contact@supplier-a.example.no", supplier_a, Role.SUPPLIER_CONTACT)
    p["supplier_b"] = member("contact@supplier-b.example.no", supplier_b, Role.SUPPLIER_CONTACT)
    p["ks_editor"] = _with_totp(member("editor@ks.example.no", ks, Role.KS_STAFF))
    p["admin"] = _with_totp(member("admin@ks.example.no", ks, Role.ADMINISTRATOR))
    p["outsider"] = UserFactory(email="nobody@example.no")
    p["anonymous"] = AnonymousUser()

    central = Collaboration.objects.create(name="Helseplattformen")
    for org in (levanger, verdal, trondheim, st_olavs):
        Participation.objects.create(collaboration=central, organisation=org)
    other = Collaboration.objects.create(name="Sørvest")
    Participation.objects.create(collaboration=other, organisation=kristiansand)
    SteeringGroupMember.objects.create(collaboration=central, user=p["steering_central"])
    SteeringGroupMember.objects.create(collaboration=other, user=p["steering_other"])

    invitation = Invitation.objects.create(
        email="new.person@levanger.example.no",
        organisation=levanger,
        role=Role.READER,
        invited_by=p["ks_editor"],
    )
    w.objects.update(
        {
            "org:ks": ks,
            "org:levanger": levanger,
            "org:verdal": verdal,
            "org:supplier_a": supplier_a,
            "org:supplier_b": supplier_b,
            "collab:central": central,
            "collab:other": other,
            "invitation:open": invitation,
            "membership:levanger_lead": p["levanger_lead"].memberships.get(),
        }
    )
    return w
