"""Session time-outs and the second-factor requirement for KS staff and administrators."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal import access

_STARTED = "_portal_session_started"
_SEEN = "_portal_session_seen"
_MFA_OK = "_portal_mfa_ok"


class SessionTimeoutMiddleware:
    """End a signed-in session after ``SESSION_IDLE_TIMEOUT`` seconds idle and after
    ``SESSION_MAX_AGE`` seconds in all, whatever the activity."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if session.get("_auth_user_id"):
            now = time.time()
            started = session.get(_STARTED)
            seen = session.get(_SEEN)
            if started is None:
                session[_STARTED] = now
                session[_SEEN] = now
            elif (
                now - started > settings.SESSION_MAX_AGE
                or now - (seen or started) > settings.SESSION_IDLE_TIMEOUT
            ):
                session.flush()
            elif now - (seen or 0) >= 60:
                # Write at most once a minute, not on every request.
                session[_SEEN] = now
        return self.get_response(request)


# Paths a person without a second factor may still use: set one up, sign out, static pages.
_MFA_EXEMPT_PREFIXES = (
    "/accounts/",
    "/static/",
    "/i18n/",
    "/health/",
    "/tilgjengelighet/",
    "/personvern/",
)


class RequireMFAMiddleware:
    """KS staff and administrators must activate two-factor authentication before anything else.

    Turned off only by ``MFA_REQUIRED_FOR_STAFF=false``, which the demo uses and production
    never does.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.MFA_REQUIRED_FOR_STAFF
            and user.is_authenticated
            and not request.path.startswith(_MFA_EXEMPT_PREFIXES)
            and access.requires_mfa(user)
        ):
            state = _mfa_state(request)
            if state != "ok" and request.path.startswith("/api/"):
                return HttpResponse(
                    _("Two-factor authentication is required for this account."), status=403
                )
            if state == "missing":
                messages.info(
                    request,
                    _("Your role requires two-factor authentication. Set it up to continue."),
                )
                return redirect("mfa_activate_totp")
            if state == "not used":
                logout(request)
                messages.info(request, _("Sign in again with your second factor."))
                return redirect(f"{reverse('account_login')}?next={request.path}")
        return self.get_response(request)


def _mfa_state(request: HttpRequest) -> str:
    """ "ok" when this session signed in with the second factor (or set it up after signing
    in), "missing" when the person has none yet, "not used" when they have one but this
    session was opened without it (e.g. through a password-only login)."""
    from allauth.mfa.models import Authenticator

    user = request.user
    session = request.session
    if session.get(_MFA_OK) == user.pk:
        return "ok"
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        return "missing"
    records = session.get("account_authentication_methods") or []
    same_user = session.get("account_authentication_methods_user") == str(user.pk)
    used = same_user and any(r.get("method") == "mfa" for r in records if isinstance(r, dict))
    started = session.get(_STARTED)
    set_up_here = started is not None and totp.created_at.timestamp() >= started
    if used or set_up_here:
        session[_MFA_OK] = user.pk
        return "ok"
    return "not used"


class LanguageMiddleware(LocaleMiddleware):
    """Norwegian bokmål unless the person chose English with the switch (a cookie).

    The browser's Accept-Language is not followed on pages: a Norwegian public service speaks
    Norwegian first, whatever language the computer was set up in. API clients choose with
    Accept-Language (``en`` for English messages).
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if not chosen and request.path.startswith("/api/"):
            header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
            chosen = header.split(",")[0].split(";")[0].strip()
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else ""
        except LookupError:
            language = ""
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
