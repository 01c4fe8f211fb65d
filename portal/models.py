"""The base every app stands on: people, organisations, memberships, invitations, history.

Reference data (counties, regional health authorities, helsefellesskap, municipalities and
hospital trusts) is loaded by ``manage.py load_reference_data``; see ``portal/reference.py``.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.querysets import InvitationQuerySet, MembershipQuerySet, OrganisationQuerySet
from portal.roles import Role


class UserManager(BaseUserManager["User"]):
    """People sign in with their e-mail address; there is no user name."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in to the portal. Roles come from memberships, not from this row."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # Stubs type AbstractUser.objects as Django's own UserManager; ours is a BaseUserManager.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class County(models.Model):
    """One of the 15 counties (fylker) of 2024."""

    number = models.CharField(_("county number"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name


class RegionalHealthAuthority(models.Model):
    """One of the four regional health authorities (RHF)."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("regional health authority")
        verbose_name_plural = _("regional health authorities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HealthCommunity(models.Model):
    """A helsefellesskap: the municipalities and the hospital trust that plan services together."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    regional_health_authority = models.ForeignKey(
        RegionalHealthAuthority,
        on_delete=models.PROTECT,
        related_name="health_communities",
        verbose_name=_("regional health authority"),
    )

    class Meta:
        verbose_name = _("health community")
        verbose_name_plural = _("health communities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    HOSPITAL_TRUST = "hospital_trust", _("Hospital trust")
    GP_OFFICE = "gp_office", _("GP office")
    SUPPLIER = "supplier", _("Supplier")
    KS = "ks", _("KS")


class Organisation(models.Model):
    """A municipality, hospital trust, GP office, supplier or KS: the tenant of the portal."""

    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    municipality_number = models.CharField(
        _("municipality number"),
        max_length=4,
        blank=True,
        default="",
        help_text=_("Kommunenummer, four digits; municipalities only."),
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("county"),
    )
    health_community = models.ForeignKey(
        HealthCommunity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("health community"),
    )
    regional_health_authority = models.ForeignKey(
        RegionalHealthAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hospital_trusts",
        verbose_name=_("regional health authority"),
    )
    hospital_trusts = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="served_municipalities",
        verbose_name=_("hospital trusts"),
        help_text=_("The hospital trusts of the municipality's admission area."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_number"],
                condition=~Q(municipality_number=""),
                name="organisation_unique_municipality_number",
            ),
            models.UniqueConstraint(fields=["kind", "name"], name="organisation_unique_kind_name"),
            models.CheckConstraint(
                condition=Q(kind="municipality") | Q(municipality_number=""),
                name="organisation_number_only_for_municipalities",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's role in an organisation. One role per person and organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _default_expiry() -> Any:
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class Invitation(models.Model):
    """An invitation by e-mail to join an organisation with a role. The portal has no sign-up."""

    email = models.EmailField(_("e-mail address"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=_default_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and not self.is_expired


# What the actions written by the services are called on the pages.
HISTORY_ACTIONS = {
    "created": _("created"),
    "changed": _("changed"),
    "invited": _("invited"),
    "accepted": _("invitation accepted"),
    "role set": _("role set"),
    "participant added": _("participant added"),
    "steering member added": _("steering group member added"),
    "participant removed": _("participant removed"),
    "steering member removed": _("steering group member removed"),
    "deleted": _("deleted"),
    "retired": _("taken out of use"),
    "restored": _("taken back into use"),
    "re-planned": _("milestones re-planned"),
    "progress logged": _("progress logged"),
    "training updated": _("training updated"),
    "status changed": _("status changed"),
    "wave change requested": _("wave change requested"),
    "wave changed": _("wave changed"),
    "wave change rejected": _("wave change rejected"),
    "go/no-go decided": _("go/no-go decided"),
    "methodology changed": _("methodology version changed"),
    "published": _("published"),
    "submitted": _("submitted"),
    "correction started": _("correction started"),
    "capacity set": _("capacity set"),
    "checklist ticked": _("checklist item ticked off"),
    "checklist open": _("checklist item opened again"),
    "dialogue meeting": _("dialogue meeting held"),
    "schedule agreed": _("schedule agreed"),
    "commitment requested": _("start date requested"),
    "commitment proposed": _("start date proposed by the supplier"),
    "commitment committed": _("start date committed"),
    "commitment confirmed": _("start date confirmed"),
    "commitment declined": _("start date declined"),
    "commitment withdrawn": _("start date withdrawn"),
    "submit": _("submitted for review"),
    "request changes": _("changes requested"),
    "publish": _("published"),
    "unpublish": _("unpublished"),
    "archive": _("archived"),
    "attachment added": _("attachment added"),
}


class HistoryEntry(models.Model):
    """Who changed what, when, and the values before and after. Written by service functions."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    by_system = models.BooleanField(
        _("by the system"),
        default=False,
        help_text=_("Written by scheduled work or a management command, not by a person."),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True, default="")

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def action_display(self) -> str:
        return str(HISTORY_ACTIONS.get(self.action, self.action))

    @property
    def actor_display(self) -> str:
        """Who acted: the person, or "system" for scheduled work and management commands."""
        if self.actor is not None:
            return str(self.actor)
        if self.by_system:
            return str(_("system"))
        return str(_("a deleted person"))

    @property
    def change_rows(self) -> list[tuple[str, Any, Any]]:
        """(field's name as users know it, before, after) for each changed value: choice
        labels in the reader's language, dates as dd.mm.yyyy."""
        from portal.history_display import change_rows

        return change_rows(self.content_type.model_class(), self.changes)

    @property
    def note_display(self) -> str:
        """The note, with its ISO dates written dd.mm.yyyy."""
        from portal.history_display import dates_in_words

        return dates_in_words(self.note)


class ReminderSent(models.Model):
    """A reminder that was sent, so a task that runs twice never sends it twice."""

    kind = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    due = models.DateField()
    recipient = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "due", "recipient"], name="reminder_sent_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.due} → {self.recipient}"

    @classmethod
    def claim(cls, kind: str, object_id: Any, due: date, recipient: str) -> bool:
        """Record that this e-mail goes out; False when it was claimed before (the task ran
        already). Claim inside the transaction that sends, so a failed send claims nothing."""
        try:
            with transaction.atomic():
                cls.objects.create(
                    kind=kind, object_id=str(object_id), due=due, recipient=recipient
                )
        except IntegrityError:
            return False
        return True
