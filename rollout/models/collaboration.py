"""Collaborations: the organisations that roll out together under one joint steering group."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.bounds import validate_date_in_range
from portal.concurrency import Versioned
from portal.models import Organisation, Role

# Roles through which a member of a participating organisation reads its collaborations.
PARTICIPANT_ROLES = (Role.PROJECT_LEAD, Role.READER)


class CollaborationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> CollaborationQuerySet:
        """Members of participating organisations and steering-group members read a
        collaboration; KS staff and administrators read all; suppliers read none here."""
        if not user.is_authenticated:
            return self.none()
        if access.sees_everything(user):
            return self.all()
        org_ids = access.organisation_ids(user, roles=PARTICIPANT_ROLES)
        return self.filter(
            Q(
                pk__in=Participation.objects.filter(organisation_id__in=org_ids).values(
                    "collaboration_id"
                )
            )
            | Q(pk__in=SteeringGroupMember.objects.filter(user=user).values("collaboration_id"))
        )


class Collaboration(Versioned):
    """A samarbeid: organisations rolling out together under one joint steering group."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True, default="")
    participants = models.ManyToManyField(
        Organisation,
        through="Participation",
        related_name="collaborations",
        verbose_name=_("participating organisations"),
    )
    steering_group = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="SteeringGroupMember",
        related_name="steering_collaborations",
        verbose_name=_("steering group"),
    )
    solution = models.CharField(
        _("chosen solution"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("The EPR solution the collaboration has chosen, e.g. Epic."),
    )
    supplier = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supplied_collaborations",
        limit_choices_to={"kind": "supplier"},
        verbose_name=_("supplier"),
    )
    methodology = models.ForeignKey(
        "rollout.Methodology",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collaborations",
        verbose_name=_("methodology version"),
    )
    report_deadline_working_day = models.PositiveSmallIntegerField(
        _("status report deadline (working day of the month)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Monthly status reports are due on this working day of the next month."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(report_deadline_working_day__gte=1)
                & models.Q(report_deadline_working_day__lte=20),
                name="collaboration_report_deadline_working_day_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Participation(models.Model):
    """An organisation's place in a collaboration."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="participations"
    )
    joined_on = models.DateField(
        _("joined"), null=True, blank=True, validators=[validate_date_in_range]
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "organisation"],
                name="participation_unique_collaboration_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.collaboration}"


class SteeringGroupMember(models.Model):
    """A person's seat in a collaboration's joint steering group (styringsgruppe)."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="steering_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="steering_seats"
    )
    is_chair = models.BooleanField(_("chair"), default=False)
    title = models.CharField(_("title"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("steering group member")
        verbose_name_plural = _("steering group members")
        ordering = ["-is_chair", "user__last_name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "user"], name="steering_member_unique_collaboration_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.collaboration}"
