"""The decision letter 《信访处理意见书》: drafting, two signatures bound to its content, finalising.

A signature records the SHA-256 of the content it was given on; any later edit changes the hash, which
voids the signature, so the letter cannot be finalised until both named signers sign the new text."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import DecisionLetter, LetterSignature, Matter, Staff
from desktop.domain.enums import LetterStatus, Outcome, Role, SignerRole
from desktop.domain.errors import IllegalTransition, InvalidInput, NotFound, PermissionDenied, ValidationError
from desktop.domain.letter_rules import LETTER_SECTIONS, check_letter_content
from desktop.domain.lifecycle import Step, check
from desktop.services import numbering
from desktop.services.context import AppContext
from desktop.services.intake import _log, matter_by_number
from desktop.services.office import IDENTITY_FOR_LETTERS, load_profile, require_identity
from desktop.services.permissions import Actor, Permission
from desktop.services.status_history import record_change


def content_hash(case_number: str, sections: Mapping[str, str], outcome: Outcome | None, review_body: str) -> str:
    """Canonical hash of what the letter says (not how it is printed or who signed)."""
    payload = json.dumps({"case": case_number, "sections": {k: sections.get(k, "") for k in LETTER_SECTIONS},
                          "outcome": outcome.value if outcome else None, "review_body": review_body},
                         ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def current_letter(session: Session, matter_id: int) -> DecisionLetter | None:
    stmt = select(DecisionLetter).where(DecisionLetter.matter_id == matter_id).order_by(DecisionLetter.id.desc())
    return session.scalars(stmt).first()


def default_remedies(review_body: str, days: int) -> str:
    return (f"如对本处理意见不服，可以自收到本意见书之日起{days}日内，向{review_body}提出复查申请。")


def default_dept_head(session: Session, matter: Matter) -> Staff | None:
    if matter.department_id is None:
        return None
    stmt = select(Staff).where(Staff.department_id == matter.department_id, Staff.active.is_(True))
    return next((s for s in session.scalars(stmt) if Role.DEPT_HEAD in s.role_set), None)


def save_draft(ctx: AppContext, session: Session, actor: Actor, case_number: str, sections: Mapping[str, str],
               outcome: Outcome | None, *, dept_head_id: int | None = None,
               case_lead_id: int | None = None) -> DecisionLetter:
    """Creates or edits the draft; an edit that changes the content voids every signature on it."""
    actor.require(Permission.DRAFT_LETTER)
    matter = matter_by_number(session, case_number, lock=True)
    check(matter.status, Step.DRAFT_LETTER)
    unknown = set(sections) - set(LETTER_SECTIONS)
    if unknown:
        raise ValidationError("unknown_section", field="sections", sections=sorted(unknown))
    profile, rules = load_profile(session), ctx.rules(session)
    clean = {k: (sections.get(k) or "").strip() for k in LETTER_SECTIONS}
    if not clean["remedies"]:
        clean["remedies"] = default_remedies(profile.review_body, rules.review_request_within.amount)
    letter = current_letter(session, matter.id)
    if letter is not None and letter.status == LetterStatus.FINAL and matter.status.value != "under_review":
        raise IllegalTransition("letter_final", step="draft_letter", status=matter.status.value, missing=[])
    new_hash = content_hash(matter.case_number, clean, outcome, profile.review_body)
    now = ctx.now()
    if letter is None or letter.status == LetterStatus.FINAL:
        head = default_dept_head(session, matter)
        letter = DecisionLetter(matter_id=matter.id, created_by_id=actor.id, created_at=now,
                                status=LetterStatus.DRAFT, dept_head_id=head.id if head else None,
                                case_lead_id=matter.case_lead_id, content_sha256="")
        session.add(letter)
    voided = 0
    if letter.content_sha256 and letter.content_sha256 != new_hash:
        for sig in _valid_signatures(session, letter):
            sig.voided_at = now
            voided += 1
    letter.sections, letter.outcome, letter.review_body = clean, outcome, profile.review_body
    letter.content_sha256, letter.updated_at = new_hash, now
    if dept_head_id is not None:
        letter.dept_head_id = dept_head_id
    if case_lead_id is not None:
        letter.case_lead_id = case_lead_id
    session.flush()
    _log(ctx, session, actor, matter, "letter.draft", letter=letter.id, content_sha256=new_hash,
         voided_signatures=voided)
    return letter


def _valid_signatures(session: Session, letter: DecisionLetter) -> list[LetterSignature]:
    stmt = select(LetterSignature).where(LetterSignature.letter_id == letter.id, LetterSignature.voided_at.is_(None))
    return list(session.scalars(stmt))


def valid_signatures(session: Session, letter: DecisionLetter) -> dict[SignerRole, LetterSignature]:
    """Signatures that still match the letter's current content, by role."""
    return {s.signer_role: s for s in _valid_signatures(session, letter) if s.content_sha256 == letter.content_sha256}


