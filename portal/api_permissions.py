"""Permissions every API view has (it imports nothing of DRF's views, so the settings can
name it)."""

from typing import Any

from django.conf import settings
from rest_framework import permissions

from portal import access


class SecondFactorForStaff(permissions.BasePermission):
    """KS staff and administrators who call the API with a token must have a second factor
    set up; a session is checked by the middleware, which requires that it was used."""

    message = "Two-factor authentication is required for this account."

    def has_permission(self, request: Any, view: Any) -> bool:
        from allauth.mfa.models import Authenticator

        user = request.user
        if not (
            settings.MFA_REQUIRED_FOR_STAFF and user.is_authenticated and access.requires_mfa(user)
        ):
            return True
        return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
