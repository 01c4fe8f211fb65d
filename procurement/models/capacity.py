"""Suppliers' products and their capacity calendar (per ISO week)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.bounds import SMALL_VALIDATORS, validate_date_in_range
from portal.models import Organisation, Role
from rollout.access import steering_collaboration_ids


def supplier_ids(user: Any) -> set[int]:
    """The suppliers a user is a contact for."""
    return access.organisation_ids(user, roles=[Role.SUPPLIER_CONTACT])


def sees_all_suppliers(user: Any) -> bool:
    """Buyers (members of municipalities and trusts, steering groups) plan with every
    supplier's capacity; KS staff and administrators see all. A supplier contact does not."""
    if not user.is_authenticated:
        return False
    if access.sees_everything(user):
        return True
    planners = access.organisation_ids(user, roles=[Role.PROJECT_LEAD, Role.READER])
    return bool(planners or steering_collaboration_ids(user))


class ProductQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ProductQuerySet:
        """Suppliers' products are public facts for everyone signed in."""
        if not user.is_authenticated:
            return self.none()
        return self.all()


class Product(models.Model):
    """A supplier's solution, e.g. an EPR for municipal health and care services."""

    supplier = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="products",
        limit_choices_to={"kind": "supplier"},
        verbose_name=_("supplier"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["supplier__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "name"], name="product_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.supplier})"


class CapacityQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> CapacityQuerySet:
        """A supplier's contacts see its own calendar; KS staff, administrators and everyone in
        a municipality or trust (who plan rollouts with the suppliers) see all; another
        supplier sees none of it."""
        if sees_all_suppliers(user):
            return self.all()
        return self.filter(supplier_id__in=supplier_ids(user))


class Capacity(models.Model):
    """How many implementations a supplier can run at once, and how many go-lives it can
    support, in one ISO week (identified by its Monday)."""

    supplier = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="capacity",
        limit_choices_to={"kind": "supplier"},
        verbose_name=_("supplier"),
    )
    week = models.DateField(_("week (Monday)"), validators=[validate_date_in_range])
    implementations = models.PositiveSmallIntegerField(
        _("implementations at once"), validators=SMALL_VALIDATORS
    )
    go_lives = models.PositiveSmallIntegerField(
        _("go-lives that week"), validators=SMALL_VALIDATORS
    )

    objects = CapacityQuerySet.as_manager()

    class Meta:
        verbose_name = _("capacity")
        verbose_name_plural = _("capacity")
        ordering = ["supplier", "week"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "week"], name="capacity_unique_week"),
        ]

    def __str__(self) -> str:
        year, week, _day = self.week.isocalendar()
        return f"{self.supplier} {year}-W{week:02d}"
