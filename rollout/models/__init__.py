"""The rollout app's models, one module per noun."""

from rollout.models.changes import WaveChangeRequest, WaveChangeStatus
from rollout.models.collaboration import (
    PARTICIPANT_ROLES,
    Collaboration,
    Participation,
    SteeringGroupMember,
)
from rollout.models.methodology import (
    CriterionTemplate,
    Methodology,
    MilestoneTemplate,
    Phase,
    ResponsibleRole,
)
from rollout.models.plan import Milestone, ProgressEntry, Rollout, RolloutStatus
from rollout.models.readiness import (
    CriterionStatus,
    Decision,
    GateCriterion,
    GoDecision,
)
from rollout.models.reporting import (
    RAG,
    Risk,
    RiskStatus,
    StatusReport,
    StatusReportState,
)
from rollout.models.wave import BlackoutPeriod, Wave, WaveStatus

__all__ = [
    "PARTICIPANT_ROLES",
    "RAG",
    "BlackoutPeriod",
    "Collaboration",
    "CriterionStatus",
    "CriterionTemplate",
    "Decision",
    "GateCriterion",
    "GoDecision",
    "Methodology",
    "Milestone",
    "MilestoneTemplate",
    "Participation",
    "Phase",
    "ProgressEntry",
    "ResponsibleRole",
    "Risk",
    "RiskStatus",
    "Rollout",
    "RolloutStatus",
    "StatusReport",
    "StatusReportState",
    "SteeringGroupMember",
    "Wave",
    "WaveChangeRequest",
    "WaveChangeStatus",
    "WaveStatus",
]
