"""API of the rollout app, one module per noun. See :mod:`portal.api_common` for what every
resource shares (service errors, ETag and If-Match)."""

from rollout.api.changes import WaveChangeRequestViewSet
from rollout.api.collaborations import CollaborationSerializer, CollaborationViewSet
from rollout.api.methodology import MethodologyViewSet
from rollout.api.plans import MilestoneViewSet, ProgressEntryViewSet, RolloutViewSet
from rollout.api.readiness import CriterionViewSet, GoDecisionViewSet
from rollout.api.reports import RiskViewSet, StatusReportViewSet
from rollout.api.waves import WaveViewSet

__all__ = [
    "CollaborationSerializer",
    "CollaborationViewSet",
    "CriterionViewSet",
    "GoDecisionViewSet",
    "MethodologyViewSet",
    "MilestoneViewSet",
    "ProgressEntryViewSet",
    "RiskViewSet",
    "RolloutViewSet",
    "StatusReportViewSet",
    "WaveChangeRequestViewSet",
    "WaveViewSet",
]
