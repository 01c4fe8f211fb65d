"""The common methodology: versioned milestone templates kept by KS staff."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.bounds import SMALL_VALIDATORS

# A milestone lies at most ten years before or after go-live, so its due date stays a date.
OFFSET_DAYS_LIMIT = 3650


class Phase(models.TextChoices):
    DECISION = "decision", _("Decision")
    MOBILISATION = "mobilisation", _("Mobilisation")
    ANALYSIS = "analysis", _("Analysis")
    TECHNICAL = "technical", _("Technical")
    TRAINING = "training", _("Training")
    TEST = "test", _("Test")
    PREPARATION = "preparation", _("Preparation")
    GO_LIVE = "go_live", _("Go-live")
    STABILISATION = "stabilisation", _("Stabilisation")
    EVALUATION = "evaluation", _("Evaluation")
    BENEFITS = "benefits", _("Benefits")


class ResponsibleRole(models.TextChoices):
    PROJECT_LEAD = "project_lead", _("Project lead")
    STEERING_GROUP = "steering_group", _("Steering group")
    SUPPLIER = "supplier", _("Supplier")
    PROGRAMME = "programme", _("Programme")


def _localised(nb: str, en: str) -> str:
    return en if (get_language() or "").startswith("en") and en else nb


class MethodologyQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> MethodologyQuerySet:
        """Published versions are read by everyone signed in; drafts by KS staff and
        administrators, who keep them."""
        from portal import access

        if not user.is_authenticated:
            return self.none()
        if access.sees_everything(user):
            return self.all()
        return self.filter(is_published=True)


class Methodology(models.Model):
    """One version of the common methodology. A published version is never edited; a change
    is a new version, which can be rolled out to existing rollouts."""

    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"))
    is_published = models.BooleanField(_("published"), default=False)
    notes = models.TextField(_("what changed"), blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = MethodologyQuerySet.as_manager()

    class Meta:
        verbose_name = _("methodology version")
        verbose_name_plural = _("methodology versions")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="methodology_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class MilestoneTemplate(models.Model):
    """A milestone of the methodology: a phase, an offset from go-live, who is responsible."""

    methodology = models.ForeignKey(
        Methodology,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("methodology version"),
    )
    code = models.SlugField(_("code"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), validators=SMALL_VALIDATORS)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    title_nb = models.CharField(_("title (bokmål)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True, default="")
    description_nb = models.TextField(_("description (bokmål)"), blank=True, default="")
    description_en = models.TextField(_("description (English)"), blank=True, default="")
    offset_days = models.IntegerField(
        _("days from go-live"),
        help_text=_("Negative before go-live, positive after."),
        validators=[MinValueValidator(-OFFSET_DAYS_LIMIT), MaxValueValidator(OFFSET_DAYS_LIMIT)],
    )
    responsible_role = models.CharField(
        _("responsible"),
        max_length=20,
        choices=ResponsibleRole.choices,
        default=ResponsibleRole.PROJECT_LEAD,
    )
    is_gate = models.BooleanField(_("readiness gate"), default=False)

    class Meta:
        verbose_name = _("milestone template")
        verbose_name_plural = _("milestone templates")
        ordering = ["methodology", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["methodology", "code"], name="milestone_template_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _localised(self.title_nb, self.title_en)

    @property
    def description(self) -> str:
        return _localised(self.description_nb, self.description_en)

    @property
    def offset_weeks(self) -> float:
        return self.offset_days / 7


class CriterionTemplate(models.Model):
    """A readiness criterion of a gate milestone, e.g. "≥ 90 % of end users trained"."""

    milestone = models.ForeignKey(
        MilestoneTemplate,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("milestone template"),
    )
    order = models.PositiveSmallIntegerField(_("order"), validators=SMALL_VALIDATORS)
    text_nb = models.CharField(_("criterion (bokmål)"), max_length=300)
    text_en = models.CharField(_("criterion (English)"), max_length=300, blank=True, default="")

    class Meta:
        verbose_name = _("readiness criterion template")
        verbose_name_plural = _("readiness criterion templates")
        ordering = ["milestone", "order"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return _localised(self.text_nb, self.text_en)
