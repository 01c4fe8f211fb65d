"""Forms of the procurement app."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from portal import bounds
from portal.models import Organisation, OrganisationKind
from procurement.models import ProcurementKind, ProcurementPhase, Product
from rollout.forms import MISSING_VERSION, VersionedFormMixin, VersionField
from rollout.models import Rollout, Wave

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommitmentRequestForm(forms.Form):
    """A start-date request. The product list holds only the chosen supplier's products:
    the supplier comes from the form's data (or ``supplier``, when the page is opened with
    one), and a product of another supplier is refused."""

    supplier = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=OrganisationKind.SUPPLIER).order_by("name"),
        label=_("Supplier"),
        help_text=_("Choose the supplier first; the products are that supplier's."),
    )
    product = forms.ModelChoiceField(
        queryset=Product.objects.none(), label=_("Product"), required=False
    )
    start_on = bounds.DateField(label=_("Start date"), widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("Note to the supplier"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, supplier: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen: Any = self.data.get("supplier") if self.is_bound else supplier
        suppliers = Organisation.objects.filter(kind=OrganisationKind.SUPPLIER)
        try:
            self.chosen_supplier = suppliers.filter(pk=int(chosen)).first()
        except (TypeError, ValueError):
            self.chosen_supplier = None
        if self.chosen_supplier is not None and not self.is_bound:
            self.initial["supplier"] = self.chosen_supplier.pk
        cast(forms.ModelChoiceField, self.fields["product"]).queryset = (
            Product.objects.filter(supplier=self.chosen_supplier)
            if self.chosen_supplier is not None
            else Product.objects.none()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        supplier, product = data.get("supplier"), data.get("product")
        if product is not None and supplier is not None and product.supplier_id != supplier.pk:
            self.add_error("product", _("The product belongs to another supplier."))
        return data


class CommitmentStepForm(forms.Form):
    """One step on a commitment: the action is the button pressed."""

    version = bounds.IntegerField(widget=forms.HiddenInput, min_value=1)
    action = forms.ChoiceField(
        choices=[
            ("propose", _("Propose")),
            ("commit", _("Commit")),
            ("confirm", _("Confirm")),
            ("decline", _("Decline")),
            ("withdraw", _("Withdraw")),
        ],
        widget=forms.HiddenInput,
    )
    start_on = bounds.DateField(label=_("Start date"), required=False, widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    accept_overbooking = forms.BooleanField(
        label=_("Commit although the supplier is over capacity"), required=False
    )


class CapacityForm(forms.Form):
    first_week = bounds.DateField(label=_("First week (any day of it)"), widget=DATE_INPUT)
    last_week = bounds.DateField(
        label=_("Last week (any day of it)"), widget=DATE_INPUT, required=False
    )
    every = forms.IntegerField(
        label=_("Every … week"),
        min_value=1,
        max_value=52,
        initial=1,
        help_text=_("1 for every week, 2 for every other week."),
    )
    implementations = bounds.IntegerField(
        label=_("Implementations at once"), max_value=bounds.SMALL_MAX
    )
    go_lives = bounds.IntegerField(label=_("Go-lives that week"), max_value=bounds.SMALL_MAX)


class HeatmapForm(forms.Form):
    start = bounds.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    weeks = forms.IntegerField(
        label=_("Weeks"), min_value=1, max_value=260, required=False, initial=26
    )

    def clean_weeks(self) -> Any:
        return self.cleaned_data.get("weeks") or 26


# --- Procurements ------------------------------------------------------------------------------


def _suppliers() -> Any:
    return Organisation.objects.filter(kind=OrganisationKind.SUPPLIER).order_by("name")


class ProcurementCreateForm(forms.Form):
    """A new procurement; ``leads`` are the organisations the person may lead it for,
    ``participants`` those they may name as taking part (``access.participant_choices``)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProcurementKind.choices)
    lead = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Lead organisation")
    )
    participants = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Participating organisations"),
        required=False,
        help_text=_("Municipalities, hospital trusts and GP offices taking part besides the lead."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    phase = forms.ChoiceField(
        label=_("Phase"), choices=ProcurementPhase.choices, initial=ProcurementPhase.NEEDS
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, leads: Any, participants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead_field = self.fields["lead"]
        assert isinstance(lead_field, forms.ModelChoiceField)
        lead_field.queryset = leads.order_by("name")
        cast(forms.ModelChoiceField, self.fields["participants"]).queryset = participants.order_by(
            "name"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lead, participants = data.get("lead"), data.get("participants")
        if lead is not None and participants is not None:
            data["participants"] = [p for p in participants if p.pk != lead.pk]
        return data


class ProcurementEditForm(VersionedFormMixin, forms.Form):
    version = VersionField()
    phase = forms.ChoiceField(label=_("Phase"), choices=ProcurementPhase.choices)
    doffin_reference = forms.CharField(
        label=_("Doffin reference"),
        max_length=40,
        required=False,
        help_text=_("The notice's reference in Doffin, when the tender is published."),
    )
    supplier = forms.ModelChoiceField(
        queryset=_suppliers(), label=_("Supplier awarded"), required=False
    )
    needs_started_on = bounds.DateField(
        label=_("Needs analysis started"), required=False, widget=DATE_INPUT
    )
    tender_published_on = bounds.DateField(
        label=_("Tender published"), required=False, widget=DATE_INPUT
    )
    award_on = bounds.DateField(label=_("Award"), required=False, widget=DATE_INPUT)
    contract_signed_on = bounds.DateField(
        label=_("Contract signed"), required=False, widget=DATE_INPUT
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ChecklistForm(forms.Form):
    """One form for the whole KS checklist: a checkbox and a note per item. ``items`` (hidden)
    names the items the page showed, so a checklist changed meanwhile is not saved blindly."""

    items = forms.CharField(widget=forms.HiddenInput, required=False)
    state = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": MISSING_VERSION},
    )  # the ticks as the page showed them: procurement.services.procurements.checklist_state

    def __init__(
        self, *args: Any, checklist: Any, ticks: dict[int, Any], state: str = "", **kwargs: Any
    ) -> None:
        self.checklist = list(checklist)
        initial: dict[str, Any] = {
            "items": ",".join(str(item.pk) for item in self.checklist),
            "state": state,
        }
        for item in self.checklist:
            tick = ticks.get(item.pk)
            initial[f"done_{item.pk}"] = bool(tick and tick.done)
            initial[f"note_{item.pk}"] = tick.note if tick else ""
        # mypy cannot tell that *args stops before BaseForm's positional ``initial``.
        cast(Any, super().__init__)(*args, initial=initial, **kwargs)
        for item in self.checklist:
            self.fields[f"done_{item.pk}"] = forms.BooleanField(label=_("Done"), required=False)
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.has_error("state"):  # a hidden field's error is shown on the form
            self.add_error(None, MISSING_VERSION)
        expected = [str(item.pk) for item in self.checklist]
        if (data.get("items") or "").split(",") != expected:
            self.add_error(
                None,
                _(
                    "The checklist has changed since the page was opened. "
                    "Check the items again and save."
                ),
            )
        return data

    def groups(self) -> list[dict[str, Any]]:
        """Per item: the item and its two fields, for ``includes/form_fields.html``."""
        return [
            {
                "item": item,
                "visible_fields": [self[f"done_{item.pk}"], self[f"note_{item.pk}"]],
                "hidden_fields": [],
                "non_field_errors": [],
            }
            for item in self.checklist
        ]

    def values(self) -> list[tuple[Any, bool, str]]:
        return [
            (item, self.cleaned_data[f"done_{item.pk}"], self.cleaned_data[f"note_{item.pk}"])
            for item in self.checklist
        ]


class DialogueMeetingForm(forms.Form):
    held_on = bounds.DateField(label=_("Date"), widget=DATE_INPUT)
    supplier = forms.ModelChoiceField(queryset=_suppliers(), label=_("Supplier"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class RolloutChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.organisation.name} · {obj.collaboration.name}"


class WaveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.collaboration.name}: {obj}"


class ScheduleEntryForm(forms.Form):
    """One agreed start date: a rollout the person may request a start date for, among the
    procurement's organisations, and optionally a wave of its collaboration."""

    rollout = RolloutChoiceField(queryset=Rollout.objects.none(), label=_("Rollout"))
    wave = WaveChoiceField(
        queryset=Wave.objects.none(),
        label=_("Wave"),
        required=False,
        help_text=_("Empty: the rollout's current wave."),
    )
    start_on = bounds.DateField(label=_("Agreed start date"), widget=DATE_INPUT)

    def __init__(self, *args: Any, rollouts: Any, waves: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["rollout"]).queryset = rollouts
        cast(forms.ModelChoiceField, self.fields["wave"]).queryset = waves

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rollout, wave = data.get("rollout"), data.get("wave")
        if (
            rollout is not None
            and wave is not None
            and wave.collaboration_id != rollout.collaboration_id
        ):
            self.add_error("wave", _("Choose a wave of the rollout's collaboration."))
        return data


class ChecklistItemForm(VersionedFormMixin, forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        from procurement.models import ChecklistItem

        model = ChecklistItem
        fields = ["order", "text_nb", "text_en", "basis", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_version()
