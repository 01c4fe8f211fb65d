"""The procurement app's models, one module per noun: suppliers' products and capacity,
start-date commitments, and procurements with the KS checklist."""

from procurement.models.capacity import Capacity, Product
from procurement.models.commitment import (
    ACTIVE_STATUSES,
    CommitmentEvent,
    CommitmentStatus,
    StartDateCommitment,
)
from procurement.models.procurement import (
    ChecklistItem,
    ChecklistTick,
    DialogueMeeting,
    Procurement,
    ProcurementKind,
    ProcurementPhase,
    ScheduleEntry,
)

__all__ = [
    "ACTIVE_STATUSES",
    "Capacity",
    "ChecklistItem",
    "ChecklistTick",
    "CommitmentEvent",
    "CommitmentStatus",
    "DialogueMeeting",
    "Procurement",
    "ProcurementKind",
    "ProcurementPhase",
    "Product",
    "ScheduleEntry",
    "StartDateCommitment",
]
