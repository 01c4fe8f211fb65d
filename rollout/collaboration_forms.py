"""Forms KS staff use to keep collaborations (with their participants and steering-group
seats) and blackout periods."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation, OrganisationKind, User
from rollout.forms import DATE_INPUT, VersionedFormMixin, VersionField
from rollout.models import BlackoutPeriod, Collaboration, Methodology
from rollout.services.collaborations import COLLABORATION_FIELDS


class CollaborationForm(VersionedFormMixin, forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Collaboration
        fields = COLLABORATION_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_version()
        supplier = self.fields["supplier"]
        methodology = self.fields["methodology"]
        assert isinstance(supplier, forms.ModelChoiceField)
        assert isinstance(methodology, forms.ModelChoiceField)
        supplier.queryset = Organisation.objects.filter(kind=OrganisationKind.SUPPLIER)
        methodology.queryset = Methodology.objects.filter(is_published=True)
        if not self.instance.pk:
            methodology.help_text = _(
                "Leave empty for the newest published version of the default methodology."
            )

    def validate_unique(self) -> None:
        """The service says when the name is taken, beside the field."""


class ParticipantForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("Municipalities, hospital trusts and others that are not yet taking part."),
    )

    def __init__(self, *args: Any, collaboration: Collaboration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Organisation.objects.exclude(kind=OrganisationKind.SUPPLIER)
            .exclude(participations__collaboration=collaboration)
            .order_by("name")
        )


class SteeringSeatForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person"),
        help_text=_("The person must already have an account in the portal."),
    )
    title = forms.CharField(
        label=_("Role in the steering group"),
        max_length=200,
        required=False,
        help_text=_("For example Kommunedirektør."),
    )
    is_chair = forms.BooleanField(label=_("Chair of the steering group"), required=False)

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("Nobody with this e-mail address has an account. Invite the person first.")
            )
        return user


class BlackoutForm(VersionedFormMixin, forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = BlackoutPeriod
        fields = ["name", "starts_on", "ends_on", "collaboration"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}
        help_texts = {"collaboration": _("Leave empty for a period that applies to all.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_version()
        collaboration = self.fields["collaboration"]
        assert isinstance(collaboration, forms.ModelChoiceField)
        collaboration.empty_label = _("All collaborations")

    def clean(self) -> Any:
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day cannot come before the first day."))
        return cleaned

    def validate_constraints(self) -> None:
        """The last day before the first is said beside it (in ``clean``); the service checks
        it again when it writes."""


class VersionOnlyForm(VersionedFormMixin, forms.Form):
    """A confirmation that carries the version it was read at (delete)."""

    version = VersionField()
