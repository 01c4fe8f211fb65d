"""Querysets of the base models: each answers what a user may see with ``visible_to``."""

from __future__ import annotations

from typing import Any

from django.db import models

from portal import access


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> OrganisationQuerySet:
        """Organisations are public reference data for everyone signed in."""
        if not user.is_authenticated:
            return self.none()
        return self.all()


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> MembershipQuerySet:
        """Who belongs where: one's own organisations; KS staff and administrators see all."""
        if not user.is_authenticated:
            return self.none()
        if access.sees_everything(user):
            return self.all()
        return self.filter(organisation_id__in=access.organisation_ids(user))


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> InvitationQuerySet:
        """Invitations are kept by KS staff and administrators."""
        if access.sees_everything(user):
            return self.all()
        return self.none()

    def open(self) -> InvitationQuerySet:
        from django.utils import timezone

        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())
