"""The reviewer's findings in the rollout app, one test (or a few) per finding: go decisions
per wave, methodology roll-outs that keep what they must, waves that have gone live, races
that end in a clear 400, safe version parsing, required versions on edit forms, the report
deadline's working day, evidence files, and an admin that does not bypass the services."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import IntegrityError, close_old_connections, transaction
from django.db.models.query import QuerySet
from django.test import RequestFactory
from django.urls import reverse

from portal.concurrency import ConcurrentEditError
from portal.models import Organisation
from rollout.calendar import nth_working_day, report_deadline
from rollout.models import (
    BlackoutPeriod,
    Collaboration,
    GoDecision,
    Methodology,
    Milestone,
    MilestoneTemplate,
    Rollout,
    RolloutStatus,
    StatusReport,
    Wave,
    WaveChangeRequest,
    WaveStatus,
)
from rollout.services import changes, methodology, plan, readiness, reports
from tests.personas import World

PDF = b"%PDF-1.7\n% evidence\n"


def _pdf(name: str = "akseptanse.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@contextmanager
def _pre_check_misses(model: type) -> Any:
    """The race: another request inserts between the service's check and its insert. The
    check (``exists()`` / ``first()`` on ``model``) sees nothing of what is already there."""
    real_exists, real_first = QuerySet.exists, QuerySet.first

    def exists(self: QuerySet) -> bool:
        return False if self.model is model else real_exists(self)

    def first(self: QuerySet) -> Any:
        return None if self.model is model else real_first(self)

    with (
        mock.patch.object(QuerySet, "exists", exists),
        mock.patch.object(QuerySet, "first", first),
    ):
        yield


def _later_wave(world: World) -> Wave:
    return Wave.objects.get(collaboration=world["collab:central"], name="Pulje 2")


# 1. A go decision counts only for the rollout's current wave. -------------------------------


def _go(world: World, rollout: Rollout, decided_on: date, decision: str = "go") -> GoDecision:
    return readiness.record_decision(
        by=world.people["steering_central"],
        rollout=rollout,
        decided_on=decided_on,
        decision=decision,
        rationale="Vurdert i styringsgruppen.",
    )


def _mark_live(world: World, rollout: Rollout) -> Rollout:
    rollout.refresh_from_db()
    return plan.set_rollout_status(
        by=world.people["steering_central"],
        rollout=rollout,
        status=RolloutStatus.LIVE,
        expected_version=rollout.version,
    )


def test_a_go_decision_is_recorded_for_the_current_wave(world: World) -> None:
    rollout = world["rollout:levanger"]
    decision = _go(world, rollout, date(2027, 3, 13))
    assert decision.wave_id == rollout.wave_id
    assert decision.allows_go_live


def test_an_old_go_does_not_count_after_the_rollout_changed_wave(world: World) -> None:
    rollout = world["rollout:levanger"]
    _go(world, rollout, date(2027, 3, 13))
    changes.decide_wave_change(
        by=world.people["steering_central"],
        request=world["change:levanger"],
        approve=True,
        reason="Godkjent.",
    )
    with pytest.raises(ValidationError) as exc:
        _mark_live(world, rollout)
    assert "status" in exc.value.message_dict
    rollout.refresh_from_db()
    assert rollout.status != RolloutStatus.LIVE
    # A go for the new wave allows it.
    _go(world, rollout, date(2027, 9, 18))
    assert _mark_live(world, rollout).status == RolloutStatus.LIVE


def test_a_decision_without_a_wave_does_not_count(world: World) -> None:
    rollout = world["rollout:levanger"]
    GoDecision.objects.create(
        rollout=rollout,
        decided_on=date(2027, 3, 13),
        decision="go",
        rationale="Registrert før puljen ble lagret på beslutningen.",
    )
    with pytest.raises(ValidationError):
        _mark_live(world, rollout)


def test_the_latest_decision_of_the_current_wave_decides(world: World) -> None:
    rollout = world["rollout:levanger"]
    _go(world, rollout, date(2027, 3, 13))
    _go(world, rollout, date(2027, 3, 20), decision="no_go")
    with pytest.raises(ValidationError):
        _mark_live(world, rollout)


# 2. Rolling out a methodology version. ------------------------------------------------------


def _version(world: World, *, drop: tuple[str, ...] = (), shift_days: int = 0) -> Methodology:
    """A published new version of the default methodology: every offset moved by
    ``shift_days``, the templates with the codes ``drop`` removed."""
    ks = world.people["ks_editor"]
    draft = methodology.new_version(by=ks, source=world["methodology:default"], notes="Ny")
    draft.milestones.filter(code__in=drop).delete()
    if shift_days:
        for template in draft.milestones.all():
            methodology.update_template(
                by=ks, template=template, offset_days=template.offset_days + shift_days
            )
    return methodology.publish(by=ks, methodology=draft)


def test_completed_and_own_due_milestones_keep_their_dates(world: World) -> None:
    rollout = world["rollout:levanger"]
    lead = world.people["levanger_lead"]
    first, second, third = rollout.milestones.order_by("template__order")[:3]
    plan.update_milestone(
        by=lead, milestone=first, expected_version=first.version, completed_on=date(2026, 1, 5)
    )
    plan.update_milestone(
        by=lead,
        milestone=second,
        expected_version=second.version,
        own_due=date(2026, 2, 2),
        own_due_reason="Kommunestyret møtes da.",
    )
    version = _version(world, shift_days=7)
    preview = {c.code: c for c in methodology.preview(rollout, version)}
    methodology.apply_methodology(
        by=world.people["ks_editor"], rollout=rollout, methodology=version
    )
    for milestone in (first, second, third):
        before_due, before_version = milestone.due, milestone.version
        milestone.refresh_from_db()
        change = preview[milestone.template.code]
        assert change.due_after == milestone.due  # the preview says what apply does
        if milestone.pk == third.pk:
            assert milestone.due == before_due + timedelta(days=7)
            assert change.kind == "moved"
        else:
            assert milestone.due == before_due
            assert change.kind == "unchanged"
        assert milestone.version == before_version + 1  # its template changed, at least


def test_a_milestone_with_progress_or_decisions_is_not_removed(world: World) -> None:
    levanger, verdal = world["rollout:levanger"], world["rollout:verdal"]
    first = levanger.milestones.get(template__code="political-decision")
    plan.log_progress(
        by=world.people["levanger_lead"],
        rollout=levanger,
        milestone=first,
        text="Saken er sendt til kommunestyret.",
    )
    version = _version(world, drop=("political-decision", "go-no-go"))
    ks = world.people["ks_editor"]
    with pytest.raises(ValidationError) as exc:
        methodology.apply_methodology(by=ks, rollout=levanger, methodology=version)
    assert first.template.title in str(exc.value)
    assert levanger.milestones.filter(pk=first.pk).exists()
    assert first.progress.count() == 1
    # Verdal's gate has the steering group's no-go: refused, not a ProtectedError.
    gate = world["decision:verdal"].milestone
    with pytest.raises(ValidationError) as exc:
        methodology.apply_methodology(by=ks, rollout=verdal, methodology=version)
    assert gate.template.title in str(exc.value)
    verdal.refresh_from_db()
    assert verdal.methodology == world["methodology:default"]


def test_refusing_a_removal_on_the_page_is_a_400(world: World, client_for: Any) -> None:
    version = _version(world, drop=("go-no-go",))
    response = client_for("ks_editor").post(
        reverse("rollout:rollout-methodology", args=[world["rollout:verdal"].pk, version.pk]),
        {"confirm": "on"},
    )
    assert response.status_code == 400


# 3. Waves that are live, completed milestones, live and withdrawn rollouts. -----------------


def test_the_go_live_of_a_live_wave_does_not_move(world: World) -> None:
    wave = world["wave:other"]
    Rollout.objects.filter(wave=wave).update(status=RolloutStatus.LIVE)
    Wave.objects.filter(pk=wave.pk).update(status=WaveStatus.LIVE)
    wave.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        plan.update_wave(
            by=world.people["steering_other"],
            wave=wave,
            expected_version=wave.version,
            go_live=date(2027, 5, 22),
        )
    assert "go_live" in exc.value.message_dict
    wave.refresh_from_db()
    assert wave.go_live == date(2027, 5, 8)


def test_replanning_leaves_completed_milestones_and_finished_rollouts(world: World) -> None:
    wave = world["wave:central"]
    levanger, verdal = world["rollout:levanger"], world["rollout:verdal"]
    done = levanger.milestones.get(template__code="political-decision")
    plan.update_milestone(
        by=world.people["levanger_lead"],
        milestone=done,
        expected_version=done.version,
        completed_on=date(2026, 1, 5),
    )
    Rollout.objects.filter(pk=verdal.pk).update(status=RolloutStatus.WITHDRAWN)
    verdal_before = dict(verdal.milestones.values_list("pk", "due"))
    done.refresh_from_db()
    plan.update_wave(
        by=world.people["steering_central"],
        wave=wave,
        expected_version=wave.version,
        go_live=date(2027, 4, 24),
    )
    assert Milestone.objects.get(pk=done.pk).due == done.due
    other = levanger.milestones.exclude(pk=done.pk).select_related("template").first()
    assert other.due == date(2027, 4, 24) + timedelta(days=other.template.offset_days)
    assert dict(verdal.milestones.values_list("pk", "due")) == verdal_before


@pytest.mark.parametrize("status", [WaveStatus.CANCELLED, WaveStatus.LIVE])
def test_no_rollout_is_placed_in_a_cancelled_or_live_wave(world: World, status: str) -> None:
    wave = _later_wave(world)
    Wave.objects.filter(pk=wave.pk).update(status=status)
    wave.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        plan.create_rollout(
            by=world.people["steering_central"],
            collaboration=world["collab:central"],
            organisation=Organisation.objects.get(name="Trondheim"),
            wave=wave,
        )
    assert "wave" in exc.value.message_dict


# 4. Races end in a ValidationError naming the field, not a 500. -----------------------------


def test_a_second_pending_wave_change_in_a_race(world: World) -> None:
    rollout = world["rollout:levanger"]
    with _pre_check_misses(WaveChangeRequest), pytest.raises(ValidationError) as exc:
        changes.request_wave_change(
            by=world.people["levanger_lead"],
            rollout=rollout,
            to_wave=_later_wave(world),
            reason="Igjen.",
        )
    assert "to_wave" in exc.value.message_dict
    assert rollout.wave_changes.count() == 1


def test_a_wave_name_clash_in_a_race(world: World) -> None:
    with _pre_check_misses(Wave), pytest.raises(ValidationError) as exc:
        plan.create_wave(
            by=world.people["steering_central"],
            collaboration=world["collab:central"],
            name="Pulje 1",
            go_live=date(2027, 4, 24),
        )
    assert "name" in exc.value.message_dict


def test_an_organisation_placed_twice(world: World) -> None:
    values = {
        "by": world.people["steering_central"],
        "collaboration": world["collab:central"],
        "organisation": world["org:levanger"],
        "wave": _later_wave(world),
    }
    with pytest.raises(ValidationError) as exc:
        plan.create_rollout(**values)
    assert "organisation" in exc.value.message_dict
    with _pre_check_misses(Rollout), pytest.raises(ValidationError) as exc:
        plan.create_rollout(**values)
    assert "organisation" in exc.value.message_dict


def test_two_new_methodology_versions_in_a_race(world: World) -> None:
    with _pre_check_misses(Methodology), pytest.raises(ValidationError) as exc:
        methodology.new_version(
            by=world.people["ks_editor"], source=world["methodology:default"], notes="Samtidig"
        )
    assert "version" in exc.value.message_dict
    assert Methodology.objects.count() == 1


def test_a_methodology_race_on_the_page_is_not_a_500(world: World, client_for: Any) -> None:
    url = reverse("rollout:methodology-new-version", args=[world["methodology:default"].pk])
    with _pre_check_misses(Methodology):
        response = client_for("ks_editor").post(url, {"notes": "Samtidig"})
    assert response.status_code in (302, 400)
    assert Methodology.objects.count() == 1


# 5. Submitting a report: a safe version, and never twice. -----------------------------------


@pytest.mark.parametrize("version", ["abc", "", "1.5", "-1"])
def test_submitting_with_a_bad_version_is_refused(
    world: World, client_for: Any, version: str
) -> None:
    report = world["report:levanger"]
    response = client_for("levanger_lead").post(
        reverse("rollout:report-submit", args=[report.pk]), {"version": version, "confirm": "yes"}
    )
    assert response.status_code in (302, 400)
    report.refresh_from_db()
    assert report.state == "draft"


def test_the_page_submits_with_the_version(world: World, client_for: Any) -> None:
    report = world["report:levanger"]
    response = client_for("levanger_lead").post(
        reverse("rollout:report-submit", args=[report.pk]),
        {"version": report.version, "confirm": "yes"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted"


def test_a_second_submit_never_overwrites_the_first(world: World) -> None:
    lead = world.people["levanger_lead"]
    first = world["report:levanger"]
    second = StatusReport.objects.get(pk=first.pk)  # read before the first submit
    reports.submit_report(by=lead, report=first, expected_version=first.version)
    submitted = StatusReport.objects.values("submitted_at", "submitted_by", "version").get(
        pk=first.pk
    )
    with pytest.raises((ValidationError, ConcurrentEditError)):
        reports.submit_report(by=lead, report=second, expected_version=None)
    assert (
        StatusReport.objects.values("submitted_at", "submitted_by", "version").get(pk=first.pk)
        == submitted
    )


# 6. The version is required on every edit form. ---------------------------------------------


def _without_version(world: World, name: str) -> tuple[str, str, dict[str, Any]]:
    """(persona, url, a valid POST without the version) for each edit form."""
    if name == "wave":
        wave = world["wave:central"]
        return (
            "steering_central",
            reverse("rollout:wave-edit", args=[wave.pk]),
            {"name": "Pulje 1", "go_live": "2027-04-24", "status": "planned"},
        )
    if name == "report":
        report = world["report:levanger"]
        return (
            "levanger_lead",
            reverse("rollout:report-detail", args=[report.pk]),
            {
                **dict.fromkeys(
                    [
                        "overall",
                        "rag_schedule",
                        "rag_build",
                        "rag_integrations",
                        "rag_data_migration",
                        "rag_training",
                        "rag_organisation",
                    ],
                    "green",
                ),
                "summary": "Uten versjon",
            },
        )
    if name == "risk":
        risk = world["risk:levanger"]
        return (
            "levanger_lead",
            reverse("rollout:risk-detail", args=[risk.pk]),
            {
                "title": "Uten versjon",
                "probability": 2,
                "impact": 2,
                "owner": "Noen",
                "status": risk.status,
            },
        )
    if name == "milestone":
        milestone = world["milestone:levanger"]
        return (
            "levanger_lead",
            reverse("rollout:milestone-detail", args=[milestone.pk]),
            {f"m{milestone.pk}-note": "Uten versjon"},
        )
    if name == "training":
        rollout = world["rollout:levanger"]
        return (
            "levanger_lead",
            reverse("rollout:training-edit", args=[rollout.pk]),
            {
                "end_users_to_train": 900,
                "end_users_trained": 10,
                "super_users": 1,
                "instructors_certified": 0,
            },
        )
    criterion = world["criterion:levanger"]
    return (
        "levanger_lead",
        reverse("rollout:criterion-detail", args=[criterion.pk]),
        {"owner": "Uten versjon", "status": "met"},
    )


@pytest.mark.parametrize(
    ("name", "obj"),
    [
        ("wave", "wave:central"),
        ("report", "report:levanger"),
        ("risk", "risk:levanger"),
        ("milestone", "milestone:levanger"),
        ("training", "rollout:levanger"),
        ("criterion", "criterion:levanger"),
    ],
)
def test_an_edit_without_the_version_is_refused(
    world: World, client_for: Any, name: str, obj: str
) -> None:
    persona, url, data = _without_version(world, name)
    target = world[obj]
    before = type(target).objects.values().get(pk=target.pk)
    response = client_for(persona).post(url, data)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()  # the person is told, not left guessing
    assert type(target).objects.values().get(pk=target.pk) == before


def test_create_forms_need_no_version(world: World, client_for: Any) -> None:
    central = world["collab:central"]
    response = client_for("steering_central").post(
        reverse("rollout:wave-create", args=[central.pk]),
        {"name": "Pulje 3", "go_live": "2028-04-22", "status": "planned"},
    )
    assert response.status_code == 302
    lead = client_for("levanger_lead")
    rollout = world["rollout:levanger"]
    response = lead.post(
        reverse("rollout:risk-create", args=[rollout.pk]),
        {"title": "Ny risiko", "probability": 2, "impact": 3, "owner": "Meg", "status": "open"},
    )
    assert response.status_code == 302
    response = lead.post(
        reverse("rollout:report-create", args=[rollout.pk]),
        {
            "period": "2026-11",
            **dict.fromkeys(
                [
                    "overall",
                    "rag_schedule",
                    "rag_build",
                    "rag_integrations",
                    "rag_data_migration",
                    "rag_training",
                    "rag_organisation",
                ],
                "green",
            ),
            "summary": "Ny rapport",
        },
    )
    assert response.status_code == 302


# 7. The report deadline's working day. -----------------------------------------------------


def test_the_deadline_working_day_is_between_1_and_20(world: World) -> None:
    central = world["collab:central"]
    for wrong in (0, 21):
        central.report_deadline_working_day = wrong
        with pytest.raises(ValidationError) as exc:
            central.full_clean()
        assert "report_deadline_working_day" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Collaboration.objects.filter(pk=central.pk).update(report_deadline_working_day=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Collaboration.objects.filter(pk=central.pk).update(report_deadline_working_day=25)


def test_nth_working_day_stays_in_the_month(db: Any) -> None:
    # January 2027 has 20 working days (the 1st is New Year's Day); the last is Friday 29th.
    assert nth_working_day(2027, 1, 20) == date(2027, 1, 29)
    assert nth_working_day(2027, 1, 23) == date(2027, 1, 29)
    assert report_deadline(date(2026, 12, 1), 23) == date(2027, 1, 29)
    # Before, n < 1 counted on for ever.
    with pytest.raises(ValueError):
        nth_working_day(2027, 1, 0)
    with pytest.raises(ValueError):
        nth_working_day(2027, 1, -3)


# 8. Evidence files. ------------------------------------------------------------------------


def _stored(root: Any) -> list[Any]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_refused_evidence_update_leaves_no_file(
    world: World, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    criterion = world["criterion:levanger"]
    lead = world.people["levanger_lead"]
    with pytest.raises(ValidationError):
        readiness.update_criterion(
            by=lead,
            criterion=criterion,
            expected_version=criterion.version,
            evidence_file=_pdf(),
            evidence_link="not a link",
        )
    assert _stored(tmp_path) == []
    criterion.refresh_from_db()
    with pytest.raises(ConcurrentEditError):
        readiness.update_criterion(
            by=lead,
            criterion=criterion,
            expected_version=criterion.version + 5,
            evidence_file=_pdf(),
        )
    assert _stored(tmp_path) == []
    criterion.refresh_from_db()
    assert not criterion.evidence_file


def test_a_replaced_evidence_file_is_deleted_after_commit(
    world: World, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    criterion = world["criterion:levanger"]
    lead = world.people["levanger_lead"]
    with django_capture_on_commit_callbacks(execute=True):
        readiness.update_criterion(
            by=lead, criterion=criterion, expected_version=criterion.version, evidence_file=_pdf()
        )
    first = criterion.evidence_file.name
    assert criterion.evidence_file.storage.exists(first)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        readiness.update_criterion(
            by=lead,
            criterion=criterion,
            expected_version=criterion.version,
            evidence_file=_pdf("ny.pdf"),
        )
    assert criterion.evidence_file.storage.exists(first)  # not before the commit
    for callback in callbacks:
        callback()
    assert not criterion.evidence_file.storage.exists(first)
    criterion.refresh_from_db()
    assert criterion.evidence_file.name.endswith("ny.pdf")
    assert [p.name for p in _stored(tmp_path)] == ["ny.pdf"]


def test_the_evidence_file_is_downloaded_only_by_those_who_see_the_criterion(
    world: World, client_for: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    criterion = world["criterion:levanger"]
    url = reverse("rollout:criterion-evidence", args=[criterion.pk])
    assert client_for("verdal_lead").get(url).status_code == 404  # no file yet
    readiness.update_criterion(
        by=world.people["levanger_lead"],
        criterion=criterion,
        expected_version=criterion.version,
        evidence_file=_pdf(),
    )
    response = client_for("verdal_lead").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "akseptanse.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    # Close the response as the test client does for its requests: without letting
    # request_finished close the database connection in the middle of the test's transaction.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    for stranger in ("steering_other", "supplier_a", "outsider"):
        assert client_for(stranger).get(url).status_code == 404, stranger
    page = client_for("steering_central").get(
        reverse("rollout:criterion-detail", args=[criterion.pk])
    )
    assert url in page.content.decode()


# 9. The admin does not bypass the services. ------------------------------------------------


def test_the_admin_only_shows_what_the_services_write(db: Any) -> None:
    request = RequestFactory().get("/admin/")
    request.user = SimpleNamespace(
        is_active=True, is_staff=True, is_superuser=True, has_perm=lambda *args: True
    )
    # Collaborations and blackout periods have services (and KS staff pages) now, too.
    for model in (Wave, Rollout, Methodology, MilestoneTemplate, BlackoutPeriod, Collaboration):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
