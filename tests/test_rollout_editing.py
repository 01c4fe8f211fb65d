"""Editing a rollout as its project lead: the inline milestone update, reports that never
change once submitted, evidence files, and no lost updates."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.concurrency import ConcurrentEditError
from rollout.models import StatusReport
from rollout.services import plan, readiness, reports
from tests.personas import World


def _milestone_post(milestone: Any, **values: Any) -> dict[str, Any]:
    prefix = f"m{milestone.pk}-"
    data = {"version": milestone.version, "note": "", "own_due_reason": "", "progress": ""}
    data.update(values)
    return {prefix + k: v for k, v in data.items() if v is not None}


def test_the_project_lead_completes_a_milestone_inline(world: World, client_for: Any) -> None:
    milestone = world["milestone:levanger"]
    response = client_for("levanger_lead").post(
        reverse("rollout:milestone-detail", args=[milestone.pk]),
        _milestone_post(milestone, completed="on", progress="Vedtak fattet i kommunestyret."),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="m-{milestone.pk}"')
    milestone.refresh_from_db()
    assert milestone.completed_on == timezone.localdate()
    assert milestone.progress.get().text == "Vedtak fattet i kommunestyret."


def test_without_javascript_the_form_posts_and_returns_to_the_rollout(
    world: World, client_for: Any
) -> None:
    milestone = world["milestone:levanger"]
    response = client_for("levanger_lead").post(
        reverse("rollout:milestone-detail", args=[milestone.pk]),
        _milestone_post(milestone, completed="on"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("rollout:rollout-detail", args=[milestone.rollout_id])


def test_an_own_due_date_needs_a_reason(world: World, client_for: Any) -> None:
    milestone = world["milestone:levanger"]
    response = client_for("levanger_lead").post(
        reverse("rollout:milestone-detail", args=[milestone.pk]),
        _milestone_post(milestone, own_due="2026-12-01"),
    )
    assert response.status_code == 400
    assert "own_due_reason" in response.context["form"].errors
    milestone.refresh_from_db()
    assert not milestone.has_own_due


def test_a_second_editor_is_refused_not_overwritten(world: World, client_for: Any) -> None:
    milestone = world["milestone:levanger"]
    url = reverse("rollout:milestone-detail", args=[milestone.pk])
    first = _milestone_post(milestone, note="Første lagring")
    second = _milestone_post(milestone, note="Andre lagring")  # read at the same version
    client = client_for("levanger_lead")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 409
    assert "Someone else saved" in str(
        response.context["form"].non_field_errors()
    ) or "Noen andre" in str(response.context["form"].non_field_errors())
    milestone.refresh_from_db()
    assert milestone.note == "Første lagring"


def test_a_stale_version_is_refused_by_the_service(world: World) -> None:
    risk = world["risk:levanger"]
    lead = world.people["levanger_lead"]
    from rollout.services.risks import update_risk

    update_risk(by=lead, risk=risk, expected_version=risk.version, owner="Kommunalsjef")
    with pytest.raises(ConcurrentEditError):
        update_risk(by=lead, risk=risk, expected_version=1, owner="Noen andre")
    risk.refresh_from_db()
    assert risk.owner == "Kommunalsjef"


def test_a_submitted_report_never_changes(world: World, client_for: Any) -> None:
    report = world["report:verdal"]
    before = StatusReport.objects.filter(pk=report.pk).values().get()
    client = client_for("verdal_lead")
    client.post(
        reverse("rollout:report-detail", args=[report.pk]),
        {"overall": "green", "summary": "Omskrevet historie", "version": report.version},
    )
    with pytest.raises(ValidationError):
        reports.update_report(
            by=world.people["verdal_lead"],
            report=report,
            expected_version=report.version,
            summary="Omskrevet",
        )
    assert StatusReport.objects.filter(pk=report.pk).values().get() == before


def test_a_correction_is_a_new_revision_that_keeps_the_submitted_one(
    world: World, client_for: Any
) -> None:
    report = world["report:verdal"]
    response = client_for("verdal_lead").post(reverse("rollout:report-correct", args=[report.pk]))
    correction = StatusReport.objects.get(supersedes=report)
    assert response["Location"] == reverse("rollout:report-detail", args=[correction.pk])
    assert correction.revision == 2
    assert correction.summary == report.summary
    assert correction.state == "draft"
    reports.update_report(
        by=world.people["verdal_lead"],
        report=correction,
        expected_version=correction.version,
        summary="Riktig tall",
    )
    report.refresh_from_db()
    assert report.summary == "Integrasjonstest forsinket."
    assert report.state == "submitted"


def test_an_evidence_file_is_checked_for_type_and_content(world: World) -> None:
    criterion = world["criterion:levanger"]
    lead = world.people["levanger_lead"]
    fake_pdf = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as exc:
        readiness.update_criterion(
            by=lead, criterion=criterion, expected_version=criterion.version, evidence_file=fake_pdf
        )
    assert "evidence_file" in exc.value.message_dict
    script = SimpleUploadedFile("evil.html", b"<script>alert(1)</script>")
    with pytest.raises(ValidationError):
        readiness.update_criterion(
            by=lead, criterion=criterion, expected_version=criterion.version, evidence_file=script
        )


def test_a_real_pdf_is_kept_as_evidence(world: World, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    criterion = world["criterion:levanger"]
    pdf = SimpleUploadedFile("akseptanse.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    readiness.update_criterion(
        by=world.people["levanger_lead"],
        criterion=criterion,
        expected_version=criterion.version,
        evidence_file=pdf,
        status="met",
        owner="Testleder",
    )
    criterion.refresh_from_db()
    assert criterion.evidence_file.name.endswith(".pdf")
    assert criterion.status == "met"


def test_history_shows_who_and_what_before_and_after(world: World, client_for: Any) -> None:
    milestone = world["milestone:levanger"]
    plan.update_milestone(
        by=world.people["levanger_lead"],
        milestone=milestone,
        expected_version=milestone.version,
        note="Ny merknad",
    )
    html = (
        client_for("steering_central")
        .get(reverse("rollout:milestone-detail", args=[milestone.pk]))
        .content.decode()
    )
    assert "Ny merknad" in html
    assert world.people["levanger_lead"].get_full_name() in html
