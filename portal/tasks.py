"""Tasks of the base: thin, they take ids, and are safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import Invitation, ReminderSent


@shared_task(ignore_result=True)
def send_invitation_email(invitation_id: int) -> bool:
    """Send the invitation e-mail once; nothing is sent for an invitation that is no longer
    open, or again when the task is delivered twice (the e-mail is claimed in ``ReminderSent``
    in the transaction that sends it)."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_open:
        return False
    link = settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "portal:invitation-accept", args=[invitation.token]
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {"invitation": invitation, "link": link}
        subject = render_to_string("portal/email/invitation_subject.txt", context).strip()
        body = render_to_string("portal/email/invitation_body.txt", context)
    with transaction.atomic():
        if not ReminderSent.claim(
            "invitation", invitation.pk, timezone.localdate(invitation.created_at), invitation.email
        ):
            return False
        send_mail(subject, body, None, [invitation.email])
    return True
