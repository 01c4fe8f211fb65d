"""The people the tests are written for, and the small world they live in.

Levanger and Verdal take part in the Central Norway collaboration (Helseplattformen) with
Trondheim; Kristiansand in another. Two suppliers, KS, an administrator, a signed-in person
with no membership, and anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge.services import add_attachment, create_article, save_meeting, transition
from knowledge.topics import create_topic
from portal.history import SYSTEM
from portal.models import Invitation, Organisation, OrganisationKind, Role, User
from procurement.models import ChecklistItem, Product
from procurement.services.capacity import set_capacity
from procurement.services.commitments import propose, request_commitment
from procurement.services.procurements import create_procurement, install_ks_checklist
from rollout.models import Collaboration, Participation, StatusReportState, SteeringGroupMember
from rollout.services.blackouts import create_blackout
from rollout.services.changes import request_wave_change
from rollout.services.methodology import install_default_methodology
from rollout.services.plan import create_rollout, create_wave, log_progress
from rollout.services.readiness import record_decision
from rollout.services.reports import create_report, submit_report
from rollout.services.risks import create_risk
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

    central = Collaboration.objects.create(name="Helseplattformen Zq-Midt")
    for org in (levanger, verdal, trondheim, st_olavs):
        Participation.objects.create(collaboration=central, organisation=org)
    other = Collaboration.objects.create(name="Zq-Sørvest")
    Participation.objects.create(collaboration=other, organisation=kristiansand)
    SteeringGroupMember.objects.create(collaboration=central, user=p["steering_central"])
    SteeringGroupMember.objects.create(collaboration=other, user=p["steering_other"])

    # What KS staff keep: a blackout period of the central collaboration (far from every
    # go-live of the world) and an article topic.
    blackout_central = create_blackout(
        by=SYSTEM,
        name="Kommunesammenslåing",
        starts_on=date(2031, 1, 6),
        ends_on=date(2031, 1, 19),
        collaboration=central,
    )
    topic = create_topic(by=SYSTEM, name="Gevinstrealisering")

    # The rollout part of the world: a wave in each collaboration (and a later one in the
    # central), Levanger and Verdal in the first central wave, Kristiansand in the other.
    methodology = install_default_methodology()
    central.methodology = methodology
    central.save(update_fields=["methodology"])
    other.methodology = methodology
    other.save(update_fields=["methodology"])
    wave_central = create_wave(
        by=None, collaboration=central, name="Pulje 1", go_live=date(2027, 4, 10)
    )
    wave_central_later = create_wave(
        by=None, collaboration=central, name="Pulje 2", go_live=date(2027, 10, 16)
    )
    wave_other = create_wave(by=None, collaboration=other, name="Pulje A", go_live=date(2027, 5, 8))
    rollout_levanger = create_rollout(
        by=None,
        collaboration=central,
        organisation=levanger,
        wave=wave_central,
        end_users_to_train=900,
    )
    rollout_verdal = create_rollout(
        by=None,
        collaboration=central,
        organisation=verdal,
        wave=wave_central,
        end_users_to_train=800,
    )
    rollout_other = create_rollout(
        by=None, collaboration=other, organisation=kristiansand, wave=wave_other
    )
    lead_l, lead_v = p["levanger_lead"], p["verdal_lead"]
    report_levanger = create_report(
        by=lead_l,
        rollout=rollout_levanger,
        period=date(2026, 10, 1),
        summary="På plan, Zq-Levanger-utkast.",
    )
    report_verdal = create_report(
        by=lead_v,
        rollout=rollout_verdal,
        period=date(2026, 10, 1),
        summary="Integrasjonstest forsinket.",
        overall="amber",
    )
    submit_report(by=lead_v, report=report_verdal, expected_version=report_verdal.version)
    assert report_verdal.state == StatusReportState.SUBMITTED
    risk_levanger = create_risk(
        by=lead_l,
        rollout=rollout_levanger,
        title="Få superbrukere",
        probability=3,
        impact=4,
        owner="Prosjektleder",
    )
    risk_verdal = create_risk(
        by=lead_v,
        rollout=rollout_verdal,
        title="Sen integrasjonstest",
        probability=4,
        impact=4,
        owner="IKT",
    )
    progress_levanger = log_progress(
        by=lead_l, rollout=rollout_levanger, text="Prosjektgruppen er etablert."
    )
    decision_verdal = record_decision(
        by=p["steering_central"],
        rollout=rollout_verdal,
        decided_on=date(2027, 3, 13),
        decision="no_go",
        rationale="Integrasjonstesten er ikke fullført.",
    )
    change_levanger = request_wave_change(
        by=lead_l,
        rollout=rollout_levanger,
        to_wave=wave_central_later,
        reason="Ny omsorgsbolig åpner samtidig.",
    )

    # The procurement part: a product and a capacity calendar per supplier, commitments of
    # supplier A to Levanger (requested) and Kristiansand (proposed), of B to Verdal
    # (committed), and a joint procurement led by Levanger with Verdal.
    install_ks_checklist()
    product_a = Product.objects.create(supplier=supplier_a, name="Fjord EPJ")
    Product.objects.create(supplier=supplier_b, name="Nordlys Omsorg")
    set_capacity(
        by=None,
        supplier=supplier_a,
        first_week=date(2026, 1, 5),
        last_week=date(2027, 12, 27),
        implementations=2,
        go_lives=1,
    )
    set_capacity(
        by=None,
        supplier=supplier_b,
        first_week=date(2026, 1, 5),
        last_week=date(2027, 12, 27),
        implementations=3,
        go_lives=2,
    )
    commitment_a = request_commitment(
        by=lead_l,
        rollout=rollout_levanger,
        supplier=supplier_a,
        product=product_a,
        start_on=date(2026, 9, 7),
        reason="Oppstart etter sommeren.",
    )
    commitment_a_other = request_commitment(
        by=None, rollout=rollout_other, supplier=supplier_a, start_on=date(2026, 10, 5)
    )
    propose(
        by=p["supplier_a"],
        commitment=commitment_a_other,
        start_on=date(2026, 10, 12),
        expected_version=commitment_a_other.version,
    )
    commitment_b = request_commitment(
        by=lead_v,
        rollout=rollout_verdal,
        supplier=supplier_b,
        start_on=date(2026, 10, 5),
        status="committed",
    )
    procurement = create_procurement(
        by=None,
        lead=levanger,
        participants=[verdal],
        name="Felles anskaffelse Innherred",
        kind="joint",
        supplier=supplier_a,
    )
    procurement_other = create_procurement(
        by=None, lead=kristiansand, participants=[], name="Anskaffelse Sørvest", kind="call_off"
    )

    # The knowledge part: a published lesson from Levanger at the first milestone, Verdal's
    # draft, and a meeting.
    first_template = methodology.milestones.order_by("order").first()
    lesson = create_article(
        by=lead_l,
        organisation=levanger,
        title="Start opplæringen tidlig",
        summary="Superbrukerne trengte mer tid.",
        body="Vi startet **opplæringen** for sent.",
        milestones=[first_template],
    )
    transition(by=lead_l, article=lesson, action="submit")
    transition(by=p["ks_editor"], article=lesson, action="publish")
    attachment = add_attachment(
        by=p["ks_editor"],
        article=lesson,
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.7 plan"),
        title="Opplæringsplan",
    )
    draft = create_article(
        by=lead_v,
        organisation=verdal,
        title="Zq-Verdal-utkast om integrasjoner",
        summary="Test dem tidlig.",
        body="Utkast.",
    )
    meeting = save_meeting(
        by=p["ks_editor"],
        title="Erfaringsmøte pulje 1",
        starts_at=datetime(2026, 12, 3, 9, tzinfo=UTC),
        ends_at=datetime(2026, 12, 3, 11, tzinfo=UTC),
        place="Stjørdal",
    )

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
            "org:trondheim": trondheim,
            "org:kristiansand": kristiansand,
            "collab:central": central,
            "collab:other": other,
            "invitation:open": invitation,
            "membership:levanger_lead": p["levanger_lead"].memberships.get(),
            "methodology:default": methodology,
            "template:first": methodology.milestones.order_by("order").first(),
            "wave:central": wave_central,
            "wave:central_later": wave_central_later,
            "wave:other": wave_other,
            "rollout:levanger": rollout_levanger,
            "rollout:verdal": rollout_verdal,
            "rollout:other": rollout_other,
            "milestone:levanger": rollout_levanger.milestones.order_by("due").first(),
            "milestone:other": rollout_other.milestones.order_by("due").first(),
            "report:levanger": report_levanger,
            "report:verdal": report_verdal,
            "risk:levanger": risk_levanger,
            "risk:verdal": risk_verdal,
            "criterion:levanger": rollout_levanger.criteria.order_by("template__order").first(),
            "change:levanger": change_levanger,
            "decision:verdal": decision_verdal,
            "progress:levanger": progress_levanger,
            "product:a": product_a,
            "capacity:a": supplier_a.capacity.order_by("week").first(),
            "checklist:first": ChecklistItem.objects.order_by("order").first(),
            "article:published": lesson,
            "article:draft": draft,
            "meeting:first": meeting,
            "attachment:published": attachment,
            "commitment:a_levanger": commitment_a,
            "commitment:a_other": commitment_a_other,
            "commitment:b_verdal": commitment_b,
            "procurement:central": procurement,
            "procurement:other": procurement_other,
            "participation:trondheim": central.participations.get(organisation=trondheim),
            "seat:central": central.steering_members.get(),
            "blackout:central": blackout_central,
            "topic:first": topic,
        }
    )
    return w
