"""Every mapped table; importing this module registers them all on ``Base.metadata``."""

from desktop.db.models.audit import AuditEntry, AuditHead, InstallationKey
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
from desktop.db.models.history import MatterStatusChange, ReportArchive
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
from desktop.db.models.prevention import (
    EscalatedVisit,
    KeyPerson,
    KeyPersonContact,
    ScreeningItem,
    ScreeningPoint,
    ScreeningReport,
    SensitivePeriod,
    StaffArea,
)

__all__ = [
    "Assignment", "Attachment", "AuditEntry", "AuditHead", "CalendarOverride", "Callback", "CallbackDraw",
    "CallbackDrawItem", "Card", "ChannelReceipt", "Counter", "DeadlineChange", "DecisionLetter", "Department",
    "EscalatedVisit", "Evaluation", "Handover", "InstallationKey", "IntakeDraft", "Interview", "KeyCase",
    "KeyCaseMember", "KeyCasePlan", "KeyCaseProgress", "KeyCaseStep", "KeyPerson", "KeyPersonContact",
    "LeaderSession", "LetterSignature", "Matter", "MatterDepartment", "MatterStatusChange", "Mediation",
    "MediationSignature", "Meeting", "PanelScore", "PanelSession", "Petitioner", "Recording", "ReportArchive",
    "Representative", "Review", "RoutingRule", "ScreeningItem", "ScreeningPoint", "ScreeningReport",
    "SensitivePeriod", "Setting", "Staff", "StaffArea", "StaffRole", "Village", "Visit",
]
