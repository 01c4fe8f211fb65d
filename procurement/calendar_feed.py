"""Start-date commitments as an iCalendar feed (RFC 5545): the start and the go-live of each
visible commitment, as all-day events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from procurement.models import StartDateCommitment

# Control characters a TEXT value may not hold (RFC 5545 3.3.11): all but tab; line breaks
# are written as "\\n" first.
_CONTROL = dict.fromkeys([*range(0x00, 0x09), *range(0x0A, 0x20), 0x7F])


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, every line
    break (CR LF, a bare CR or LF) as "\\n", other control characters left out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
        .translate(_CONTROL)
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 3.1)."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def _event(uid: str, day: date, summary: str, stamp: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(summary)}",
        "END:VEVENT",
    ]


def commitments_ics(commitments: Iterable[StartDateCommitment]) -> str:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Innforingsportalen//NO",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape(_('Start dates and go-lives'))}",
    ]
    for c in commitments:
        org = c.rollout.organisation.name
        lines += _event(
            f"commitment-{c.pk}-start@innforingsportalen",
            c.start_on,
            _("Start: %(org)s (%(supplier)s, %(status)s)")
            % {"org": org, "supplier": c.supplier.name, "status": c.get_status_display()},
            stamp,
        )
        lines += _event(
            f"commitment-{c.pk}-golive@innforingsportalen",
            c.rollout.wave.go_live,
            _("Go-live: %(org)s") % {"org": org},
            stamp,
        )
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
