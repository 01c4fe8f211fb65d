"""Forms of the rollout app. Each versioned form carries the version it was read at."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import bounds
from rollout.models import (
    Decision,
    GateCriterion,
    Milestone,
    MilestoneTemplate,
    Risk,
    StatusReport,
    Wave,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


MISSING_VERSION = _(
    "The form is missing the version it was read at, so it was not saved. Reload the page and "
    "make your changes again."
)


class VersionField(forms.IntegerField):
    """The hidden version a form was read at; required on every edit form, so that nothing is
    written without the version check."""

    widget = forms.HiddenInput
    default_error_messages = {"required": MISSING_VERSION, "invalid": MISSING_VERSION}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", bounds.INTEGER_MAX)
        kwargs.setdefault(
            "error_messages", {"min_value": MISSING_VERSION, "max_value": MISSING_VERSION}
        )
        super().__init__(**kwargs)


class VersionedFormMixin:
    """Shows an error of the hidden version field on the form, where the person sees it (a
    hidden field's errors are not shown beside it). A model form requires the version only
    when it edits an existing object; a create form has none."""

    def _init_version(self) -> None:
        instance = getattr(self, "instance", None)
        if instance is not None:
            self.fields["version"].required = bool(instance.pk)  # type: ignore[attr-defined]

    def clean(self) -> Any:
        cleaned = super().clean()  # type: ignore[misc]
        if "version" in self._errors:  # type: ignore[attr-defined]
            self.add_error(None, MISSING_VERSION)  # type: ignore[attr-defined]
        return cleaned


class WaveForm(VersionedFormMixin, forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Wave
        fields = ["name", "go_live", "status", "blackout_override_reason", "notes"]
        widgets = {
            "go_live": DATE_INPUT,
            "blackout_override_reason": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_version()


class MilestoneForm(VersionedFormMixin, forms.Form):
    """The project lead's quick update of a milestone (inline on the rollout page)."""

    version = VersionField()
    completed = forms.BooleanField(label=_("Completed"), required=False)
    completed_on = bounds.DateField(label=_("Completed on"), required=False, widget=DATE_INPUT)
    own_due = bounds.DateField(label=_("Own due date"), required=False, widget=DATE_INPUT)
    own_due_reason = forms.CharField(
        label=_("Reason for its own due date"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    progress = forms.CharField(
        label=_("Log progress"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What has happened since last time? It is added to the log."),
    )

    @classmethod
    def for_milestone(cls, milestone: Milestone, data: Any = None) -> MilestoneForm:
        initial = {
            "version": milestone.version,
            "completed": milestone.completed_on is not None,
            "completed_on": milestone.completed_on,
            "own_due": milestone.due if milestone.has_own_due else None,
            "own_due_reason": milestone.own_due_reason,
            "note": milestone.note,
        }
        return cls(data, initial=initial, prefix=f"m{milestone.pk}")


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("What has happened?"), widget=forms.Textarea(attrs={"rows": 3}))


class TrainingForm(VersionedFormMixin, forms.Form):
    version = VersionField()
    end_users_to_train = bounds.IntegerField(label=_("End users to train"))
    end_users_trained = bounds.IntegerField(label=_("End users trained so far"))
    super_users = bounds.IntegerField(label=_("Super-users appointed"))
    instructors_certified = bounds.IntegerField(label=_("Instructors certified"))


class WaveChangeRequestForm(forms.Form):
    to_wave = forms.ModelChoiceField(queryset=Wave.objects.none(), label=_("Move to wave"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    consequences = forms.CharField(
        label=_("Consequences"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    cost_bearer = forms.CharField(
        label=_("Who carries the extra cost"), required=False, max_length=200
    )

    def __init__(self, *args: Any, rollout: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only waves still ahead: the service refuses a wave whose go-live has passed.
        cast(forms.ModelChoiceField, self.fields["to_wave"]).queryset = Wave.objects.filter(
            collaboration=rollout.collaboration_id, go_live__gte=timezone.localdate()
        ).exclude(pk=rollout.wave_id)


class DecideWaveChangeForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve")), ("no", _("Reject"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 3})
    )


class StatusReportForm(VersionedFormMixin, forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = StatusReport
        fields = [
            "period",
            "overall",
            "rag_schedule",
            "rag_build",
            "rag_integrations",
            "rag_data_migration",
            "rag_training",
            "rag_organisation",
            "summary",
            "achievements",
            "next_steps",
            "decisions_needed",
        ]
        widgets = {
            "period": forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "achievements": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "decisions_needed": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.DateField, self.fields["period"]).input_formats = ["%Y-%m", "%Y-%m-%d"]
        if self.instance.pk:
            del self.fields["period"]
        self._init_version()


class RiskForm(VersionedFormMixin, forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Risk
        fields = ["title", "description", "probability", "impact", "owner", "mitigation", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_version()


class CriterionForm(VersionedFormMixin, forms.ModelForm):
    version = VersionField()
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, PNG, JPEG, Word, Excel, PowerPoint, text or CSV; at most 10 MB."),
    )

    class Meta:
        model = GateCriterion
        fields = ["owner", "status", "evidence_text", "evidence_link"]
        widgets = {"evidence_text": forms.Textarea(attrs={"rows": 3})}


class GoDecisionForm(forms.Form):
    decided_on = bounds.DateField(label=_("Decided on"), widget=DATE_INPUT)
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 3}))
    conditions = forms.CharField(
        label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MethodologyApplyForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, move the rollout to this version"))


class RolloutCreateForm(forms.Form):
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label=_("Organisation")
    )
    end_users_to_train = bounds.IntegerField(label=_("End users to train"), initial=0)

    def __init__(self, *args: Any, wave: Any, **kwargs: Any) -> None:
        from portal.models import Organisation

        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = (
            Organisation.objects.filter(participations__collaboration=wave.collaboration_id)
            .exclude(rollouts__collaboration=wave.collaboration_id)
            .order_by("name")
        )


class MilestoneTemplateForm(forms.ModelForm):
    class Meta:
        model = MilestoneTemplate
        fields = [
            "phase",
            "title_nb",
            "title_en",
            "description_nb",
            "description_en",
            "offset_days",
            "responsible_role",
            "is_gate",
        ]
        widgets = {
            "description_nb": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }
