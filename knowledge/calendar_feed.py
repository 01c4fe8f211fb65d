"""Meetings as an iCalendar feed (RFC 5545)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone

from knowledge.models import Meeting
from procurement.calendar_feed import escape, fold


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meetings_ics(meetings: Iterable[Meeting]) -> str:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Innforingsportalen//NO",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Innforingsportalen",
    ]
    for m in meetings:
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{m.pk}@innforingsportalen",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(m.starts_at)}",
            f"DTEND:{_utc(m.ends_at)}",
            f"SUMMARY:{escape(m.title)}",
        ]
        if m.place:
            lines.append(f"LOCATION:{escape(m.place)}")
        if m.link:
            lines.append(f"URL:{m.link}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
