"""Tasks of the procurement app: thin, they take ids, and are safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import Membership, ReminderSent, Role
from procurement.models import CommitmentEvent


@shared_task(ignore_result=True)
def notify_commitment_step(event_id: int) -> int:
    """Tell the other side of a commitment about a step: the supplier's contacts when the
    buyer acted, the rollout's project leads and the steering group when the supplier did.
    Returns how many people were told. Each recipient is claimed in ``ReminderSent`` in the
    transaction that sends, so a step delivered twice is told once."""
    event = (
        CommitmentEvent.objects.select_related(
            "commitment__rollout__organisation",
            "commitment__rollout__wave",
            "commitment__supplier",
            "by",
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    commitment = event.commitment
    rollout = commitment.rollout
    supplier_contacts = set(
        Membership.objects.filter(
            organisation=commitment.supplier, role=Role.SUPPLIER_CONTACT
        ).values_list("user__email", flat=True)
    )
    if event.by is not None and event.by.email in supplier_contacts:
        recipients = set(
            Membership.objects.filter(
                organisation=rollout.organisation, role=Role.PROJECT_LEAD
            ).values_list("user__email", flat=True)
        )
        recipients |= set(
            rollout.collaboration.steering_members.values_list("user__email", flat=True)
        )
    else:
        recipients = supplier_contacts
    if not recipients:
        return 0
    link = settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "procurement:commitment-detail", args=[commitment.pk]
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {"event": event, "commitment": commitment, "rollout": rollout, "link": link}
        subject = render_to_string("procurement/email/commitment_subject.txt", context).strip()
        body = render_to_string("procurement/email/commitment_body.txt", context)
    with transaction.atomic():
        due = timezone.localdate(event.at)
        claimed = sorted(
            email
            for email in recipients
            if ReminderSent.claim("commitment step", event.pk, due, email)
        )
        if claimed:
            send_mail(subject, body, None, claimed)
    return len(claimed)
