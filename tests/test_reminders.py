"""The morning reminder: milestones due in a week, to the project leads, with the lessons
shared for that milestone; sent once even when the task runs twice."""

from datetime import timedelta
from typing import Any

from django.core import mail

from portal.models import ReminderSent
from portal.site.reminders import send_milestone_reminders
from tests.personas import World


def test_a_project_lead_is_reminded_once_with_the_lessons(world: World) -> None:
    milestone = world["milestone:levanger"]
    on = (milestone.due - timedelta(days=7)).isoformat()
    # Levanger and Verdal are in the same wave: each lead gets their own milestone.
    assert send_milestone_reminders(on) == 2
    message = next(m for m in mail.outbox if m.to == [world.people["levanger_lead"].email])
    assert world["article:published"].title in message.body
    assert f"/milepaeler/{milestone.pk}/" in message.body
    # Run again: nothing more is sent.
    assert send_milestone_reminders(on) == 0
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 2


def test_completed_milestones_are_not_reminded(world: World) -> None:
    milestone = world["milestone:levanger"]
    type(milestone).objects.filter(pk=milestone.pk).update(completed_on=milestone.due)
    assert send_milestone_reminders((milestone.due - timedelta(days=7)).isoformat()) == 1
    assert mail.outbox[0].to == [world.people["verdal_lead"].email]


def test_the_reminder_runs_on_the_beat_schedule(settings: Any) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["milestone-reminders"]
    # The registered name stays the one queued by installs before the site had a package.
    assert entry["task"] == "portal.reminders.send_milestone_reminders"
    from portal.celery import app

    app.loader.import_default_modules()
    assert "portal.reminders.send_milestone_reminders" in app.tasks
