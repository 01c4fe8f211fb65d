"""Valid bodies for the matrix's writes: one factory per URL name, taking the world and the row's
object (or ``None``).

A write of the matrix carries a body that *would* succeed for someone allowed to make it, so a
refusal proves the access check, not a validation error: a persona who may not write gets 403 or
404 (or, in the API, a 400 naming a related object they cannot see, the same answer as for one
that does not exist), and one who may gets the success status (302 on a page, 200/201 in the API).
Bodies name the row's object, or for a list's POST the Levanger rollout (or its collaboration), so
every persona asks for the same write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.personas import World

Body = dict[str, Any]
Factory = Callable[[World, Any], Body]


def _version(obj: Any) -> Body:
    return {"version": str(obj.version)} if hasattr(obj, "version") else {}


def _report(w: World, obj: Any) -> Body:
    return {
        **_version(obj),
        "overall": "green",
        "rag_schedule": "green",
        "rag_build": "green",
        "rag_integrations": "green",
        "rag_data_migration": "green",
        "rag_training": "green",
        "rag_organisation": "green",
        "summary": "Matrisen skrev dette.",
    }


def _risk(w: World, obj: Any) -> Body:
    return {
        **(_version(obj) if obj is not None else {}),
        "title": "Matriserisiko",
        "probability": "2",
        "impact": "3",
        "owner": "Prosjektleder",
        "status": "open",
    }


def _wave(w: World, obj: Any) -> Body:
    return {
        **(_version(obj) if obj is not None and hasattr(obj, "go_live") else {}),
        "name": "Matrisepulje",
        "go_live": "2027-09-04",
        "status": "planned",
    }


def _template(w: World, obj: Any) -> Body:
    return {
        "phase": obj.phase,
        "title_nb": obj.title_nb,
        "title_en": obj.title_en,
        "description_nb": obj.description_nb,
        "description_en": obj.description_en,
        "offset_days": str(obj.offset_days),
        "responsible_role": obj.responsible_role,
        **({"is_gate": "on"} if obj.is_gate else {}),
    }


def _checklist_item(w: World, obj: Any) -> Body:
    return {
        **(_version(obj) if obj is not None else {}),
        "order": "99" if obj is None else str(obj.order),
        "text_nb": "Matrisepunkt",
        "text_en": "Matrix item",
        "basis": "Matrisen",
        "is_active": "on",
    }


def _article(w: World, obj: Any) -> Body:
    return {
        **(_version(obj) if obj is not None else {}),
        "kind": "lesson",
        "title": "Matriselæring",
        "summary": "Kort.",
        "body": "Tekst.",
        "organisation": str(w["org:verdal"].pk if obj is None else obj.organisation_id),
        "phase": "",
        "audience": "everyone",
    }


def _meeting(w: World, obj: Any) -> Body:
    return {
        **(_version(obj) if obj is not None else {}),
        "title": "Matrisemøte",
        "starts_at": "2026-12-10 09:00",
        "ends_at": "2026-12-10 10:00",
        "place": "Stjørdal",
        "audience": "everyone",
    }


def _checklist(w: World, obj: Any) -> Body:
    from procurement.models import ChecklistItem
    from procurement.services.procurements import checklist_state

    items = list(ChecklistItem.objects.filter(is_active=True).order_by("order"))
    return {
        "items": ",".join(str(i.pk) for i in items),
        "state": checklist_state(obj),
        f"done_{items[0].pk}": "on",
    }


def _schedule(procurement: Any) -> Body:
    from rollout.models import Rollout

    participant = procurement.participants.order_by("pk").first() or procurement.lead
    rollout = Rollout.objects.filter(organisation=participant).first()
    return {"rollout": str(rollout.pk) if rollout else "", "start_on": "2026-11-09"}


PAGES: dict[str, Factory] = {
    "portal:invitation-list": lambda w, o: {
        "email": "matrix@levanger.example.no",
        "organisation": str(w["org:levanger"].pk),
        "role": "reader",
    },
    "rollout:wave-create": _wave,
    "rollout:wave-edit": _wave,
    "rollout:rollout-create": lambda w, o: {
        "organisation": str(w["org:trondheim"].pk),
        "end_users_to_train": "100",
    },
    "rollout:progress-log": lambda w, o: {"progress-text": "Matrisen var her."},
    "rollout:training-edit": lambda w, o: {
        **_version(o),
        "end_users_to_train": "900",
        "end_users_trained": "10",
        "super_users": "2",
        "instructors_certified": "1",
    },
    "rollout:rollout-mark-live": lambda w, o: {**_version(o)},
    "rollout:change-create": lambda w, o: {
        "to_wave": str(w["wave:central_later"].pk),
        "reason": "Matrisen ber om det.",
    },
    "rollout:report-create": lambda w, o: {**_report(w, None), "period": "2026-11"},
    "rollout:report-detail": _report,
    "rollout:report-submit": lambda w, o: _version(o),
    "rollout:report-correct": lambda w, o: _version(o),
    "rollout:risk-create": _risk,
    "rollout:risk-detail": _risk,
    "rollout:decision-create": lambda w, o: {
        "decided_on": "2027-03-20",
        "decision": "go",
        "rationale": "Matrisen sier go.",
    },
    "rollout:rollout-methodology": lambda w, o: {"confirm": "on"},
    # The milestone form's fields carry the milestone's prefix (several forms on one page).
    "rollout:milestone-detail": lambda w, o: {
        f"m{o.pk}-version": str(o.version),
        f"m{o.pk}-note": "Matrisenotat.",
    },
    "rollout:change-detail": lambda w, o: {"approve": "yes", "reason": "Greit."},
    "rollout:criterion-detail": lambda w, o: {
        **_version(o),
        "owner": "IKT",
        "status": o.status,
        "evidence_text": "Matrisebevis.",
    },
    "rollout:methodology-new-version": lambda w, o: {"notes": "Matriseversjon."},
    "rollout:methodology-publish": lambda w, o: {},
    "rollout:template-edit": _template,
    "procurement:commitment-detail": lambda w, o: {
        **_version(o),
        "action": "withdraw" if o.status == "requested" else "commit",
        "reason": "Matrisen trekker.",
    },
    "procurement:commitment-request": lambda w, o: {
        "supplier": str(w["org:supplier_b"].pk),
        "start_on": "2026-11-02",
        "reason": "Matrisen ber om oppstart.",
    },
    "procurement:capacity-edit": lambda w, o: {
        "first_week": "2026-03-02",
        "last_week": "2026-03-30",
        "every": "1",
        "implementations": "2",
        "go_lives": "1",
    },
    "procurement:checklist-items": _checklist_item,
    "procurement:checklist-item-edit": _checklist_item,
    "procurement:procurement-create": lambda w, o: {
        "name": "Matriseanskaffelse",
        "kind": "joint",
        "lead": str(w["org:levanger"].pk),
        "participants": [str(w["org:verdal"].pk)],
        "phase": "needs",
    },
    "procurement:procurement-edit": lambda w, o: {
        **_version(o),
        "phase": o.phase,
        "description": "Endret.",
    },
    "procurement:procurement-checklist": _checklist,
    "procurement:procurement-meeting": lambda w, o: {"held_on": "2026-11-05", "notes": "Møte."},
    # A schedule entry for the rollout of a participant other than the lead (Verdal in the
    # joint procurement, Kristiansand in the one across collaborations).
    "procurement:procurement-schedule": lambda w, o: _schedule(o),
    "knowledge:article-create": _article,
    "knowledge:article-edit": _article,
    "knowledge:article-step": lambda w, o: {
        "action": "submit" if o.status == "draft" else "unpublish",
        "comment": "Matrisen.",
    },
    "knowledge:meeting-create": _meeting,
    "knowledge:meeting-edit": _meeting,
    "knowledge:attachment-add": lambda w, o: {
        "file": SimpleUploadedFile("matrise.pdf", b"%PDF-1.7 matrise"),
        "title": "Matrisevedlegg",
    },
}

API: dict[str, Factory] = {
    "api:invitation-list": lambda w, o: {
        "email": "matrix@levanger.example.no",
        "organisation": w["org:levanger"].pk,
        "role": "reader",
    },
    "api:wave-list": lambda w, o: {
        "collaboration": w["collab:central"].pk,
        "name": "Matrisepulje",
        "go_live": "2027-09-04",
    },
    "api:wave-detail": lambda w, o: {"notes": "Matrisenotat."},
    "api:milestone-detail": lambda w, o: {"note": "Matrisenotat."},
    "api:rollout-detail": lambda w, o: {"end_users_trained": 10},
    "api:status-report-list": lambda w, o: {
        "rollout": w["rollout:levanger"].pk,
        "period": "2026-11-01",
        "overall": "green",
        "summary": "Matrisen skrev dette.",
    },
    "api:status-report-detail": lambda w, o: {"summary": "Matrisen endret dette."},
    "api:status-report-submit": lambda w, o: {},
    "api:status-report-correct": lambda w, o: {},
    "api:risk-list": lambda w, o: {
        "rollout": w["rollout:levanger"].pk,
        "title": "Matriserisiko",
        "probability": 2,
        "impact": 3,
        "owner": "Prosjektleder",
    },
    "api:risk-detail": lambda w, o: {"title": "Endret matriserisiko"},
    # Levanger already waits for a decision on its wave change; Verdal may ask.
    "api:wave-change-request-list": lambda w, o: {
        "rollout": w["rollout:verdal"].pk,
        "to_wave": w["wave:central_later"].pk,
        "reason": "Matrisen ber om det.",
    },
    "api:wave-change-request-decide": lambda w, o: {"approve": True, "reason": "Greit."},
    "api:go-decision-list": lambda w, o: {
        "rollout": w["rollout:levanger"].pk,
        "decided_on": "2027-03-20",
        "decision": "go",
        "rationale": "Matrisen sier go.",
    },
    "api:criterion-detail": lambda w, o: {"owner": "IKT"},
    "api:progress-entry-list": lambda w, o: {
        "rollout": w["rollout:levanger"].pk,
        "text": "Matrisen var her.",
    },
    "api:capacity-list": lambda w, o: {
        "supplier": w["org:supplier_a"].pk,
        "first_week": "2026-03-02",
        "last_week": "2026-03-30",
        "implementations": 2,
        "go_lives": 1,
    },
    "api:commitment-list": lambda w, o: {
        "rollout": w["rollout:levanger"].pk,
        "supplier": w["org:supplier_b"].pk,
        "start_on": "2026-11-02",
        "reason": "Matrisen ber om oppstart.",
    },
    "api:commitment-step": lambda w, o: {"action": "withdraw", "reason": "Matrisen trekker."},
    "api:article-list": lambda w, o: {
        "kind": "lesson",
        "title": "Matriselæring",
        "summary": "Kort.",
        "body": "Tekst.",
        "organisation": w["org:verdal"].pk,
    },
    "api:article-step": lambda w, o: {
        "action": "submit" if o.status == "draft" else "unpublish",
    },
}


def _collaboration(w: World, obj: Any) -> Body:
    return {
        **(_version(obj) if obj is not None else {}),
        "name": obj.name if obj is not None else "Matrisesamarbeid",
        "description": "Matrisen beskriver.",
        "supplier": w["org:supplier_a"].pk,
        "solution": "Matriseløsning",
        "methodology": "",
        "report_deadline_working_day": "5",
    }


def _blackout(w: World, obj: Any) -> Body:
    return {
        **(_version(obj) if obj is not None else {}),
        "name": "Matrisesperre",
        "starts_on": "2027-07-05",
        "ends_on": "2027-07-25",
        "collaboration": w["collab:central"].pk,
    }


# KS staff keep collaborations, blackout periods and topics.
KS_KEEPING: dict[str, Factory] = {
    "rollout:collaboration-create": _collaboration,
    "rollout:collaboration-edit": _collaboration,
    "rollout:collaboration-participants": lambda w, o: {"organisation": w["org:kristiansand"].pk},
    "rollout:participant-remove": lambda w, o: {},
    "rollout:steering-seat-add": lambda w, o: {
        "email": w.people["outsider"].email,
        "title": "Matriserolle",
    },
    "rollout:steering-seat-remove": lambda w, o: {},
    "rollout:blackout-create": _blackout,
    "rollout:blackout-edit": _blackout,
    "rollout:blackout-delete": lambda w, o: _version(o),
    "knowledge:topic-list": lambda w, o: {"name": "Matrisetema"},
    "knowledge:topic-edit": lambda w, o: {"name": "Matrisetema endret"},
    "knowledge:topic-in-use": lambda w, o: {"in_use": "0"},
}


def body_for(url_name: str, world: World, obj: Any) -> Body | None:
    """The valid body of a write to ``url_name`` on ``obj``, or None when none is known."""
    factory = PAGES.get(url_name) or KS_KEEPING.get(url_name) or API.get(url_name)
    return None if factory is None else factory(world, obj)
