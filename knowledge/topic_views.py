"""Article topics, kept by KS staff: the list with the form for a new topic, renaming, and
retiring (or taking back into use), through ``knowledge.topics`` (with history)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from knowledge import access, topics
from knowledge.models import Topic
from portal import history
from portal.access import get_or_404


class TopicForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the topic"), max_length=100)


def _editor_only(request: HttpRequest) -> None:
    if not access.is_editor(request.user):
        raise PermissionDenied


def _save(form: TopicForm, call: object) -> Topic | None:
    try:
        return call()  # type: ignore[operator, no-any-return]
    except ValidationError as exc:
        for message in exc.message_dict.get("name", exc.messages):
            form.add_error("name", message)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def topic_list(request: HttpRequest) -> HttpResponse:
    """Every topic with the number of articles filed under it; POST creates a topic."""
    _editor_only(request)
    form = TopicForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        topic = _save(
            form, lambda: topics.create_topic(by=request.user, name=form.cleaned_data["name"])
        )
        if topic is not None:
            messages.success(request, _("The topic %(name)s is created.") % {"name": topic})
            return redirect("knowledge:topic-list")
    return _list_page(request, form, status=400 if form.is_bound and form.errors else 200)


def _list_page(request: HttpRequest, form: TopicForm, *, status: int) -> HttpResponse:
    listed = Topic.objects.annotate(article_count=Count("articles")).order_by("-is_active", "name")
    return render(
        request, "knowledge/ks/topic_list.html", {"form": form, "topics": listed}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def topic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _editor_only(request)
    topic = get_or_404(Topic.objects.all(), pk=pk)
    form = TopicForm(
        request.POST if request.method == "POST" else None, initial={"name": topic.name}
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            lambda: topics.rename_topic(
                by=request.user, topic=topic, name=form.cleaned_data["name"]
            ),
        )
        if saved is not None:
            messages.success(request, _("The topic is saved."))
            return redirect("knowledge:topic-list")
    return render(
        request,
        "knowledge/ks/topic_form.html",
        {"form": form, "topic": topic, "history": history.entries_for(topic)[:20]},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def topic_in_use(request: HttpRequest, pk: int) -> HttpResponse:
    """Retire the topic (``in_use=0``) or take it back into use (``in_use=1``)."""
    _editor_only(request)
    topic = get_or_404(Topic.objects.all(), pk=pk)
    choice = request.POST.get("in_use", "")
    if choice not in ("0", "1"):
        messages.error(request, _("Choose whether the topic is in use."))
        return _list_page(request, TopicForm(), status=400)
    topic = topics.set_topic_in_use(by=request.user, topic=topic, in_use=choice == "1")
    if topic.is_active:
        messages.success(request, _("%(name)s is in use again.") % {"name": topic})
    else:
        messages.success(
            request,
            _("%(name)s is taken out of use; articles filed under it keep it.") % {"name": topic},
        )
    return redirect("knowledge:topic-list")
