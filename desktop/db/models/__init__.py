"""Every mapped table; importing this module registers them all on ``Base.metadata``."""

from desktop.db.models.audit import AuditEntry, AuditHead
from desktop.db.models.handling import (
    Assignment,
    Callback,
    DeadlineChange,
    DecisionLetter,
    Evaluation,
    LetterSignature,
    Meeting,
    Review,
)
from desktop.db.models.keycases import (
    CallbackDraw,
    CallbackDrawItem,
    Card,
    ChannelReceipt,
    KeyCase,
    KeyCaseMember,
    KeyCasePlan,
    KeyCaseProgress,
    KeyCaseStep,
    Mediation,
    MediationSignature,
    PanelScore,
    PanelSession,
)
from desktop.db.models.matters import (
    Attachment,
    Counter,
    Interview,
    Matter,
    MatterDepartment,
    Recording,
    Representative,
    Visit,
)
from desktop.db.models.office import (
    CalendarOverride,
    Handover,
    IntakeDraft,
    LeaderSession,
    RoutingRule,
    Setting,
)
from desktop.db.models.people import Department, Petitioner, Staff, StaffRole, Village

__all__ = [
    "Assignment", "Attachment", "AuditEntry", "AuditHead", "CalendarOverride", "Callback", "Counter",
    "DeadlineChange", "DecisionLetter", "Department", "Evaluation", "Handover", "IntakeDraft", "Interview",
    "LeaderSession", "LetterSignature", "Matter", "MatterDepartment", "Meeting", "Petitioner", "Recording",
    "Representative", "Review", "RoutingRule", "Setting", "Staff", "StaffRole", "Visit", "Village",
    "CallbackDraw", "CallbackDrawItem", "Card", "ChannelReceipt", "KeyCase", "KeyCaseMember", "KeyCasePlan",
    "KeyCaseProgress", "KeyCaseStep", "Mediation", "MediationSignature", "PanelScore", "PanelSession",
]
