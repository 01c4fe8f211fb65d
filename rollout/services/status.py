"""The status of a rollout, defined once: what the steering group reads on every page, in the
API and in exports.

The rule (also in docs/rollout.md), evaluated on a Europe/Oslo ``today``:

1. **Withdrawn** or **live**: the rollout's own stage says so (a live rollout still names its
   overdue milestones among the reasons).
2. **Go-live passed**: the current wave's go-live is before today and the rollout is not live,
   whatever the reason (no go decision, a no-go, or a go without going live).
3. **Off track**: the latest *submitted* status report is red, or a milestone is overdue by
   more than ``OFF_TRACK_OVERDUE_DAYS`` days.
4. **At risk**: the latest submitted status report is amber, or any milestone is overdue, or
   the status report for the last month whose deadline has passed is missing.
5. **On track** otherwise.

Drafts never count. A report is expected for a month in which the rollout existed, by the
collaboration's deadline (``report_deadline``: the n-th working day of the following month);
a submitted report of a later month answers for it too.

``statuses_for(rollouts)`` answers for a whole list in one query (subqueries per rollout, no
per-row queries); ``status_of(rollout)`` is the same for one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models
from django.db.models import Count, Exists, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rollout.calendar import report_deadline
from rollout.models import (
    RAG,
    Decision,
    GoDecision,
    Milestone,
    Rollout,
    RolloutStatus,
    StatusReport,
    StatusReportState,
)

# A milestone overdue by more than this many days puts the rollout off track (a month: one
# status report period without catching up).
OFF_TRACK_OVERDUE_DAYS = 30


class TrackStatus(models.TextChoices):
    """The steering group's status of a rollout (not its stage: see ``RolloutStatus``)."""

    ON_TRACK = "on_track", gettext_lazy("On track")
    AT_RISK = "at_risk", gettext_lazy("At risk")
    OFF_TRACK = "off_track", gettext_lazy("Off track")
    GO_LIVE_PASSED = "go_live_passed", gettext_lazy("Go-live passed")
    LIVE = "live", gettext_lazy("Live")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")


@dataclass(frozen=True)
class RolloutHealth:
    """A rollout's status with the facts it was decided on and the reasons, in words."""

    status: TrackStatus
    reasons: list[str] = field(default_factory=list)
    latest_report: str | None = None  # RAG value of the latest submitted report
    latest_report_period: date | None = None
    overdue_milestones: int = 0
    worst_overdue_days: int = 0
    missing_report_period: date | None = None
    go_live_passed: bool = False

    @property
    def label(self) -> str:
        return str(self.status.label)

    @property
    def value(self) -> str:
        return str(self.status.value)


def _month_before(day: date) -> date:
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def expected_report_period(today: date, working_day: int) -> date:
    """The last month whose status report is due by ``today``: last month once its deadline
    has passed, else the month before."""
    last_month = _month_before(today)
    if today > report_deadline(last_month, working_day):
        return last_month
    return _month_before(last_month)


def _annotated(queryset: models.QuerySet[Rollout], today: date) -> models.QuerySet[Rollout]:
    """The facts of the rule as subqueries per rollout: one query for any number of them."""
    submitted = StatusReport.objects.filter(
        rollout=OuterRef("pk"), state=StatusReportState.SUBMITTED
    ).order_by("-period", "-revision")
    overdue = (
        Milestone.objects.filter(rollout=OuterRef("pk"), completed_on__isnull=True, due__lt=today)
        .order_by()
        .values("rollout")
    )
    last_month = _month_before(today)
    decision = GoDecision.objects.filter(rollout=OuterRef("pk"), wave=OuterRef("wave_id")).order_by(
        "-decided_on", "-id"
    )
    return queryset.annotate(
        st_latest_overall=Subquery(submitted.values("overall")[:1]),
        st_latest_period=Subquery(submitted.values("period")[:1]),
        st_overdue=Coalesce(
            Subquery(overdue.annotate(n=Count("pk")).values("n")),
            0,
            output_field=models.IntegerField(),
        ),
        st_oldest_overdue=Subquery(overdue.annotate(d=Min("due")).values("d")),
        # A report for the month due, or for a later month, answers for it.
        st_has_last_month=Exists(submitted.filter(period__gte=last_month)),
        st_has_month_before=Exists(submitted.filter(period__gte=_month_before(last_month))),
        st_decision=Subquery(decision.values("decision")[:1]),
        st_go_live=models.F("wave__go_live"),
        st_working_day=models.F("collaboration__report_deadline_working_day"),
    )


def _month(day: date) -> str:
    return date_format(day, "F Y")


def _day(day: date) -> str:
    return date_format(day, "j. F Y")


