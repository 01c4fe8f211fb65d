"""The roles a person holds in an organisation.

A module of its own, below both ``portal.models`` and ``portal.access``, so that the access
helpers can name the roles without importing the models (which import the querysets, which
import the access helpers).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROJECT_LEAD = "project_lead", _("Project lead")
    READER = "reader", _("Reader")
    SUPPLIER_CONTACT = "supplier_contact", _("Supplier contact")
    KS_STAFF = "ks_staff", _("KS staff")
    ADMINISTRATOR = "administrator", _("Administrator")
