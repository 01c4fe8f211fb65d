"""Start-date commitments: the agreed start of a supplier's work on a rollout.

requested (by the municipality or collaboration) → proposed (the supplier proposes a date) →
committed (both agree) → confirmed; or declined / withdrawn. A commitment occupies the
supplier's capacity from its start to go-live plus stabilisation.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.bounds import validate_date_in_range
from portal.concurrency import Versioned
from portal.models import Organisation
from procurement.models.capacity import Product, supplier_ids
from rollout.models import Rollout


class CommitmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PROPOSED = "proposed", _("Proposed by the supplier")
    COMMITTED = "committed", _("Committed")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The statuses that hold capacity (demand in the over-commitment heatmap).
ACTIVE_STATUSES = (
    CommitmentStatus.REQUESTED,
    CommitmentStatus.PROPOSED,
    CommitmentStatus.COMMITTED,
    CommitmentStatus.CONFIRMED,
)


class CommitmentQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> CommitmentQuerySet:
        """A supplier's contacts see its own commitments, across all municipalities it serves;
        everyone who may see the rollout sees its commitments; KS staff and administrators
        see all. Never another supplier's."""
        if not user.is_authenticated:
            return self.none()
        if access.sees_everything(user):
            return self.all()
        return self.filter(
            Q(supplier_id__in=supplier_ids(user)) | Q(rollout__in=Rollout.objects.visible_to(user))
        )


class StartDateCommitment(Versioned):
    """An avtalt oppstartsdato: when the supplier starts its work on a rollout."""

    rollout = models.ForeignKey(
        Rollout, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("rollout")
    )
    supplier = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="commitments",
        limit_choices_to={"kind": "supplier"},
        verbose_name=_("supplier"),
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("product"),
    )
    procurement = models.ForeignKey(
        "procurement.Procurement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("procurement"),
    )
    start_on = models.DateField(_("start date"), validators=[validate_date_in_range])
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.REQUESTED,
    )
    note = models.TextField(_("note"), blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("start-date commitment")
        verbose_name_plural = _("start-date commitments")
        ordering = ["start_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rollout", "supplier"],
                condition=Q(status__in=["requested", "proposed", "committed", "confirmed"]),
                name="commitment_one_active_per_rollout_supplier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} → {self.rollout.organisation} {self.start_on:%d.%m.%Y}"

    @property
    def go_live(self) -> date:
        return self.rollout.wave.go_live

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class CommitmentEvent(models.Model):
    """One step of a commitment: who, when, why, and the date at that step."""

    commitment = models.ForeignKey(
        StartDateCommitment,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("commitment"),
    )
    from_status = models.CharField(_("from"), max_length=20, blank=True, default="")
    to_status = models.CharField(_("to"), max_length=20, choices=CommitmentStatus.choices)
    start_on = models.DateField(_("start date"), validators=[validate_date_in_range])
    reason = models.TextField(_("why"), blank=True, default="")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("commitment step")
        verbose_name_plural = _("commitment steps")
        ordering = ["commitment", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status}"