def _assess(row: Rollout, today: date) -> RolloutHealth:
    stage = row.status
    overdue = int(row.st_overdue or 0)  # type: ignore[attr-defined]
    oldest: date | None = row.st_oldest_overdue  # type: ignore[attr-defined]
    worst = (today - oldest).days if oldest else 0
    latest: str | None = row.st_latest_overall  # type: ignore[attr-defined]
    latest_period: date | None = row.st_latest_period  # type: ignore[attr-defined]
    go_live: date = row.st_go_live  # type: ignore[attr-defined]

    reasons: list[str] = []
    if overdue:
        late = ngettext("%(n)s day", "%(n)s days", worst) % {"n": worst}
        reasons.append(
            ngettext(
                "%(count)s milestone overdue, by %(late)s.",
                "%(count)s milestones overdue, the worst by %(late)s.",
                overdue,
            )
            % {"count": overdue, "late": late}
        )

    if stage == RolloutStatus.WITHDRAWN:
        return RolloutHealth(TrackStatus.WITHDRAWN, [_("The rollout is withdrawn.")])
    if stage == RolloutStatus.LIVE:
        return RolloutHealth(
            TrackStatus.LIVE,
            [_("The rollout is marked live."), *reasons],
            overdue_milestones=overdue,
            worst_overdue_days=worst,
        )

    if latest is None:
        reasons.insert(0, _("No status report submitted yet."))
    else:
        assert latest_period is not None
        reasons.insert(
            0,
            _("Latest status report (%(month)s): %(colour)s.")
            % {"month": _month(latest_period), "colour": str(RAG(latest).label).lower()},
        )
    if not overdue:
        reasons.append(_("No milestone is overdue."))

    missing: date | None = None
    working_day: int = row.st_working_day  # type: ignore[attr-defined]
    expected = expected_report_period(today, working_day)
    has_expected = (
        row.st_has_last_month  # type: ignore[attr-defined]
        if expected == _month_before(today)
        else row.st_has_month_before  # type: ignore[attr-defined]
    )
    existed = timezone.localtime(row.created_at).date() < _next_month(expected)
    if existed and not has_expected:
        missing = expected
        reasons.append(
            _("The status report for %(month)s is missing (due %(deadline)s).")
            % {"month": _month(expected), "deadline": _day(report_deadline(expected, working_day))}
        )

    passed = go_live < today
    if passed:
        decision = row.st_decision  # type: ignore[attr-defined]
        if decision in (Decision.GO, Decision.GO_WITH_CONDITIONS):
            text = _("Go-live %(date)s has passed; the go was given but the rollout is not live.")
        elif decision == Decision.NO_GO:
            text = _("Go-live %(date)s has passed after a no-go decision.")
        else:
            text = _("Go-live %(date)s has passed without a go decision.")
        reasons.insert(0, text % {"date": _day(go_live)})
        status = TrackStatus.GO_LIVE_PASSED
    elif latest == RAG.RED or worst > OFF_TRACK_OVERDUE_DAYS:
        status = TrackStatus.OFF_TRACK
    elif latest == RAG.AMBER or overdue or missing is not None:
        status = TrackStatus.AT_RISK
    else:
        status = TrackStatus.ON_TRACK
    return RolloutHealth(
        status,
        reasons,
        latest_report=latest,
        latest_report_period=latest_period,
        overdue_milestones=overdue,
        worst_overdue_days=worst,
        missing_report_period=missing,
        go_live_passed=passed,
    )


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def statuses_for(
    rollouts: Iterable[Rollout | int], *, today: date | None = None
) -> dict[int, RolloutHealth]:
    """The status of each rollout (objects or ids), by id, in one query."""
    today = today or timezone.localdate()
    ids = [r if isinstance(r, int) else r.pk for r in rollouts]
    if not ids:
        return {}
    rows = _annotated(Rollout.objects.filter(pk__in=ids).order_by(), today).only(
        "pk", "status", "created_at"
    )
    return {row.pk: _assess(row, today) for row in rows}


def status_of(rollout: Rollout | int, *, today: date | None = None) -> RolloutHealth:
    """The status of one rollout."""
    pk = rollout if isinstance(rollout, int) else rollout.pk
    return statuses_for([pk], today=today)[pk]


def attach_statuses(rollouts: Iterable[Rollout], *, today: date | None = None) -> list[Rollout]:
    """The rollouts as a list, each with its status as ``rollout.health`` (for templates)."""
    items = list(rollouts)
    statuses = statuses_for(items, today=today)
    for rollout in items:
        rollout.health = statuses[rollout.pk]  # type: ignore[attr-defined]
    return items
