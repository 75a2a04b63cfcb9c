"""What the four intake steps take in, and the field checks that run before anything is stored.

The same checks serve the wizard (live, per field) and the services (all at once, as ``InvalidInput``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from desktop.domain.enums import AppealRoute, Category, Channel, Complexity, KeyDomain, RegulationType, Risk
from desktop.domain.errors import InvalidInput, ValidationError
from desktop.domain.idnumber import ResidentId, parse_resident_id
from desktop.domain.phone import Phone, parse_phone
from desktop.domain.rules_config import Rules
from desktop.services.registration_rules import grid_problems, representative_problems

MAX_SUMMARY = 4000


@dataclass
class RepresentativeInput:
    name: str
    id_number: str = ""
    phone: str = ""


@dataclass
class RegistrationInput:
    name: str
    channel: Channel
    summary: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    village: str = ""
    grid: str = ""
    demands: str = ""
    departments_involved: list[str] = field(default_factory=list)
    accepts_mediation: bool = False
    group_size: int = 1
    representatives: list[RepresentativeInput] = field(default_factory=list)
    linked_case_number: str = ""
    attachments: list[Path] = field(default_factory=list)
    # What the clerk says each file shows, by its path ("土地流转合同复印件"); the form prints this
    attachment_notes: dict[str, str] = field(default_factory=dict)
    registered_at: datetime | None = None  # None: now
    leader_id: int | None = None  # the leader receiving, when two sit on a 领导接访 day


@dataclass(frozen=True)
class CheckedRegistration:
    data: RegistrationInput
    resident: ResidentId | None
    phone: Phone | None


def check_registration(data: RegistrationInput, rules: Rules, today: date) -> CheckedRegistration:
    problems: list[ValidationError] = []
    resident = phone = None
    if not data.name.strip():
        problems.append(ValidationError("required", field="name"))
    elif len(data.name.strip()) > rules.name_max_length:
        problems.append(ValidationError("too_long", field="name", maximum=rules.name_max_length))
    if data.id_number.strip():
        try:
            resident = parse_resident_id(data.id_number, today=today)
        except ValidationError as e:
            problems.append(e)
    elif data.channel == Channel.VISIT:
        # A visitor is in the room: identity is verified on the spot (一登记).
        problems.append(ValidationError("required", field="id_number"))
    if data.phone.strip():
        try:
            phone = parse_phone(data.phone)
        except ValidationError as e:
            problems.append(e)
    if len(data.address.strip()) > rules.address_max_length:
        problems.append(ValidationError("too_long", field="address", maximum=rules.address_max_length))
    if not data.summary.strip():
        problems.append(ValidationError("required", field="summary"))
    elif len(data.summary) > rules.summary_max_length:
        problems.append(ValidationError("too_long", field="summary", maximum=rules.summary_max_length))
    if data.group_size < 1:
        problems.append(ValidationError("group_size_invalid", field="group_size"))
    problems += grid_problems(data.grid.strip())
    problems += representative_problems([(r.name.strip(), r.id_number.strip()) for r in data.representatives
                                         if r.name.strip()], data.group_size, rules, today)
    for path in data.attachments:
        if not Path(path).is_file():
            problems.append(ValidationError("file_not_found", field="attachments", path=str(path)))
    if problems:
        raise InvalidInput(problems)
    return CheckedRegistration(data, resident, phone)


@dataclass
class InterviewInput:
    interviewer_id: int  # the second staff member; the clerk is the signed-in user
    notes: str
    scope_notice_confirmed: bool
    no_recording_reason: str = ""


def check_interview(data: InterviewInput, clerk_id: int, has_recording: bool) -> None:
    problems: list[ValidationError] = []
    if data.interviewer_id == clerk_id:
        problems.append(ValidationError("second_staff_required", field="interviewer"))
    if not data.notes.strip():
        problems.append(ValidationError("required", field="notes"))
    if not data.scope_notice_confirmed:
        problems.append(ValidationError("scope_notice_unconfirmed", field="scope_notice_confirmed"))
    if not has_recording and not data.no_recording_reason.strip():
        problems.append(ValidationError("recording_reason_required", field="no_recording_reason"))
    if problems:
        raise InvalidInput(problems)


@dataclass
class ClassificationInput:
    regulation_type: RegulationType
    category: Category
    risk: Risk
    complexity: Complexity
    appeal_route: AppealRoute | None = None
    key_domains: list[KeyDomain] = field(default_factory=list)


def check_classification(data: ClassificationInput) -> None:
    problems: list[ValidationError] = []
    if data.regulation_type == RegulationType.APPEAL and data.appeal_route is None:
        problems.append(ValidationError("route_required", field="appeal_route"))
    if data.regulation_type != RegulationType.APPEAL and data.appeal_route is not None:
        problems.append(ValidationError("route_only_for_appeal", field="appeal_route"))
    if problems:
        raise InvalidInput(problems)


@dataclass
class AssignmentInput:
    department_id: int
    first_handler_id: int
    approver_id: int
    case_lead_id: int | None = None
    complexity: Complexity | None = None  # None: the classification's
