"""The one way in to rollout objects: what a user may see and change."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from portal import access
from rollout.models import Collaboration


def can_change_collaboration(user: Any, collaboration: Collaboration) -> bool:
    """Who takes part and who sits in the steering group is kept by KS staff and administrators."""
    return access.sees_everything(user)


def is_steering_member(user: Any, collaboration: Collaboration) -> bool:
    if not user.is_authenticated:
        return False
    return collaboration.steering_members.filter(user=user).exists()


def get_collaboration_for_user(user: Any, pk: Any, *, write: bool = False) -> Collaboration:
    """The collaboration if the user may see it (404 otherwise, as for a missing one);
    with ``write=True`` also the right to change it (403 otherwise)."""
    collaboration = access.get_or_404(Collaboration.objects.visible_to(user), pk=pk)
    if write and not can_change_collaboration(user, collaboration):
        raise PermissionDenied
    return collaboration
