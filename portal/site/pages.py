"""Site pages: home, health, the accessibility statement, the privacy page, and the answer
for a URL that names nothing."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.site.home import build_home


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for a URL that names nothing: under /api/ in the API's error format (JSON, as its
    schema says), elsewhere the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"home": build_home(request.user)})


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html")


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 with the state of the database (and of the broker when one is configured), or 503."""
    state: dict[str, str] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        state["database"] = "ok"
    except Exception as exc:  # any failure of the database makes the portal unhealthy
        state["database"] = f"error: {exc.__class__.__name__}"
        healthy = False
    if settings.REDIS_URL:
        try:
            import redis

            client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
            client.ping()
            state["broker"] = "ok"
        except Exception as exc:  # any failure of the broker makes the portal unhealthy
            state["broker"] = f"error: {exc.__class__.__name__}"
            healthy = False
    else:
        state["broker"] = "not configured (tasks run in-process)"
    state["status"] = "ok" if healthy else "error"
    return JsonResponse(state, status=200 if healthy else 503)
