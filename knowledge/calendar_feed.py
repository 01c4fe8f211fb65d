"""Meetings as an iCalendar feed (RFC 5545)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from knowledge.models import Meeting
from portal import ics


def _events(meetings: Iterable[Meeting], stamp: str) -> Iterator[list[str]]:
    for m in meetings:
        lines = [
            f"UID:meeting-{m.pk}@innforingsportalen",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{ics.utc(m.starts_at)}",
            f"DTEND:{ics.utc(m.ends_at)}",
            f"SUMMARY:{ics.escape(m.title)}",
        ]
        if m.place:
            lines.append(f"LOCATION:{ics.escape(m.place)}")
        if m.link:
            lines.append(f"URL:{m.link}")
        yield lines


def meetings_ics(meetings: Iterable[Meeting]) -> str:
    return ics.calendar("Innforingsportalen", _events(meetings, ics.stamp()))
