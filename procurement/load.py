"""Supplier load: demand from start-date commitments against capacity, per ISO week.

A commitment occupies one implementation slot in every week from the week of its start to the
week of go-live plus stabilisation (``PROCUREMENT_STABILISATION_WEEKS``, default 8), and one
go-live slot in the week of go-live. Requested, proposed, committed and confirmed
commitments count; declined and withdrawn do not. A week without stated capacity has none.

Everything is computed from three queries (suppliers, capacity rows, commitments), whatever
the number of suppliers, weeks and commitments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings

from procurement.models import ACTIVE_STATUSES, Capacity, StartDateCommitment

ONE_WEEK = timedelta(weeks=1)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def stabilisation_weeks() -> int:
    return settings.PROCUREMENT_STABILISATION_WEEKS


def occupied_weeks(start_on: date, go_live: date) -> list[date]:
    """The Mondays of the weeks a commitment occupies."""
    first = monday(start_on)
    last = monday(go_live + timedelta(weeks=stabilisation_weeks()))
    weeks = []
    week = first
    while week <= last:
        weeks.append(week)
        week += ONE_WEEK
    return weeks


@dataclass
class Cell:
    implementations: int = 0
    go_lives: int = 0
    capacity_implementations: int = 0
    capacity_go_lives: int = 0
    # (rollout id, organisation name) of each commitment that takes a slot this week; the id
    # is None for a hypothetical one. Shown only as far as the viewer may see the rollout.
    rollouts: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def over(self) -> bool:
        return (
            self.implementations > self.capacity_implementations
            or self.go_lives > self.capacity_go_lives
        )

    @property
    def level(self) -> str:
        """ "over", "full", "busy", "free" or "none" (nothing asked, nothing stated)."""
        if self.over:
            return "over"
        if not self.capacity_implementations and not self.implementations:
            return "none"
        if self.implementations == self.capacity_implementations:
            return "full"
        return "busy" if self.implementations else "free"


@dataclass
class Load:
    weeks: list[date]
    cells: dict[tuple[int, date], Cell]

    def cell(self, supplier_id: int, week: date) -> Cell:
        return self.cells.get((supplier_id, week)) or Cell()


def weeks_between(first: date, count: int) -> list[date]:
    start = monday(first)
    return [start + ONE_WEEK * i for i in range(count)]


def compute_load(
    supplier_ids: Iterable[int],
    weeks: list[date],
    *,
    exclude: int | None = None,
    extra: Iterable[tuple[int, date, date, str]] = (),
) -> Load:
    """The load of the given suppliers in the given weeks. ``exclude`` leaves one commitment
    out (the one being changed); ``extra`` adds hypothetical ones
    (supplier id, start, go-live, label)."""
    ids = list(supplier_ids)
    cells: dict[tuple[int, date], Cell] = defaultdict(Cell)
    if not weeks or not ids:
        return Load(weeks=weeks, cells={})
    first, last = weeks[0], weeks[-1]
    for supplier_id, week, implementations, go_lives in Capacity.objects.filter(
        supplier_id__in=ids, week__range=(first, last)
    ).values_list("supplier_id", "week", "implementations", "go_lives"):
        cell = cells[(supplier_id, week)]
        cell.capacity_implementations = implementations
        cell.capacity_go_lives = go_lives
    earliest_go_live = first - timedelta(weeks=stabilisation_weeks())
    commitments = StartDateCommitment.objects.filter(
        supplier_id__in=ids,
        status__in=ACTIVE_STATUSES,
        start_on__lte=last + ONE_WEEK,
        rollout__wave__go_live__gte=earliest_go_live,
    )
    if exclude is not None:
        commitments = commitments.exclude(pk=exclude)
    rows: list[tuple[int, date, date, str, int | None]] = list(
        commitments.values_list(
            "supplier_id",
            "start_on",
            "rollout__wave__go_live",
            "rollout__organisation__name",
            "rollout_id",
        )
    )
    rows.extend((*row, None) for row in extra)
    in_range = set(weeks)
    for supplier_id, start_on, go_live, label, rollout_id in rows:
        for week in occupied_weeks(start_on, go_live):
            if week in in_range:
                cell = cells[(supplier_id, week)]
                cell.implementations += 1
                cell.rollouts.append((rollout_id, label))
        go_live_week = monday(go_live)
        if go_live_week in in_range:
            cells[(supplier_id, go_live_week)].go_lives += 1
    return Load(weeks=weeks, cells=dict(cells))


@dataclass
class Overbooking:
    week: date
    kind: str  # "implementations" or "go_lives"
    demand: int
    capacity: int


def overbookings(
    supplier_id: int, start_on: date, go_live: date, *, exclude: int | None = None, label: str = ""
) -> list[Overbooking]:
    """The weeks that would be over capacity if this commitment were added."""
    weeks = occupied_weeks(start_on, go_live)
    load = compute_load(
        [supplier_id], weeks, exclude=exclude, extra=[(supplier_id, start_on, go_live, label)]
    )
    found = []
    for week in weeks:
        cell = load.cell(supplier_id, week)
        if cell.implementations > cell.capacity_implementations:
            found.append(
                Overbooking(
                    week, "implementations", cell.implementations, cell.capacity_implementations
                )
            )
        if cell.go_lives > cell.capacity_go_lives:
            found.append(Overbooking(week, "go_lives", cell.go_lives, cell.capacity_go_lives))
    return found


def feasible_starts(
    supplier_id: int,
    start_on: date,
    go_live: date,
    *,
    exclude: int | None = None,
    wanted: int = 3,
    search_weeks: int = 26,
) -> list[date]:
    """The nearest start dates (Mondays, earlier or later) whose weeks would not be over
    capacity. The go-live week is fixed by the wave; if it is over capacity, no start date
    helps and the list is empty."""
    window_first = monday(start_on) - ONE_WEEK * search_weeks
    last = monday(go_live + timedelta(weeks=stabilisation_weeks()))
    weeks: list[date] = []
    week = window_first
    while week <= last:
        weeks.append(week)
        week += ONE_WEEK
    load = compute_load([supplier_id], weeks, exclude=exclude)

    def fits(candidate: date) -> bool:
        for w in occupied_weeks(candidate, go_live):
            cell = load.cell(supplier_id, w)
            if cell.implementations + 1 > cell.capacity_implementations:
                return False
        gl = load.cell(supplier_id, monday(go_live))
        return gl.go_lives + 1 <= gl.capacity_go_lives

    found: list[date] = []
    origin = monday(start_on)
    for distance in range(0, search_weeks + 1):
        for candidate in {origin - ONE_WEEK * distance, origin + ONE_WEEK * distance}:
            if candidate < monday(go_live) and candidate not in found and fits(candidate):
                found.append(candidate)
        if len(found) >= wanted:
            break
    return sorted(found, key=lambda d: (abs((d - origin).days), d))[:wanted]
