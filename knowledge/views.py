"""Pages of the knowledge app: articles with search and the editorial workflow, meetings."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from knowledge import access
from knowledge.calendar_feed import meetings_ics
from knowledge.filters import ArticleFilterSet
from knowledge.forms import ArticleForm, AttachmentForm, MeetingForm, StepForm
from knowledge.markdown import render as render_markdown
from knowledge.models import Article, ArticleStatus, Attachment, Meeting, Topic
from knowledge.services import (
    TRANSITIONS,
    add_attachment,
    allowed_steps,
    create_article,
    save_meeting,
    transition,
)
from knowledge.services import update_article as update_article_service
from portal import history
from portal.access import get_or_404
from portal.pagination import paginate
from portal.web import expected_version, run_service, status_for

ARTICLE_FIELDS = ["kind", "title", "summary", "body", "phase", "audience"]


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        Article.objects.visible_to(request.user)
        .select_related("organisation")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))
    )
    mine = request.GET.get("mine") == "1"
    if mine:
        queryset = queryset.filter(author=request.user)
    else:
        queryset = queryset.filter(status=ArticleStatus.PUBLISHED)
    filterset = ArticleFilterSet(request.GET, queryset=queryset, request=request)
    found: Any = filterset.qs
    query = filterset.form.cleaned_data.get("q", "") if filterset.is_valid() else ""
    page = paginate(request, found)
    return render(
        request,
        "knowledge/article_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "object_list": page.object_list,
            "query": query,
            "mine": mine,
            "may_write": access.may_write(request.user),
            "keeps_topics": access.is_editor(request.user),
            "in_review": (
                Article.objects.filter(status=ArticleStatus.IN_REVIEW).count()
                if access.is_editor(request.user)
                else 0
            ),
        },
    )


@login_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = access.get_article_for_user(request.user, pk)
    steps = allowed_steps(request.user, article)
    return render(
        request,
        "knowledge/article_detail.html",
        {
            "article": article,
            "body": render_markdown(article.body),
            "milestones": article.milestones.order_by("order"),
            "topics": article.topics.all(),
            "events": article.events.select_related("by"),
            "steps": steps,
            "step_form": StepForm() if steps else None,
            "can_edit": access.can_edit_article(request.user, article),
            "history": history.entries_for(article)[:20],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    if not access.may_write(request.user):
        raise PermissionDenied
    form = ArticleForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in ARTICLE_FIELDS}
        article, _conflict = run_service(
            form,
            lambda: create_article(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                milestones=form.cleaned_data["milestones"],
                topics=form.cleaned_data["topics"],
                **values,
            ),
        )
        if article is not None:
            messages.success(
                request, _("The draft is saved. Submit it for review when it is ready.")
            )
            return redirect("knowledge:article-detail", pk=article.pk)
    return render(
        request,
        "knowledge/article_form.html",
        {"form": form, "article": None},
        status=status_for(form, False),
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = access.get_article_for_user(request.user, pk, write=True)
    form = ArticleForm(
        request.POST if request.method == "POST" else None,
        instance=article,
        user=request.user,
        initial={
            "version": article.version,
            "milestones": article.milestones.all(),
            "topics": article.topics.all(),
        },
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in ARTICLE_FIELDS}
        article.refresh_from_db()
        result, conflict = run_service(
            form,
            lambda: update_article_service(
                by=request.user,
                article=article,
                expected_version=expected_version(form),
                milestones=form.cleaned_data["milestones"],
                topics=form.cleaned_data["topics"],
                **values,
            ),
        )
        if result is not None:
            messages.success(request, _("The article is saved."))
            return redirect("knowledge:article-detail", pk=article.pk)
    return render(
        request,
        "knowledge/article_form.html",
        {"form": form, "article": article},
        status=status_for(form, conflict),
    )


@login_required
@require_POST
def article_step(request: HttpRequest, pk: int) -> HttpResponse:
    article = access.get_article_for_user(request.user, pk)
    action = request.POST.get("action", "")
    steps = allowed_steps(request.user, article)
    if not steps:
        raise PermissionDenied
    if action not in TRANSITIONS:
        messages.error(request, _("Choose a step."))
        return redirect("knowledge:article-detail", pk=article.pk)
    if action not in steps:
        raise PermissionDenied
    form = StepForm(request.POST)
    form.is_valid()
    result, _conflict = run_service(
        form,
        lambda: transition(
            by=request.user,
            article=article,
            action=action,
            comment=form.cleaned_data.get("comment", ""),
        ),
    )
    if result is None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        messages.success(request, _("Saved: %(status)s.") % {"status": result.get_status_display()})
    return redirect("knowledge:article-detail", pk=article.pk)


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.visible_to(request.user).order_by("-starts_at")
    page = paginate(request, meetings)
    return render(
        request,
        "knowledge/meeting_list.html",
        {
            "page_obj": page,
            "object_list": page.object_list,
            "can_keep": access.is_editor(request.user),
        },
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk)
    return render(
        request,
        "knowledge/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": render_markdown(meeting.agenda),
            "minutes": render_markdown(meeting.minutes),
            "articles": Article.objects.visible_to(request.user).filter(meetings=meeting),
            "can_keep": access.is_editor(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk, write=True) if pk else None
    if meeting is None and not access.is_editor(request.user):
        raise PermissionDenied
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        instance=meeting,
        initial={"version": meeting.version} if meeting is not None else None,
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in form.fields if f not in ("articles", "version")}
        if meeting is not None:
            meeting.refresh_from_db()
        result, conflict = run_service(
            form,
            lambda: save_meeting(
                by=request.user,
                meeting=meeting,
                expected_version=expected_version(form),
                articles=form.cleaned_data["articles"],
                **values,
            ),
        )
        if result is not None:
            messages.success(request, _("The meeting is saved."))
            return redirect("knowledge:meeting-detail", pk=result.pk)
    return render(
        request,
        "knowledge/meeting_form.html",
        {"form": form, "meeting": meeting},
        status=status_for(form, conflict),
    )


@login_required
def meeting_calendar(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.visible_to(request.user).order_by("starts_at")
    return HttpResponse(meetings_ics(meetings), content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    article = access.get_article_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        result, _conflict = run_service(
            form,
            lambda: add_attachment(
                by=request.user,
                article=article,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            ),
        )
        if result is not None:
            messages.success(request, _("The file is attached."))
            return redirect("knowledge:article-detail", pk=article.pk)
    return render(
        request, "knowledge/attachment_error.html", {"article": article, "form": form}, status=400
    )


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """A file of an article the person may read (404 otherwise, as for a missing one)."""
    attachment = get_or_404(
        Attachment.objects.filter(article__in=Article.objects.visible_to(request.user)), pk=pk
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=PurePath(str(attachment.file.name)).name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
