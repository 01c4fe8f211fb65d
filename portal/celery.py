"""The Celery application. Tasks are thin: they take ids and call service functions."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The site's reminders read every app, so they live in portal.site.reminders, not portal.tasks.
app.autodiscover_tasks(["portal.site"], related_name="reminders")
