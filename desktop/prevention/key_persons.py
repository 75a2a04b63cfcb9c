"""重点人员 / 上访老户: a register linked to petitioners through the ID number's blind index, with the
responsible cadre (一对一), the 包案 leader, 稳控 measures, the contact log and sensitive periods with a
stepped-up contact rhythm. Only the roles the settings name may see it (never clerks by default); every
look and change is audited; reason, measures and contact notes are stored encrypted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import KeyPerson, KeyPersonContact, Petitioner, SensitivePeriod, Staff, Village
from desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from desktop.domain.idnumber import parse_resident_id
from desktop.prevention import settings as prevention_settings
from desktop.prevention.enums import ContactKind, KeyPersonKind, KeyPersonStatus
from desktop.prevention.views import ContactView, KeyPersonNotice, KeyPersonView
from desktop.services import audit, petitioners
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission

REASON_CONTEXT = "key_person_reason"
MEASURES_CONTEXT = "key_person_measures"
NOTE_CONTEXT = "key_person_contact"


def can_see(session: Session, actor: Actor) -> bool:
    return bool(actor.roles & prevention_settings.load(session).key_person_roles)


def require_see(session: Session, actor: Actor) -> None:
    if not can_see(session, actor):
        raise PermissionDenied("permission_denied", permission="view_key_persons", user=actor.username)


def _require_manage(session: Session, actor: Actor) -> None:
    require_see(session, actor)
    actor.require(Permission.MANAGE_KEY_PERSONS)


@dataclass(frozen=True)
class KeyPersonInput:
    id_number: str
    name: str
    kind: KeyPersonKind
    reason: str
    since: date
    cadre_id: int | None = None
    cadre_name: str = ""
    case_lead_id: int | None = None
    measures: str = ""
    status: KeyPersonStatus = KeyPersonStatus.WATCH
    village: str = ""


def _log(ctx: AppContext, session: Session, actor: Actor, action: str, kp_id: int, **details: object) -> None:
    audit.record(session, at=ctx.now(), actor_id=actor.id, action=action, target_type="key_person",
                 target_id=kp_id, details=dict(details))


def register(ctx: AppContext, session: Session, actor: Actor, data: KeyPersonInput) -> KeyPerson:
    _require_manage(session, actor)
    resident = parse_resident_id(data.id_number, today=ctx.today())
    if not data.name.strip():
        raise ValidationError("required", field="name")
    if not data.reason.strip():
        raise ValidationError("required", field="reason")
    if data.since > ctx.today():
        raise ValidationError("date_in_future", field="since")
    if data.cadre_id is None and not data.cadre_name.strip():
        raise ValidationError("cadre_required", field="cadre")
    for staff_id, fld in ((data.cadre_id, "cadre"), (data.case_lead_id, "case_lead")):
        if staff_id is not None and session.get(Staff, staff_id) is None:
            raise ValidationError("user_not_found", field=fld, user=staff_id)
    person = petitioners.upsert(ctx, session, name=data.name.strip(), resident=resident, phone=None, address="",
                                village=data.village or None, grid=None, now=ctx.now())
    if session.scalar(select(KeyPerson.id).where(KeyPerson.petitioner_id == person.id)) is not None:
        raise ValidationError("key_person_exists", field="id_number")
    kind, status = KeyPersonKind(data.kind), KeyPersonStatus(data.status)
    kp = KeyPerson(petitioner_id=person.id, kind=kind, since=data.since, cadre_id=data.cadre_id,
                   cadre_name=data.cadre_name.strip(), case_lead_id=data.case_lead_id, status=status,
                   reason_cipher=ctx.cipher.encrypt(data.reason.strip(), context=REASON_CONTEXT),
                   measures_cipher=(ctx.cipher.encrypt(data.measures.strip(), context=MEASURES_CONTEXT)
                                    if data.measures.strip() else None),
                   village_id=person.village_id, created_at=ctx.now(), created_by_id=actor.id)
    session.add(kp)
    session.flush()
    _log(ctx, session, actor, "key_person.register", kp.id, kind=kind.value, status=status.value)
    return kp


def _get(session: Session, kp_id: int) -> KeyPerson:
    kp = session.get(KeyPerson, kp_id)
    if kp is None:
        raise NotFound("not_found", what=f"key person {kp_id}")
    return kp


def set_status(ctx: AppContext, session: Session, actor: Actor, kp_id: int, status: KeyPersonStatus,
               measures: str | None = None) -> KeyPerson:
    _require_manage(session, actor)
    kp = _get(session, kp_id)
    old = kp.status
    kp.status = KeyPersonStatus(status)
    if measures is not None:
        kp.measures_cipher = ctx.cipher.encrypt(measures.strip(), context=MEASURES_CONTEXT) if measures.strip() else None
    _log(ctx, session, actor, "key_person.status", kp.id, old=old.value, new=kp.status.value,
         measures_changed=measures is not None)
    return kp


def remove(ctx: AppContext, session: Session, actor: Actor, kp_id: int, reason: str,
           on: date | None = None) -> KeyPerson:
    """销号: off the register from ``on`` (kept, for the periods it was on it)."""
    _require_manage(session, actor)
    kp = _get(session, kp_id)
    day = on or ctx.today()
    if not reason.strip():
        raise ValidationError("required", field="reason")
    if kp.removed_on is not None or day < kp.since or day > ctx.today():
        raise ValidationError("bad_date", field="removed_on", value=day.isoformat())
    kp.removed_on = day
    _log(ctx, session, actor, "key_person.remove", kp.id, on=day.isoformat(), reason=reason.strip())
    return kp


def log_contact(ctx: AppContext, session: Session, actor: Actor, kp_id: int, kind: ContactKind, note: str,
                on: date | None = None) -> KeyPersonContact:
    require_see(session, actor)
    kp = _get(session, kp_id)
    day = on or ctx.today()
    if day > ctx.today():
        raise ValidationError("date_in_future", field="on")
    contact = KeyPersonContact(key_person_id=kp.id, on=day, kind=ContactKind(kind), by_id=actor.id,
                               note_cipher=ctx.cipher.encrypt(note.strip(), context=NOTE_CONTEXT) if note.strip()
                               else None, created_at=ctx.now())
    session.add(contact)
    session.flush()
    _log(ctx, session, actor, "key_person.contact", kp.id, kind=contact.kind.value, on=day.isoformat())
    return contact


def add_sensitive_period(ctx: AppContext, session: Session, actor: Actor, name: str, start: date, end: date,
                         contact_every_days: int = 1) -> SensitivePeriod:
    _require_manage(session, actor)
    if not name.strip():
        raise ValidationError("required", field="name")
    if end < start:
        raise ValidationError("period_invalid", field="end", value=f"{start}..{end}")
    if contact_every_days < 1:
        raise ValidationError("contact_rhythm_invalid", field="contact_every_days")
    period = SensitivePeriod(name=name.strip(), start=start, end=end, contact_every_days=contact_every_days)
    session.add(period)
    session.flush()
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="sensitive_period.add",
                 target_type="sensitive_period", target_id=period.id,
                 details={"name": period.name, "start": start.isoformat(), "end": end.isoformat(),
                          "every": contact_every_days})
    return period


def contact_rhythm(today: date, usual_days: int, periods: list[SensitivePeriod]) -> tuple[int, str]:
    """(days between contacts, the sensitive period's name or "") on ``today``: a sensitive period's own
    closer rhythm wins while it lasts."""
    inside = [p for p in periods if p.start <= today <= p.end]
    if not inside:
        return usual_days, ""
    closest = min(inside, key=lambda p: p.contact_every_days)
    return min(closest.contact_every_days, usual_days), closest.name


def next_contact_due(since: date, last_contact: date | None, today: date, usual_days: int,
                     periods: list[SensitivePeriod]) -> date:
    every, _ = contact_rhythm(today, usual_days, periods)
    return (last_contact or since) + timedelta(days=every)


def list_key_persons(ctx: AppContext, session: Session, actor: Actor, today: date,
                     include_removed: bool = False) -> list[KeyPersonView]:
    """The register, decrypted for an entitled viewer; the look is audited."""
    require_see(session, actor)
    settings = prevention_settings.load(session)
    periods = list(session.scalars(select(SensitivePeriod)))
    last = dict(session.execute(select(KeyPersonContact.key_person_id, func.max(KeyPersonContact.on))
                                .group_by(KeyPersonContact.key_person_id)).all())
    staff = dict(session.execute(select(Staff.id, Staff.display_name)).all())
    stmt = (select(KeyPerson, Petitioner.name, Petitioner.id_masked, Village.name)
            .join(Petitioner, Petitioner.id == KeyPerson.petitioner_id)
            .outerjoin(Village, Village.id == KeyPerson.village_id).order_by(KeyPerson.id))
    if not include_removed:
        stmt = stmt.where(KeyPerson.removed_on.is_(None))
    _, period_name = contact_rhythm(today, settings.contact_every_days, periods)
    decrypt = ctx.cipher.decrypt
    out = []
    for kp, name, masked, village in session.execute(stmt):
        due = next_contact_due(kp.since, last.get(kp.id), today, settings.contact_every_days, periods)
        out.append(KeyPersonView(
            id=kp.id, name=name, id_masked=masked or "", kind=kp.kind,
            reason=decrypt(kp.reason_cipher, context=REASON_CONTEXT), since=kp.since,
            cadre=staff.get(kp.cadre_id, "") if kp.cadre_id else kp.cadre_name,
            case_lead=staff.get(kp.case_lead_id, "") if kp.case_lead_id else "",
            measures=decrypt(kp.measures_cipher, context=MEASURES_CONTEXT) if kp.measures_cipher else "",
            status=kp.status, village=village or "", last_contact=last.get(kp.id), next_contact_due=due,
            contact_overdue=due < today, in_sensitive_period=period_name))
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="key_person.list", target_type="key_person",
                 target_id="", details={"count": len(out)})
    return out


def contacts(ctx: AppContext, session: Session, actor: Actor, kp_id: int) -> list[ContactView]:
    require_see(session, actor)
    _get(session, kp_id)
    staff = dict(session.execute(select(Staff.id, Staff.display_name)).all())
    rows = session.scalars(select(KeyPersonContact).where(KeyPersonContact.key_person_id == kp_id)
                           .order_by(KeyPersonContact.on.desc(), KeyPersonContact.id.desc()))
    out = [ContactView(c.on, c.kind, ctx.cipher.decrypt(c.note_cipher, context=NOTE_CONTEXT) if c.note_cipher
                       else "", staff.get(c.by_id, "")) for c in rows]
    _log(ctx, session, actor, "key_person.contacts", kp_id, count=len(out))
    return out


def notice_for(ctx: AppContext, session: Session, actor: Actor, petitioner_id: int) -> KeyPersonNotice | None:
    """The history panel's hook: whether the person being registered is a key person. Everyone at the desk
    learns that, and whom to tell (the responsible cadre); the reason and status only an entitled user."""
    kp = session.scalar(select(KeyPerson).where(KeyPerson.petitioner_id == petitioner_id,
                                                KeyPerson.removed_on.is_(None)))
    if kp is None:
        return None
    cadre = kp.cadre_name
    if kp.cadre_id is not None:
        staff = session.get(Staff, kp.cadre_id)
        cadre = staff.display_name if staff else ""
    entitled = can_see(session, actor)
    _log(ctx, session, actor, "key_person.registered_visit", kp.id, entitled=entitled)
    return KeyPersonNotice(kind=kp.kind, cadre=cadre, status=kp.status if entitled else None,
                           reason=ctx.cipher.decrypt(kp.reason_cipher, context=REASON_CONTEXT) if entitled else "")
