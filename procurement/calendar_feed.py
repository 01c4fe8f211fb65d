"""Start-date commitments as an iCalendar feed (RFC 5545): the start and the go-live of each
visible commitment, as all-day events."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from django.utils.translation import gettext as _

from portal import ics
from procurement.models import StartDateCommitment


def _event(uid: str, day: date, summary: str, stamp: str) -> list[str]:
    return [
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{ics.escape(summary)}",
    ]


def _events(commitments: Iterable[StartDateCommitment], stamp: str) -> Iterator[list[str]]:
    for c in commitments:
        org = c.rollout.organisation.name
        yield _event(
            f"commitment-{c.pk}-start@innforingsportalen",
            c.start_on,
            _("Start: %(org)s (%(supplier)s, %(status)s)")
            % {"org": org, "supplier": c.supplier.name, "status": c.get_status_display()},
            stamp,
        )
        yield _event(
            f"commitment-{c.pk}-golive@innforingsportalen",
            c.rollout.wave.go_live,
            _("Go-live: %(org)s") % {"org": org},
            stamp,
        )


def commitments_ics(commitments: Iterable[StartDateCommitment]) -> str:
    return ics.calendar(_("Start dates and go-lives"), _events(commitments, ics.stamp()))
