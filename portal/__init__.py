"""Innføringsportalen: the project package (the base and the site)."""

from portal.celery import app as celery_app

__all__ = ["celery_app"]
