"""Collaborations: the list, and one collaboration's waves, rollouts and plan against actual."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal import history
from portal.pagination import paginate
from rollout.access import (
    can_keep_collaborations,
    can_manage_waves,
    get_collaboration_for_user,
    is_steering_member,
)
from rollout.filters import CollaborationFilterSet
from rollout.models import Collaboration, Rollout, WaveChangeRequest, WaveChangeStatus
from rollout.services.status import attach_statuses


@login_required
def collaboration_list(request: HttpRequest) -> HttpResponse:
    queryset = Collaboration.objects.visible_to(request.user)
    filterset = CollaborationFilterSet(request.GET, queryset=queryset)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "rollout/collaboration_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "object_list": page.object_list,
            "can_keep": can_keep_collaborations(request.user),
        },
    )


@login_required
def collaboration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration = get_collaboration_for_user(request.user, pk)
    rollouts = attach_statuses(
        Rollout.objects.filter(collaboration=collaboration)
        .select_related("organisation", "wave")
        .annotate(
            milestones_total=Count("milestones"),
            milestones_done=Count("milestones", filter=Q(milestones__completed_on__isnull=False)),
        )
        .order_by("wave__go_live", "organisation__name")
    )
    waves = collaboration.waves.prefetch_related(
        Prefetch(
            "rollouts",
            queryset=Rollout.objects.select_related("organisation").order_by("organisation__name"),
        )
    ).order_by("go_live")
    changes = (
        WaveChangeRequest.objects.filter(rollout__collaboration=collaboration)
        .select_related("rollout__organisation", "from_wave", "to_wave")
        .order_by("-requested_at")
    )
    participations = collaboration.participations.select_related("organisation")
    steering = collaboration.steering_members.select_related("user")
    return render(
        request,
        "rollout/collaboration_detail.html",
        {
            "collaboration": collaboration,
            "rollouts": rollouts,
            "waves": waves,
            "changes": changes,
            "pending": [c for c in changes if c.status == WaveChangeStatus.PENDING],
            "participations": participations,
            "steering": steering,
            "is_steering_member": is_steering_member(request.user, collaboration),
            "can_manage_waves": can_manage_waves(request.user, collaboration),
            "can_keep": can_keep_collaborations(request.user),
            "history": history.entries_for(collaboration)[:20],
        },
    )
