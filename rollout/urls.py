from django.urls import path

from rollout.views import (
    admin_collaborations,
    blackouts,
    changes,
    collaborations,
    methodology,
    milestones,
    readiness,
    reports,
    risks,
    rollouts,
    waves,
)

app_name = "rollout"

urlpatterns = [
    path("samarbeid/", collaborations.collaboration_list, name="collaboration-list"),
    path("samarbeid/<int:pk>/", collaborations.collaboration_detail, name="collaboration-detail"),
    # KS staff keep collaborations and blackout periods (rollout/views/admin_collaborations.py,
    # rollout/views/blackouts.py).
    path(
        "samarbeid/nytt/",
        admin_collaborations.collaboration_create,
        name="collaboration-create",
    ),
    path(
        "samarbeid/<int:pk>/endre/",
        admin_collaborations.collaboration_edit,
        name="collaboration-edit",
    ),
    path(
        "samarbeid/<int:pk>/deltakere/",
        admin_collaborations.collaboration_participants,
        name="collaboration-participants",
    ),
    path(
        "samarbeid/<int:pk>/styringsgruppe/",
        admin_collaborations.steering_seat_add,
        name="steering-seat-add",
    ),
    path(
        "samarbeid/deltakelse/<int:pk>/fjern/",
        admin_collaborations.participant_remove,
        name="participant-remove",
    ),
    path(
        "samarbeid/styringsgruppeplass/<int:pk>/fjern/",
        admin_collaborations.steering_seat_remove,
        name="steering-seat-remove",
    ),
    path("sperreperioder/", blackouts.blackout_list, name="blackout-list"),
    path("sperreperioder/ny/", blackouts.blackout_create, name="blackout-create"),
    path("sperreperioder/<int:pk>/endre/", blackouts.blackout_edit, name="blackout-edit"),
    path("sperreperioder/<int:pk>/slett/", blackouts.blackout_delete, name="blackout-delete"),
    path("samarbeid/<int:pk>/puljer/ny/", waves.wave_create, name="wave-create"),
    path("puljer/<int:pk>/", waves.wave_detail, name="wave-detail"),
    path("puljer/<int:pk>/endre/", waves.wave_edit, name="wave-edit"),
    path("puljer/<int:pk>/deltakere/ny/", waves.rollout_create, name="rollout-create"),
    path("innforinger/", rollouts.rollout_list, name="rollout-list"),
    path("innforinger/<int:pk>/", rollouts.rollout_detail, name="rollout-detail"),
    path("innforinger/<int:pk>/fremdrift/", rollouts.progress_log, name="progress-log"),
    path("innforinger/<int:pk>/opplaering/", rollouts.training_edit, name="training-edit"),
    path("innforinger/<int:pk>/i-drift/", rollouts.rollout_mark_live, name="rollout-mark-live"),
    path("innforinger/<int:pk>/puljebytte/", changes.change_request_create, name="change-create"),
    path("innforinger/<int:pk>/statusrapporter/ny/", reports.report_create, name="report-create"),
    path("innforinger/<int:pk>/risikoer/ny/", risks.risk_create, name="risk-create"),
    path("innforinger/<int:pk>/beslutning/", readiness.decision_create, name="decision-create"),
    path(
        "innforinger/<int:pk>/metodikk/<int:methodology_pk>/",
        methodology.rollout_methodology,
        name="rollout-methodology",
    ),
    path("milepaeler/<int:pk>/", milestones.milestone_detail, name="milestone-detail"),
    path("puljebytter/<int:pk>/", changes.change_request_detail, name="change-detail"),
    path("statusrapporter/", reports.report_list, name="report-list"),
    path("statusrapporter/<int:pk>/", reports.report_detail, name="report-detail"),
    path("statusrapporter/<int:pk>/send/", reports.report_submit, name="report-submit"),
    path("statusrapporter/<int:pk>/korriger/", reports.report_correct, name="report-correct"),
    path("risikoer/", risks.risk_list, name="risk-list"),
    path("risikoer/<int:pk>/", risks.risk_detail, name="risk-detail"),
    path("kriterier/<int:pk>/", readiness.criterion_detail, name="criterion-detail"),
    path(
        "kriterier/<int:pk>/dokumentasjon/",
        readiness.criterion_evidence,
        name="criterion-evidence",
    ),
    path("metodikk/", methodology.methodology_list, name="methodology-list"),
    path("metodikk/<int:pk>/", methodology.methodology_detail, name="methodology-detail"),
    path(
        "metodikk/<int:pk>/ny-versjon/",
        methodology.methodology_new_version,
        name="methodology-new-version",
    ),
    path(
        "metodikk/<int:pk>/publiser/", methodology.methodology_publish, name="methodology-publish"
    ),
    path("metodikk/maler/<int:pk>/", methodology.template_edit, name="template-edit"),
]
