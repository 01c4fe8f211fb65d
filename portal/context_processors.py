"""What every page's shell needs: the navigation for the signed-in person's roles."""

from typing import Any

from django.http import HttpRequest

from portal import access


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sees_everything": False}
    return {
        "nav_sees_everything": access.sees_everything(user),
        "nav_memberships": access.memberships(user),
    }
