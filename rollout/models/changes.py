"""Wave change requests: a project lead asks to move to another wave; the steering group
decides."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rollout.models.plan import Rollout
from rollout.models.wave import Wave


class WaveChangeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WaveChangeRequestQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> WaveChangeRequestQuerySet:
        return self.filter(rollout__in=Rollout.objects.visible_to(user))


class WaveChangeRequest(models.Model):
    """Anmodning om endret pulje."""

    rollout = models.ForeignKey(
        Rollout, on_delete=models.CASCADE, related_name="wave_changes", verbose_name=_("rollout")
    )
    from_wave = models.ForeignKey(
        Wave, on_delete=models.PROTECT, related_name="+", verbose_name=_("from wave")
    )
    to_wave = models.ForeignKey(
        Wave, on_delete=models.PROTECT, related_name="+", verbose_name=_("to wave")
    )
    reason = models.TextField(_("reason"))
    consequences = models.TextField(_("consequences"), blank=True, default="")
    cost_bearer = models.CharField(
        _("who carries the extra cost"), max_length=200, blank=True, default=""
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=WaveChangeStatus.choices,
        default=WaveChangeStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True, default="")

    objects = WaveChangeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("wave change request")
        verbose_name_plural = _("wave change requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_wave=models.F("to_wave")),
                name="wave_change_to_another_wave",
            ),
            models.UniqueConstraint(
                fields=["rollout"],
                condition=models.Q(status="pending"),
                name="wave_change_one_pending_per_rollout",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rollout}: {self.from_wave} → {self.to_wave}"