def sign(ctx: AppContext, session: Session, actor: Actor, case_number: str, role: SignerRole,
         strokes: list[Any]) -> LetterSignature:
    """Only the person named for ``role`` on this letter may sign, signed in as themselves."""
    actor.require(Permission.SIGN_LETTER)
    matter = matter_by_number(session, case_number, lock=True)
    check(matter.status, Step.SIGN_LETTER)
    letter = current_letter(session, matter.id)
    if letter is None:
        raise NotFound("not_found", what="letter")
    if letter.status == LetterStatus.FINAL:
        raise IllegalTransition("letter_final", step="sign_letter", status=matter.status.value, missing=[])
    named = letter.dept_head_id if role == SignerRole.DEPT_HEAD else letter.case_lead_id
    if named is None or named != actor.id:
        raise PermissionDenied("not_named_signer", user=actor.username, role=role.value)
    if not strokes:
        raise ValidationError("signature_empty", field="signature")
    now = ctx.now()
    for old in _valid_signatures(session, letter):
        if old.signer_role == role:
            old.voided_at = now
    sig = LetterSignature(letter_id=letter.id, signer_id=actor.id, signer_role=role, signed_at=now,
                          content_sha256=letter.content_sha256, strokes=list(strokes))
    session.add(sig)
    session.flush()
    _log(ctx, session, actor, matter, "letter.sign", letter=letter.id, role=role.value,
         content_sha256=letter.content_sha256)
    return sig


def finalize(ctx: AppContext, session: Session, actor: Actor, case_number: str) -> DecisionLetter:
    """Checks every section and the vague-phrase list, both signatures on the current text; numbers it."""
    actor.require(Permission.DRAFT_LETTER)
    matter = matter_by_number(session, case_number, lock=True)
    check(matter.status, Step.FINALIZE_LETTER)
    letter = current_letter(session, matter.id)
    if letter is None:
        raise NotFound("not_found", what="letter")
    if letter.status == LetterStatus.FINAL:
        return letter
    problems = check_letter_content(letter.sections, ctx.rules(session))
    missing: list[str] = []
    if letter.outcome is None:
        missing.append("outcome")
    signed = valid_signatures(session, letter)
    missing += [f"signature_{r.value}" for r in SignerRole if r not in signed]
    if problems:
        raise InvalidInput([ValidationError(p.code, field=f"sections.{p.section}", section=p.section, phrase=p.phrase,
                                            start=p.start, end=p.end) for p in problems])
    if missing:
        raise IllegalTransition("letter_incomplete", step="finalize_letter", status=matter.status.value,
                                missing=missing)
    # The number carries the organ's code and the letter names the superior organ: both set first.
    profile = require_identity(session, IDENTITY_FOR_LETTERS)
    year = ctx.today().year
    letter.document_number = numbering.format_document_number(
        profile.document_code, year, numbering.next_value(session, "letter", year))
    letter.status, letter.finalized_at = LetterStatus.FINAL, ctx.now()
    _log(ctx, session, actor, matter, "letter.finalize", letter=letter.id, document_number=letter.document_number,
         content_sha256=letter.content_sha256)
    return letter


def deliver(ctx: AppContext, session: Session, actor: Actor, case_number: str, delivered_on: date | None = None
            ) -> Matter:
    """The final letter handed to the petitioner (三见面 "after"): the matter is replied."""
    actor.require(Permission.DRAFT_LETTER)
    matter = matter_by_number(session, case_number, lock=True)
    new_status = check(matter.status, Step.DELIVER_LETTER)
    letter = current_letter(session, matter.id)
    if letter is None or letter.status != LetterStatus.FINAL:
        raise IllegalTransition("illegal_transition", step="deliver_letter", status=matter.status.value,
                                missing=["final_letter"])
    letter.delivered_on = delivered_on or ctx.today()
    matter.status = new_status
    record_change(ctx, session, matter, on=letter.delivered_on)
    _log(ctx, session, actor, matter, "letter.deliver", letter=letter.id, on=letter.delivered_on.isoformat())
    return matter
