"""Pages of the rollout app."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal import history
from portal.pagination import paginate
from rollout.access import get_collaboration_for_user, is_steering_member
from rollout.filters import CollaborationFilterSet
from rollout.models import Collaboration


@login_required
def collaboration_list(request: HttpRequest) -> HttpResponse:
    queryset = Collaboration.objects.visible_to(request.user)
    filterset = CollaborationFilterSet(request.GET, queryset=queryset)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "rollout/collaboration_list.html",
        {"filter": filterset, "page_obj": page, "object_list": page.object_list},
    )


@login_required
def collaboration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration = get_collaboration_for_user(request.user, pk)
    participations = collaboration.participations.select_related("organisation")
    steering = collaboration.steering_members.select_related("user")
    return render(
        request,
        "rollout/collaboration_detail.html",
        {
            "collaboration": collaboration,
            "participations": participations,
            "steering": steering,
            "is_steering_member": is_steering_member(request.user, collaboration),
            "history": history.entries_for(collaboration)[:20],
        },
    )
