"""Who a person is in the portal: their memberships and the roles they hold.

This module answers questions about the *person*. Questions about an *object* ("may this user
see this rollout?") are answered by one queryset method per kind, ``visible_to(user)``, and one
``get_<kind>_for_user(user, pk, *, write=False)`` function, both built on the helpers here.

Memberships are read once per user object and kept on it, so a page that asks many questions
does not query again for each one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.db.models import Model, QuerySet
from django.http import Http404

from portal.roles import Role

if TYPE_CHECKING:
    from portal.models import Membership

_CACHE_ATTR = "_portal_memberships"
M = TypeVar("M", bound=Model)


def memberships(user: Any) -> list[Membership]:
    """The user's memberships with their organisations; empty for an anonymous user."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(user.memberships.select_related("organisation"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: Any) -> None:
    """Drop the cached memberships, after a service has changed them."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles(user: Any) -> set[str]:
    return {m.role for m in memberships(user)}


def organisation_ids(user: Any, roles: Iterable[str] | None = None) -> set[int]:
    """Ids of the organisations the user belongs to, optionally only through the given roles."""
    wanted = set(roles) if roles is not None else None
    return {m.organisation_id for m in memberships(user) if wanted is None or m.role in wanted}


def is_administrator(user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser) or Role.ADMINISTRATOR in roles(user)


def is_ks_staff(user: Any) -> bool:
    return Role.KS_STAFF in roles(user)


def sees_everything(user: Any) -> bool:
    """KS staff and administrators read every object of the portal."""
    return is_ks_staff(user) or is_administrator(user)


def is_supplier_contact(user: Any) -> bool:
    return Role.SUPPLIER_CONTACT in roles(user)


def requires_mfa(user: Any) -> bool:
    """KS staff and administrators must sign in with a second factor."""
    return sees_everything(user)


def get_or_404(queryset: QuerySet[M], **lookup: Any) -> M:
    """The one object of ``queryset`` matching ``lookup``, or 404.

    A stranger gets the same 404 as for an object that does not exist, so the answer never
    tells whether an object is there.
    """
    try:
        return queryset.get(**lookup)
    except (cast(Any, queryset.model).DoesNotExist, ValueError, TypeError):
        raise Http404 from None
