"""Readiness gates: criteria with owner, status and evidence, and the go/no-go decision."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.bounds import validate_date_in_range
from portal.concurrency import Versioned
from rollout.models.methodology import CriterionTemplate
from rollout.models.plan import Milestone, Rollout
from rollout.models.wave import Wave


class CriterionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")


class GateCriterionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> GateCriterionQuerySet:
        return self.filter(rollout__in=Rollout.objects.visible_to(user))


def evidence_path(instance: GateCriterion, filename: str) -> str:
    return f"evidence/rollout-{instance.rollout_id}/{filename}"


class GateCriterion(Versioned):
    """A readiness criterion of one rollout's gate milestone."""

    rollout = models.ForeignKey(
        Rollout, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("rollout")
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("gate")
    )
    template = models.ForeignKey(
        CriterionTemplate,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("criterion template"),
    )
    owner = models.CharField(_("owner"), max_length=200, blank=True, default="")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CriterionStatus.choices,
        default=CriterionStatus.NOT_STARTED,
    )
    evidence_text = models.TextField(_("evidence"), blank=True, default="")
    evidence_link = models.URLField(_("link to evidence"), blank=True, default="")
    evidence_file = models.FileField(
        _("evidence file"), upload_to=evidence_path, blank=True, default=""
    )

    objects = GateCriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("readiness criterion")
        verbose_name_plural = _("readiness criteria")
        ordering = ["rollout", "milestone", "template__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "template"], name="gate_criterion_unique_template"
            )
        ]

    def __str__(self) -> str:
        return self.template.text


class Decision(models.TextChoices):
    GO = "go", _("Go")
    NO_GO = "no_go", _("No-go")
    GO_WITH_CONDITIONS = "go_with_conditions", _("Go with conditions")


class GoDecisionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> GoDecisionQuerySet:
        return self.filter(rollout__in=Rollout.objects.visible_to(user))


class GoDecision(models.Model):
    """Beslutning om innføring (go/no-go), recorded by the steering group."""

    rollout = models.ForeignKey(
        Rollout, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("rollout")
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("gate"),
    )
    wave = models.ForeignKey(
        Wave,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wave"),
        help_text=_(
            "The rollout's wave when the decision was recorded; a go counts only for that wave."
        ),
    )
    decided_on = models.DateField(_("decided on"), validators=[validate_date_in_range])
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    rationale = models.TextField(_("rationale"))
    conditions = models.TextField(_("conditions"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = GoDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("go/no-go decision")
        verbose_name_plural = _("go/no-go decisions")
        ordering = ["rollout", "-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="go_with_conditions") | ~models.Q(conditions=""),
                name="go_decision_conditions_stated",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.decided_on:%d.%m.%Y}"

    @property
    def allows_go_live(self) -> bool:
        return self.decision in (Decision.GO, Decision.GO_WITH_CONDITIONS)
