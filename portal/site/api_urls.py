"""The API under /api/v1/: every app's resources in one router, the schema and its docs."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from knowledge.api import ArticleViewSet, MeetingViewSet
from portal.api import InvitationViewSet, MembershipViewSet, MeView, OrganisationViewSet
from procurement.api import CapacityViewSet, CommitmentViewSet, LoadView, ProductViewSet
from rollout.api import (
    CollaborationViewSet,
    CriterionViewSet,
    GoDecisionViewSet,
    MethodologyViewSet,
    MilestoneViewSet,
    ProgressEntryViewSet,
    RiskViewSet,
    RolloutViewSet,
    StatusReportViewSet,
    WaveChangeRequestViewSet,
    WaveViewSet,
)

router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("invitations", InvitationViewSet, basename="invitation")
router.register("collaborations", CollaborationViewSet, basename="collaboration")
router.register("waves", WaveViewSet, basename="wave")
router.register("rollouts", RolloutViewSet, basename="rollout")
router.register("milestones", MilestoneViewSet, basename="milestone")
router.register("progress-entries", ProgressEntryViewSet, basename="progress-entry")
router.register("status-reports", StatusReportViewSet, basename="status-report")
router.register("risks", RiskViewSet, basename="risk")
router.register("wave-change-requests", WaveChangeRequestViewSet, basename="wave-change-request")
router.register("go-decisions", GoDecisionViewSet, basename="go-decision")
router.register("criteria", CriterionViewSet, basename="criterion")
router.register("methodologies", MethodologyViewSet, basename="methodology")
router.register("products", ProductViewSet, basename="product")
router.register("capacity", CapacityViewSet, basename="capacity")
router.register("commitments", CommitmentViewSet, basename="commitment")
router.register("articles", ArticleViewSet, basename="article")
router.register("meetings", MeetingViewSet, basename="meeting")

app_name = "api"

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("load/", LoadView.as_view(), name="load"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The docs are a page for people: signed out, they lead to the sign-in page and back
    # (the schema itself answers API clients with 401).
    path(
        "docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path("", include(router.urls)),
]
