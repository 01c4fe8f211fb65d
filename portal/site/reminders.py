"""Reminders (a site module: it reads every app). Celery beat runs them every morning.

A project lead is reminded of each milestone of their rollouts that falls due in
``MILESTONE_REMINDER_DAYS`` days, with the lessons the municipalities before them shared for
that milestone. A reminder is claimed in ``ReminderSent`` before it is sent, so the task is
safe to run twice.
"""

from __future__ import annotations

from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from knowledge.models import Article
from portal.models import Membership, ReminderSent, Role
from rollout.models import Milestone, RolloutStatus


# The registered name is kept from before the site had a package of its own: beat schedules
# and messages already queued on an install name the task this way.
@shared_task(name="portal.reminders.send_milestone_reminders", ignore_result=True)
def send_milestone_reminders(on: str = "") -> int:
    """Remind project leads of milestones due in ``MILESTONE_REMINDER_DAYS`` days (counted
    from ``on``, an ISO date, default today). Returns how many e-mails were sent."""
    today = date.fromisoformat(on) if on else timezone.localdate()
    due = today + timedelta(days=settings.MILESTONE_REMINDER_DAYS)
    milestones = (
        Milestone.objects.filter(due=due, completed_on__isnull=True)
        .exclude(rollout__status__in=[RolloutStatus.LIVE, RolloutStatus.WITHDRAWN])
        .select_related("template", "rollout__organisation")
    )
    sent = 0
    for milestone in milestones:
        leads = Membership.objects.filter(
            organisation=milestone.rollout.organisation, role=Role.PROJECT_LEAD
        ).values_list("user__email", flat=True)
        lessons = list(
            Article.objects.published()
            .filter(milestones__code=milestone.template.code)
            .select_related("organisation")
            .distinct()
            .order_by("-published_at")[:3]
        )
        base = settings.PORTAL_BASE_URL.rstrip("/")
        for email in leads:
            with transaction.atomic():  # a send that fails claims nothing
                if not ReminderSent.claim("milestone", milestone.pk, due, email):
                    continue
                with translation.override(settings.LANGUAGE_CODE):
                    context = {
                        "milestone": milestone,
                        "lessons": lessons,
                        "base": base,
                        "link": base + reverse("rollout:milestone-detail", args=[milestone.pk]),
                    }
                    subject = render_to_string(
                        "portal/email/milestone_reminder_subject.txt", context
                    ).strip()
                    body = render_to_string("portal/email/milestone_reminder_body.txt", context)
                send_mail(subject, body, None, [email])
            sent += 1
    return sent
