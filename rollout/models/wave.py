"""Waves (puljer): a go-live date of a collaboration and its participants; blackout periods."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.bounds import validate_date_in_range
from portal.concurrency import Versioned
from rollout.models.collaboration import Collaboration


class WaveStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    LIVE = "live", _("Live")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class WaveQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> WaveQuerySet:
        return self.filter(collaboration__in=Collaboration.objects.visible_to(user))


class Wave(Versioned):
    """A pulje: one go-live date of a collaboration. Its participants are the rollouts whose
    current wave it is."""

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="waves",
        verbose_name=_("collaboration"),
    )
    name = models.CharField(_("name"), max_length=100)
    go_live = models.DateField(_("go-live date"), validators=[validate_date_in_range])
    status = models.CharField(
        _("status"), max_length=20, choices=WaveStatus.choices, default=WaveStatus.PLANNED
    )
    blackout_override_reason = models.TextField(
        _("reason for going live in a blackout period"),
        blank=True,
        default="",
        help_text=_("Only the steering group may place a go-live in a blackout period."),
    )
    notes = models.TextField(_("notes"), blank=True, default="")

    objects = WaveQuerySet.as_manager()

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["collaboration", "go_live", "name"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "name"], name="wave_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.go_live:%d.%m.%Y})"


class BlackoutPeriod(Versioned):
    """A period in which no go-live should be placed, beside public holidays and the
    recurring periods of ``ROLLOUT_RECURRING_BLACKOUTS``. Without a collaboration it applies
    to all."""

    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("first day"), validators=[validate_date_in_range])
    ends_on = models.DateField(_("last day"), validators=[validate_date_in_range])
    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="blackout_periods",
        verbose_name=_("collaboration"),
    )

    class Meta:
        verbose_name = _("blackout period")
        verbose_name_plural = _("blackout periods")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="blackout_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"
