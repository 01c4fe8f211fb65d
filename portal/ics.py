"""The calendar-feed builder (iCalendar, RFC 5545) every app's feed is written with: the
calendar around the events, TEXT values escaped and long lines folded."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone

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


def utc(value: datetime) -> str:
    """A DATE-TIME in UTC (RFC 5545 3.3.5, form 2)."""
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def stamp() -> str:
    """Now, as a DTSTAMP."""
    return timezone.now().strftime("%Y%m%dT%H%M%SZ")


def calendar(name: str, events: Iterable[list[str]]) -> str:
    """A whole feed named ``name``: each event given as its content lines (without
    BEGIN/END:VEVENT, which are added here), every line folded and ended with CR LF."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Innforingsportalen//NO",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
