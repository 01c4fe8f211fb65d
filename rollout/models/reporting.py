"""Monthly status reports and risks of a rollout."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.bounds import validate_date_in_range
from portal.concurrency import Versioned
from rollout.models.plan import Rollout


class RAG(models.TextChoices):
    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")


class StatusReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class StatusReportQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> StatusReportQuerySet:
        """Submitted reports to everyone who reads the rollout; a draft is the working copy of
        the rollout's own organisation, so only its members (and KS staff and administrators)
        see it."""
        reports = self.filter(rollout__in=Rollout.objects.visible_to(user))
        if access.sees_everything(user):
            return reports
        return reports.filter(
            ~models.Q(state=StatusReportState.DRAFT)
            | models.Q(rollout__organisation_id__in=access.organisation_ids(user))
        )


# The areas of a status report, each with its own red/amber/green.
REPORT_AREAS = [
    ("rag_schedule", _("Schedule")),
    ("rag_build", _("Build and configuration")),
    ("rag_integrations", _("Integrations")),
    ("rag_data_migration", _("Data migration")),
    ("rag_training", _("Training")),
    ("rag_organisation", _("Organisation and change")),
]


def _rag(label: Any) -> models.CharField:
    return models.CharField(label, max_length=10, choices=RAG.choices, default=RAG.GREEN)


class StatusReport(Versioned):
    """A monthly statusrapport. Once submitted it never changes: a correction is a new
    revision that points to the one it corrects, which is kept."""

    rollout = models.ForeignKey(
        Rollout,
        on_delete=models.CASCADE,
        related_name="status_reports",
        verbose_name=_("rollout"),
    )
    period = models.DateField(
        _("month"),
        help_text=_("The first day of the month reported on."),
        validators=[validate_date_in_range],
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=StatusReportState.choices,
        default=StatusReportState.DRAFT,
    )
    overall = _rag(_("overall"))
    rag_schedule = _rag(_("schedule"))
    rag_build = _rag(_("build and configuration"))
    rag_integrations = _rag(_("integrations"))
    rag_data_migration = _rag(_("data migration"))
    rag_training = _rag(_("training"))
    rag_organisation = _rag(_("organisation and change"))
    summary = models.TextField(_("summary"))
    achievements = models.TextField(_("achievements"), blank=True, default="")
    next_steps = models.TextField(_("next steps"), blank=True, default="")
    decisions_needed = models.TextField(
        _("decisions needed from the steering group"), blank=True, default=""
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = StatusReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["rollout", "-period", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["rollout", "period", "revision"], name="status_report_unique_revision"
            ),
            models.CheckConstraint(
                condition=models.Q(state="draft") | models.Q(submitted_at__isnull=False),
                name="status_report_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rollout.organisation} {self.period:%m.%Y} r{self.revision}"

    @property
    def is_submitted(self) -> bool:
        return self.state == StatusReportState.SUBMITTED

    def areas(self) -> list[tuple[str, str, str]]:
        """(label, value, display) for each area."""
        return [
            (str(label), getattr(self, name), getattr(self, f"get_{name}_display")())
            for name, label in REPORT_AREAS
        ]


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MITIGATING = "mitigating", _("Being mitigated")
    CLOSED = "closed", _("Closed")


class RiskQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> RiskQuerySet:
        return self.filter(rollout__in=Rollout.objects.visible_to(user))

    def open_first(self) -> RiskQuerySet:
        """Open and mitigated risks before closed ones, each by score (probability × impact),
        highest first; the newest first among equals."""
        return self.alias(
            risk_closed=models.Case(
                models.When(status=RiskStatus.CLOSED, then=models.Value(1)),
                default=models.Value(0),
                output_field=models.IntegerField(),
            ),
            risk_score=models.F("probability") * models.F("impact"),
        ).order_by("risk_closed", "-risk_score", "-created_at", "-id")


_SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(Versioned):
    """A risk of a rollout: probability × impact on a 1–5 scale, owner, mitigation."""

    rollout = models.ForeignKey(
        Rollout, on_delete=models.CASCADE, related_name="risks", verbose_name=_("rollout")
    )
    title = models.CharField(_("risk"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    probability = models.PositiveSmallIntegerField(_("probability (1–5)"), validators=_SCALE)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=_SCALE)
    owner = models.CharField(_("owner"), max_length=200)
    mitigation = models.TextField(_("mitigation"), blank=True, default="")
    status = models.CharField(
        _("status"), max_length=20, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RiskQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["rollout", "status", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(probability__gte=1, probability__lte=5),
                name="risk_probability_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(impact__gte=1, impact__lte=5), name="risk_impact_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.probability * self.impact
