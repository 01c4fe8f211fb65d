"""Forms of the knowledge app."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from knowledge.filters import current_milestones
from knowledge.models import Article, Meeting, Topic
from portal import access
from portal.models import Organisation
from rollout.forms import VersionedFormMixin, VersionField
from rollout.models import MilestoneTemplate


class ArticleForm(VersionedFormMixin, forms.ModelForm):
    version = VersionField(required=False)
    milestones = forms.ModelMultipleChoiceField(
        queryset=MilestoneTemplate.objects.none(),
        required=False,
        label=_("Methodology milestones"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The lesson is shown to later waves when they reach these milestones."),
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        label=_("Topics"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Article
        fields = ["kind", "title", "summary", "body", "organisation", "phase", "audience"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_version()
        cast(
            forms.ModelMultipleChoiceField, self.fields["milestones"]
        ).queryset = current_milestones()
        # Retired topics are not offered, but an article keeps those it already has.
        kept = self.instance.topics.all() if self.instance.pk else Topic.objects.none()
        cast(forms.ModelMultipleChoiceField, self.fields["topics"]).queryset = Topic.objects.filter(
            Q(is_active=True) | Q(pk__in=kept.values("pk"))
        )
        if self.instance.pk:
            del self.fields["organisation"]
        elif not (access.sees_everything(user)):
            cast(
                forms.ModelChoiceField, self.fields["organisation"]
            ).queryset = Organisation.objects.filter(pk__in=access.organisation_ids(user))


class StepForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MeetingForm(VersionedFormMixin, forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Meeting
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "place",
            "link",
            "audience",
            "agenda",
            "minutes",
            "articles",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 5}),
            "articles": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_version()
        cast(
            forms.ModelMultipleChoiceField, self.fields["articles"]
        ).queryset = Article.objects.published()
        self.fields["articles"].required = False


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG, Word, Excel, PowerPoint, text or CSV; at most 10 MB."),
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
