"""Start-date commitments: requested → proposed → committed → confirmed; declined, withdrawn.

Each step records who, when and why, and tells the other side by e-mail (on commit). Before
a date is committed, a week it would overbook is reported with the nearest feasible start
dates; the buyer may still commit with ``accept_overbooking=True``.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal import history
from portal.concurrency import save_versioned
from portal.models import Organisation, OrganisationKind
from procurement import access
from procurement.load import feasible_starts, overbookings
from procurement.models import (
    ACTIVE_STATUSES,
    CommitmentEvent,
    CommitmentStatus,
    Procurement,
    Product,
    StartDateCommitment,
)
from rollout.models import Rollout

S = CommitmentStatus
_NOTIFY: contextvars.ContextVar[bool] = contextvars.ContextVar("commitment_notify", default=True)


@contextmanager
def without_notifications() -> Iterator[None]:
    """Steps taken inside send no e-mail: for loading history that happened long ago."""
    token = _NOTIFY.set(False)
    try:
        yield
    finally:
        _NOTIFY.reset(token)


class OverbookingError(ValidationError):
    """The date would put the supplier over capacity in some weeks."""

    def __init__(self, weeks: list[Any], alternatives: list[date]) -> None:
        self.weeks = weeks
        self.alternatives = alternatives
        listed = ", ".join(
            f"{w.week.isocalendar().week}/{w.week.isocalendar().year}" for w in weeks[:6]
        )
        message = _("The supplier would be over capacity in weeks %(weeks)s.") % {"weeks": listed}
        if alternatives:
            message += " " + _("Nearest start dates that fit: %(dates)s.") % {
                "dates": ", ".join(d.strftime("%d.%m.%Y") for d in alternatives)
            }
        else:
            message += " " + _("No start date fits: the go-live week itself is full.")
        super().__init__({"start_on": message})


def _step(
    commitment: StartDateCommitment, *, by: Any, from_status: str, reason: str
) -> CommitmentEvent:
    from procurement.tasks import notify_commitment_step

    event = CommitmentEvent.objects.create(
        commitment=commitment,
        from_status=from_status,
        to_status=commitment.status,
        start_on=commitment.start_on,
        reason=reason.strip(),
        by=by,
    )
    history.record(
        commitment,
        by=by,
        action="commitment " + commitment.status,
        note=event.reason,
        changes={
            "status": [from_status or None, commitment.status],
            "start_on": [None, commitment.start_on.isoformat()],
        },
    )
    if _NOTIFY.get():
        transaction.on_commit(lambda: notify_commitment_step.delay(event.pk))
    return event


def _check_capacity(commitment: StartDateCommitment, start_on: date) -> None:
    found = overbookings(
        commitment.supplier_id, start_on, commitment.rollout.wave.go_live, exclude=commitment.pk
    )
    if found:
        raise OverbookingError(
            found,
            feasible_starts(
                commitment.supplier_id,
                start_on,
                commitment.rollout.wave.go_live,
                exclude=commitment.pk,
            ),
        )


def check_request(
    *,
    by: Any,
    rollout: Rollout,
    supplier: Organisation,
    start_on: date,
    product: Product | None = None,
    status: str = S.REQUESTED,
) -> None:
    """What every new commitment must pass, however it is made (a request, or a schedule
    agreed in a contract): the acting person is a buyer of the rollout (its project lead or
    its steering group), the supplier is a supplier and the product its own, and the start is
    before go-live. Raises ``PermissionDenied`` or a ``ValidationError`` naming the field."""
    if by is not None and not access.is_buyer(by, rollout):
        raise PermissionDenied
    errors = {}
    if supplier.kind != OrganisationKind.SUPPLIER:
        errors["supplier"] = _("Choose a supplier.")
    if product is not None and product.supplier_id != supplier.pk:
        errors["product"] = _("The product belongs to another supplier.")
    if start_on >= rollout.wave.go_live:
        errors["start_on"] = _("The start date must be before the go-live (%(date)s).") % {
            "date": rollout.wave.go_live.strftime("%d.%m.%Y")
        }
    if status not in (S.REQUESTED, S.COMMITTED):
        errors["status"] = _("A commitment starts as requested or as committed.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def request_commitment(
    *,
    by: Any,
    rollout: Rollout,
    supplier: Organisation,
    start_on: date,
    reason: str = "",
    product: Product | None = None,
    procurement: Procurement | None = None,
    status: str = S.REQUESTED,
) -> StartDateCommitment:
    """The buyer asks the supplier to start on ``start_on``. A schedule agreed in a contract
    enters as committed (``status``); it passes the same checks (``check_request``)."""
    check_request(
        by=by, rollout=rollout, supplier=supplier, start_on=start_on, product=product, status=status
    )
    commitment = StartDateCommitment(
        rollout=rollout,
        supplier=supplier,
        product=product,
        procurement=procurement,
        start_on=start_on,
        status=status,
    )
    try:
        with transaction.atomic():
            commitment.save()
    except IntegrityError:
        raise ValidationError(
            {"supplier": _("The rollout already has an open commitment with this supplier.")}
        ) from None
    _step(commitment, by=by, from_status="", reason=reason)
    return commitment


def _transition(
    commitment: StartDateCommitment,
    *,
    by: Any,
    to: str,
    allowed_from: tuple[str, ...],
    reason: str,
    expected_version: int | None,
    start_on: date | None = None,
) -> StartDateCommitment:
    if commitment.status not in allowed_from:
        raise ValidationError(
            {
                "status": _("A %(from)s commitment cannot become %(to)s.")
                % {"from": commitment.get_status_display().lower(), "to": S(to).label.lower()}
            }
        )
    before = commitment.status
    commitment.status = to
    fields = ["status"]
    if start_on is not None and start_on != commitment.start_on:
        if start_on >= commitment.rollout.wave.go_live:
            raise ValidationError({"start_on": _("The start date must be before the go-live.")})
        commitment.start_on = start_on
        fields.append("start_on")
    save_versioned(commitment, expected_version=expected_version, fields=fields)
    _step(commitment, by=by, from_status=before, reason=reason)
    return commitment


@transaction.atomic
def propose(
    *,
    by: Any,
    commitment: StartDateCommitment,
    start_on: date,
    reason: str = "",
    expected_version: int | None,
) -> StartDateCommitment:
    """The supplier proposes a start date (the one asked for, or another)."""
    if by is not None and not access.is_contact_for(by, commitment.supplier_id):
        raise PermissionDenied
    return _transition(
        commitment,
        by=by,
        to=S.PROPOSED,
        allowed_from=(S.REQUESTED,),
        reason=reason,
        expected_version=expected_version,
        start_on=start_on,
    )


@transaction.atomic
def commit(
    *,
    by: Any,
    commitment: StartDateCommitment,
    reason: str = "",
    expected_version: int | None,
    accept_overbooking: bool = False,
) -> StartDateCommitment:
    """The buyer agrees to the supplier's proposed date. Refused with the nearest feasible
    dates when it would overbook a week, unless the buyer accepts that knowingly."""
    if by is not None and not access.is_buyer(by, commitment.rollout):
        raise PermissionDenied
    if not accept_overbooking:
        _check_capacity(commitment, commitment.start_on)
    elif not reason.strip():
        raise ValidationError(
            {"reason": _("Say why the date is committed although the supplier is over capacity.")}
        )
    return _transition(
        commitment,
        by=by,
        to=S.COMMITTED,
        allowed_from=(S.PROPOSED,),
        reason=reason,
        expected_version=expected_version,
    )


@transaction.atomic
def confirm(
    *, by: Any, commitment: StartDateCommitment, reason: str = "", expected_version: int | None
) -> StartDateCommitment:
    if by is not None and not access.is_contact_for(by, commitment.supplier_id):
        raise PermissionDenied
    return _transition(
        commitment,
        by=by,
        to=S.CONFIRMED,
        allowed_from=(S.COMMITTED,),
        reason=reason,
        expected_version=expected_version,
    )


def _end(
    commitment: StartDateCommitment,
    *,
    by: Any,
    may: Callable[[Any, StartDateCommitment], bool],
    to: str,
    allowed_from: tuple[str, ...],
    reason: str,
    expected_version: int | None,
) -> StartDateCommitment:
    """Ending a commitment, by the side that ``may``, always with a reason: the one
    implementation of declining (the supplier) and withdrawing (the buyer)."""
    if by is not None and not may(by, commitment):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    return _transition(
        commitment,
        by=by,
        to=to,
        allowed_from=allowed_from,
        reason=reason,
        expected_version=expected_version,
    )


def _is_supplier_contact(user: Any, commitment: StartDateCommitment) -> bool:
    return access.is_contact_for(user, commitment.supplier_id)


def _is_buyer(user: Any, commitment: StartDateCommitment) -> bool:
    return access.is_buyer(user, commitment.rollout)


@transaction.atomic
def decline(
    *, by: Any, commitment: StartDateCommitment, reason: str, expected_version: int | None
) -> StartDateCommitment:
    """The supplier declines a commitment that is not yet confirmed, saying why."""
    return _end(
        commitment,
        by=by,
        may=_is_supplier_contact,
        to=S.DECLINED,
        allowed_from=(S.REQUESTED, S.PROPOSED, S.COMMITTED),
        reason=reason,
        expected_version=expected_version,
    )


@transaction.atomic
def withdraw(
    *, by: Any, commitment: StartDateCommitment, reason: str, expected_version: int | None
) -> StartDateCommitment:
    """The buyer withdraws an active commitment, saying why."""
    return _end(
        commitment,
        by=by,
        may=_is_buyer,
        to=S.WITHDRAWN,
        allowed_from=ACTIVE_STATUSES,
        reason=reason,
        expected_version=expected_version,
    )
