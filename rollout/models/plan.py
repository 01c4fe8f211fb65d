"""Rollouts and their milestone plans: one organisation's implementation in a collaboration."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.bounds import INTEGER_VALIDATORS, validate_date_in_range
from portal.concurrency import Versioned
from portal.models import Organisation
from rollout.models.collaboration import Collaboration
from rollout.models.methodology import Methodology, MilestoneTemplate
from rollout.models.wave import Wave


class RolloutStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    IN_PROGRESS = "in_progress", _("In progress")
    LIVE = "live", _("Live")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RolloutQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> RolloutQuerySet:
        """Everyone in the collaboration reads its rollouts; KS staff and administrators read
        all; suppliers read none here (they have their own view of commitments)."""
        if access.sees_everything(user):
            return self.all()
        return self.filter(collaboration__in=Collaboration.objects.visible_to(user))


class Rollout(Versioned):
    """One organisation's implementation inside a collaboration."""

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="rollouts",
        verbose_name=_("collaboration"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="rollouts",
        verbose_name=_("organisation"),
    )
    wave = models.ForeignKey(
        Wave, on_delete=models.PROTECT, related_name="rollouts", verbose_name=_("current wave")
    )
    baseline_go_live = models.DateField(
        _("baseline go-live"), help_text=_("The first agreed go-live date, kept forever.")
    )
    methodology = models.ForeignKey(
        Methodology,
        on_delete=models.PROTECT,
        related_name="rollouts",
        verbose_name=_("methodology version"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RolloutStatus.choices, default=RolloutStatus.PLANNING
    )
    end_users_to_train = models.PositiveIntegerField(
        _("end users to train"), default=0, validators=INTEGER_VALIDATORS
    )
    end_users_trained = models.PositiveIntegerField(
        _("end users trained"), default=0, validators=INTEGER_VALIDATORS
    )
    super_users = models.PositiveIntegerField(
        _("super-users appointed"), default=0, validators=INTEGER_VALIDATORS
    )
    instructors_certified = models.PositiveIntegerField(
        _("instructors certified"), default=0, validators=INTEGER_VALIDATORS
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RolloutQuerySet.as_manager()

    class Meta:
        verbose_name = _("rollout")
        verbose_name_plural = _("rollouts")
        ordering = ["collaboration", "wave__go_live", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "organisation"], name="rollout_unique_organisation"
            ),
            models.CheckConstraint(
                condition=models.Q(end_users_trained__lte=models.F("end_users_to_train"))
                | models.Q(end_users_to_train=0),
                name="rollout_trained_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.collaboration}"

    @property
    def go_live(self) -> date:
        return self.wave.go_live

    @property
    def slip_days(self) -> int:
        """How many days the go-live has moved from the baseline (positive = later)."""
        return (self.wave.go_live - self.baseline_go_live).days

    @property
    def training_percent(self) -> int | None:
        if not self.end_users_to_train:
            return None
        return round(100 * self.end_users_trained / self.end_users_to_train)


class MilestoneQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> MilestoneQuerySet:
        return self.filter(rollout__in=Rollout.objects.visible_to(user))


class Milestone(Versioned):
    """A milestone of a rollout's plan, generated from a template and the wave date."""

    rollout = models.ForeignKey(
        Rollout, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("rollout")
    )
    template = models.ForeignKey(
        MilestoneTemplate,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("milestone template"),
    )
    baseline_due = models.DateField(_("baseline due date"))
    due = models.DateField(_("due date"))
    own_due_reason = models.TextField(
        _("reason for its own due date"),
        blank=True,
        default="",
        help_text=_("A milestone with its own due date does not move with the wave."),
    )
    completed_on = models.DateField(
        _("completed"), null=True, blank=True, validators=[validate_date_in_range]
    )
    note = models.TextField(_("note"), blank=True, default="")

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["rollout", "due", "template__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["rollout", "template"], name="milestone_unique_template"
            )
        ]

    def __str__(self) -> str:
        return self.template.title

    @property
    def has_own_due(self) -> bool:
        return bool(self.own_due_reason)

    @property
    def slip_days(self) -> int:
        return (self.due - self.baseline_due).days

    @property
    def is_overdue(self) -> bool:
        return self.completed_on is None and self.due < timezone.localdate()

    @property
    def overdue_days(self) -> int:
        """How many days past its due date an open milestone is (0 when it is not overdue)."""
        if self.completed_on is not None:
            return 0
        return max(0, (timezone.localdate() - self.due).days)


class ProgressEntryQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ProgressEntryQuerySet:
        return self.filter(rollout__in=Rollout.objects.visible_to(user))


class ProgressEntry(models.Model):
    """A line in the project lead's log, on the rollout or one of its milestones."""

    rollout = models.ForeignKey(
        Rollout, on_delete=models.CASCADE, related_name="progress", verbose_name=_("rollout")
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="progress",
        verbose_name=_("milestone"),
    )
    text = models.TextField(_("progress"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    objects = ProgressEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]
