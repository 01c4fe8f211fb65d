"""Go-live dates: Norwegian public holidays, blackout periods, default weekday, working days.

A go-live inside a blackout period is refused unless the steering group overrides it with a
reason. Blackout periods are the Norwegian public holidays (from the ``holidays`` package; the
whole Easter from Maundy Thursday to Easter Monday), the recurring periods of the setting
``ROLLOUT_RECURRING_BLACKOUTS`` (by default the fellesferie weeks 28–31 and Christmas to New
Year) and the periods KS staff add as :class:`~rollout.models.BlackoutPeriod` rows.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays
from dateutil.easter import easter
from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

SATURDAY = 5


@lru_cache(maxsize=64)
def _public_holidays(year: int, language: str) -> dict[date, str]:
    days = dict(
        holidays.Norway(
            years=year, include_sundays=False, language="en_US" if language == "en" else "no"
        ).items()
    )
    sunday = easter(year)
    name = _("Easter") if language == "en" else "Påske"
    for offset in range(-3, 2):  # Maundy Thursday .. Easter Monday, Easter Saturday included
        days.setdefault(sunday + timedelta(days=offset), name)
    return days


def public_holiday(day: date) -> str | None:
    """The name of the Norwegian public holiday on ``day``, if it is one."""
    language = "en" if (get_language() or "").startswith("en") else "nb"
    return _public_holidays(day.year, language).get(day)


def _recurring(day: date) -> list[str]:
    english = (get_language() or "").startswith("en")
    reasons = []
    for rule in settings.ROLLOUT_RECURRING_BLACKOUTS:
        name = str(rule.get("name_en") if english and rule.get("name_en") else rule["name"])
        if "iso_weeks" in rule:
            first, last = rule["iso_weeks"]
            if first <= day.isocalendar().week <= last:
                reasons.append(name)
        else:
            start = (rule["from"][0], rule["from"][1])
            end = (rule["to"][0], rule["to"][1])
            md = (day.month, day.day)
            inside = start <= md <= end if start <= end else (md >= start or md <= end)
            if inside:
                reasons.append(name)
    return reasons


def blackout_reasons(day: date, collaboration: Any = None) -> list[str]:
    """Why ``day`` is in a blackout period; an empty list when it is not."""
    from rollout.models import BlackoutPeriod

    reasons = []
    holiday = public_holiday(day)
    if holiday:
        reasons.append(holiday)
    reasons.extend(_recurring(day))
    periods = BlackoutPeriod.objects.filter(starts_on__lte=day, ends_on__gte=day)
    scope = Q(collaboration__isnull=True)
    if collaboration is not None:
        scope |= Q(collaboration=collaboration)
    reasons.extend(p.name for p in periods.filter(scope))
    return reasons


def blackout_days(first: date, last: date, collaboration: Any = None) -> dict[date, list[str]]:
    """Every blackout day from ``first`` to ``last`` with its reasons, from one query."""
    from rollout.models import BlackoutPeriod

    scope = Q(collaboration__isnull=True)
    if collaboration is not None:
        scope |= Q(collaboration=collaboration)
    periods = list(
        BlackoutPeriod.objects.filter(scope, starts_on__lte=last, ends_on__gte=first).values_list(
            "name", "starts_on", "ends_on"
        )
    )
    found: dict[date, list[str]] = {}
    day = first
    while day <= last:
        reasons = []
        holiday = public_holiday(day)
        if holiday:
            reasons.append(holiday)
        reasons.extend(_recurring(day))
        reasons.extend(name for name, start, end in periods if start <= day <= end)
        if reasons:
            found[day] = reasons
        day += timedelta(days=1)
    return found


def go_live_warnings(day: date) -> list[str]:
    """Soft warnings: a go-live on another weekday than Saturday."""
    if day.weekday() != SATURDAY:
        return [
            _(
                "Go-lives are normally on a Saturday (the night to Saturday); %(date)s is "
                "not a Saturday."
            )
            % {"date": day.strftime("%d.%m.%Y")}
        ]
    return []


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY and public_holiday(day) is None


def nth_working_day(year: int, month: int, n: int) -> date:
    """The ``n``-th working day of a month (Monday to Friday, not a public holiday); the
    month's last working day when it has fewer than ``n``. ``n`` must be at least 1."""
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    day = date(year, month, 1)
    last = None
    count = 0
    while day.month == month:
        if is_working_day(day):
            last = day
            count += 1
            if count == n:
                return day
        day += timedelta(days=1)
    if last is None:  # no month is without working days; never loop past the month anyway
        raise ValueError(f"{year}-{month:02d} has no working days")
    return last


def report_deadline(period: date, working_day: int) -> date:
    """When the status report for the month ``period`` is due: the given working day of the
    following month."""
    following = (period.replace(day=1) + timedelta(days=32)).replace(day=1)
    return nth_working_day(following.year, following.month, working_day)
