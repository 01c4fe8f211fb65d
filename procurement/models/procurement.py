"""Procurements: joint procurements, call-offs on a framework agreement, or the exercise of an
option; their phases, supplier dialogue, the KS checklist, and the implementation schedule
agreed in the contract."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.bounds import SMALL_VALIDATORS, validate_date_in_range
from portal.concurrency import Versioned
from portal.models import Organisation, Role
from rollout.models import Rollout, Wave


class ProcurementKind(models.TextChoices):
    JOINT = "joint", _("Joint procurement")
    CALL_OFF = "call_off", _("Call-off on a framework agreement")
    OPTION = "option", _("Exercise of an option")


class ProcurementPhase(models.TextChoices):
    NEEDS = "needs", _("Needs analysis")
    DIALOGUE = "dialogue", _("Market dialogue")
    TENDER = "tender", _("Tender published")
    EVALUATION = "evaluation", _("Evaluation")
    AWARD = "award", _("Award")
    CONTRACT = "contract", _("Contract signed")


class ProcurementQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ProcurementQuerySet:
        """Members (project leads and readers) of the lead and participating organisations,
        KS staff and administrators. Suppliers see none: a procurement's evaluation is the
        buyers' own."""
        if not user.is_authenticated:
            return self.none()
        if access.sees_everything(user):
            return self.all()
        org_ids = access.organisation_ids(user, roles=[Role.PROJECT_LEAD, Role.READER])
        return self.filter(Q(lead_id__in=org_ids) | Q(participants__in=org_ids)).distinct()


class Procurement(Versioned):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProcurementKind.choices)
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_procurements",
        verbose_name=_("lead organisation"),
    )
    participants = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="procurements",
        verbose_name=_("participating organisations"),
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=ProcurementPhase.choices, default=ProcurementPhase.NEEDS
    )
    doffin_reference = models.CharField(
        _("Doffin reference"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("The notice's reference in Doffin, when the tender is published."),
    )
    supplier = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="won_procurements",
        limit_choices_to={"kind": "supplier"},
        verbose_name=_("supplier awarded"),
    )
    needs_started_on = models.DateField(
        _("needs analysis started"), null=True, blank=True, validators=[validate_date_in_range]
    )
    tender_published_on = models.DateField(
        _("tender published"), null=True, blank=True, validators=[validate_date_in_range]
    )
    award_on = models.DateField(
        _("award"), null=True, blank=True, validators=[validate_date_in_range]
    )
    contract_signed_on = models.DateField(
        _("contract signed"), null=True, blank=True, validators=[validate_date_in_range]
    )
    description = models.TextField(_("description"), blank=True, default="")
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = ProcurementQuerySet.as_manager()

    class Meta:
        verbose_name = _("procurement")
        verbose_name_plural = _("procurements")
        ordering = ["-contract_signed_on", "name"]

    def __str__(self) -> str:
        return self.name


class DialogueMeeting(models.Model):
    """A supplier-dialogue meeting of a procurement."""

    procurement = models.ForeignKey(
        Procurement,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("procurement"),
    )
    held_on = models.DateField(_("date"), validators=[validate_date_in_range])
    supplier = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "supplier"},
        verbose_name=_("supplier"),
    )
    notes = models.TextField(_("notes"), blank=True, default="")

    class Meta:
        verbose_name = _("supplier dialogue meeting")
        verbose_name_plural = _("supplier dialogue meetings")
        ordering = ["procurement", "held_on"]

    def __str__(self) -> str:
        return f"{self.procurement} {self.held_on:%d.%m.%Y}"


class ChecklistItem(Versioned):
    """An item of KS' "felles rammer og anbefalinger" checklist, kept by KS staff."""

    order = models.PositiveSmallIntegerField(_("order"), validators=SMALL_VALIDATORS)
    text_nb = models.CharField(_("item (bokmål)"), max_length=300)
    text_en = models.CharField(_("item (English)"), max_length=300, blank=True, default="")
    basis = models.CharField(_("basis"), max_length=200, blank=True, default="")
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        english = (get_language() or "").startswith("en")
        return self.text_en if english and self.text_en else self.text_nb


class ChecklistTick(models.Model):
    """A checklist item ticked (or not) for one procurement, with a note."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.CASCADE, related_name="ticks", verbose_name=_("procurement")
    )
    item = models.ForeignKey(
        ChecklistItem,
        on_delete=models.PROTECT,
        related_name="ticks",
        verbose_name=_("checklist item"),
    )
    done = models.BooleanField(_("done"), default=False)
    note = models.TextField(_("note"), blank=True, default="")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), auto_now=True)

    class Meta:
        verbose_name = _("checklist tick")
        verbose_name_plural = _("checklist ticks")
        ordering = ["procurement", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["procurement", "item"], name="checklist_tick_unique")
        ]

    def __str__(self) -> str:
        return f"{self.procurement}: {self.item}"


class ScheduleEntry(models.Model):
    """The implementation schedule agreed in the contract: one rollout (an organisation in a
    collaboration), its wave and its start date. Recording it creates the rollout's start-date
    commitment. ``rollout`` is empty only for entries recorded before an entry named its
    rollout."""

    procurement = models.ForeignKey(
        Procurement,
        on_delete=models.CASCADE,
        related_name="schedule",
        verbose_name=_("procurement"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    rollout = models.ForeignKey(
        Rollout,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rollout"),
    )
    wave = models.ForeignKey(
        Wave,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wave"),
    )
    start_on = models.DateField(_("agreed start date"), validators=[validate_date_in_range])

    class Meta:
        verbose_name = _("implementation schedule entry")
        verbose_name_plural = _("implementation schedule")
        ordering = ["procurement", "start_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "organisation"], name="schedule_unique_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.start_on:%d.%m.%Y}"
