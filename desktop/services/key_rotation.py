"""``reception keys rotate``: a new field key, and every field it protects encrypted again.

Steps, each safe to interrupt and run again:
1. the new key is written to ``field.key.next`` (kept if it is already there, so a re-run resumes with it);
2. in ONE database transaction every encrypted field and keyed index (petitioners, representatives, intake
   drafts) is re-encrypted, the database's field-key fingerprint becomes the new key's, and the rotation is
   audited; an interruption rolls all of it back and the old key still opens everything;
3. after the commit the files are swapped: ``field.key`` → ``field.key.retired-<time>``, ``field.key.next`` →
   ``field.key`` (and the office certificate's passphrase file likewise). If the process dies between 2 and 3,
   opening the database finishes the swap (the ``.next`` key is the one the database names)."""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import InstallationKey, IntakeDraft, Petitioner, Representative
from desktop.domain.errors import IntegrityFailure
from desktop.security.fields import FieldCipher
from desktop.security.keyfile import KeyKind, KeyMismatch, KeyStore, fingerprint_of, write_private
from desktop.services import audit, drafts, office_assets
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission
from desktop.services.petitioners import ID_CONTEXT, PHONE_CONTEXT, TAIL, TAIL_CONTEXT


@dataclass(frozen=True)
class RotationResult:
    petitioners: int
    representatives: int
    drafts: int
    retired: Path
    resumed: bool


def next_path(keys: KeyStore) -> Path:
    return keys.field_key_path.with_name("field.key.next")


def _pass_next() -> Path:
    return office_assets.office_dir() / (office_assets.PASS_FILE + ".next")


def rotate(ctx: AppContext, actor: Actor) -> RotationResult:
    actor.require(Permission.MANAGE_KEYS)
    keys = ctx.keys
    pending = next_path(keys)
    resumed = pending.exists()
    if not resumed:
        write_private(pending, KeyStore.new_material(KeyKind.FIELD))
    new_material = pending.read_bytes()
    old, new = ctx.cipher, FieldCipher(new_material)
    with ctx.db.session() as session:
        counts = _reencrypt(session, old, new)
        stored = session.get(InstallationKey, KeyKind.FIELD.value)
        if stored is None or stored.fingerprint != keys.fingerprint(KeyKind.FIELD):
            raise KeyMismatch(path=str(keys.field_key_path))
        stored.fingerprint = fingerprint_of(new_material)
        passphrase = office_assets.office_dir() / office_assets.PASS_FILE
        if passphrase.is_file():
            clear = old.decrypt(passphrase.read_bytes(), context=office_assets.PASS_CONTEXT)
            write_private(_pass_next(), new.encrypt(clear, context=office_assets.PASS_CONTEXT), replace=True)
        audit.record(session, at=ctx.now(), actor_id=actor.id, action="keys.rotate", target_type="key",
                     target_id=KeyKind.FIELD.value, details={**counts, "resumed": resumed,
                                                              "fingerprint": stored.fingerprint[:16]})
    retired = finish_swap(keys, ctx.now().strftime("%Y%m%dT%H%M%S"))
    ctx.__dict__.pop("cipher", None)  # the cached cipher held the old key
    return RotationResult(counts["petitioners"], counts["representatives"], counts["drafts"], retired, resumed)


def _reencrypt(session: Session, old: FieldCipher, new: FieldCipher) -> dict[str, int]:
    def again(blob: bytes | None, context: str) -> bytes | None:
        return None if blob is None else new.encrypt(old.decrypt(blob, context=context), context=context)

    people = 0
    for p in session.scalars(select(Petitioner).where(
            (Petitioner.id_cipher.is_not(None)) | (Petitioner.phone_cipher.is_not(None)))):
        if p.id_cipher is not None:
            number = old.decrypt(p.id_cipher, context=ID_CONTEXT)
            p.id_cipher, p.id_index = new.encrypt(number, context=ID_CONTEXT), new.blind_index(number, context=ID_CONTEXT)
            p.id_tail_index = new.blind_index(number.strip().upper()[-TAIL:], context=TAIL_CONTEXT)
        if p.phone_cipher is not None:
            phone = old.decrypt(p.phone_cipher, context=PHONE_CONTEXT)
            p.phone_cipher = new.encrypt(phone, context=PHONE_CONTEXT)
            p.phone_index = new.blind_index(phone, context=PHONE_CONTEXT)
        people += 1
    reps = 0
    for r in session.scalars(select(Representative).where(
            (Representative.id_cipher.is_not(None)) | (Representative.phone_cipher.is_not(None)))):
        if r.id_cipher is not None:
            number = old.decrypt(r.id_cipher, context=ID_CONTEXT)
            r.id_cipher, r.id_index = new.encrypt(number, context=ID_CONTEXT), new.blind_index(number, context=ID_CONTEXT)
        r.phone_cipher = again(r.phone_cipher, PHONE_CONTEXT)
        reps += 1
    sealed = 0
    for d in session.scalars(select(IntakeDraft)):
        stored = d.payload or {}
        if "blob" not in stored:
            continue
        try:
            text = old.decrypt(base64.b64decode(stored["blob"]), context=drafts.CONTEXT)
        except (ValueError, IntegrityFailure):
            continue  # a damaged draft is skipped when read (drafts.latest); it stays as it is
        blob = new.encrypt(text, context=drafts.CONTEXT)
        d.payload = {**stored, "blob": base64.b64encode(blob).decode("ascii")}
        sealed += 1
    prevention = _reencrypt_prevention(session, again)
    session.flush()
    return {"petitioners": people, "representatives": reps, "drafts": sealed, "prevention": prevention}


def _reencrypt_prevention(session: Session, again) -> int:  # type: ignore[no-untyped-def]
    """The screening ledger's parties and key persons, and the key-person register's reasons, measures and
    contact notes (desktop/prevention): encrypted with the same field key."""
    from desktop.db.models import KeyPerson, KeyPersonContact, ScreeningItem
    from desktop.prevention.key_persons import MEASURES_CONTEXT, NOTE_CONTEXT, REASON_CONTEXT
    from desktop.prevention.screening import KEY_PERSONS_CONTEXT, PARTIES_CONTEXT

    count = 0
    for item in session.scalars(select(ScreeningItem).where(
            ScreeningItem.parties_cipher.is_not(None) | ScreeningItem.key_persons_cipher.is_not(None))):
        item.parties_cipher = again(item.parties_cipher, PARTIES_CONTEXT)
        item.key_persons_cipher = again(item.key_persons_cipher, KEY_PERSONS_CONTEXT)
        count += 1
    for kp in session.scalars(select(KeyPerson)):
        kp.reason_cipher = again(kp.reason_cipher, REASON_CONTEXT)
        kp.measures_cipher = again(kp.measures_cipher, MEASURES_CONTEXT)
        count += 1
    for contact in session.scalars(select(KeyPersonContact).where(KeyPersonContact.note_cipher.is_not(None))):
        contact.note_cipher = again(contact.note_cipher, NOTE_CONTEXT)
        count += 1
    return count


def finish_swap(keys: KeyStore, stamp: str) -> Path:
    """Puts ``field.key.next`` in place (the old key kept aside, owner-only, for backups made before)."""
    pending, current = next_path(keys), keys.field_key_path
    retired = current.with_name(f"field.key.retired-{stamp}")
    if current.exists():
        os.replace(current, retired)
    os.replace(pending, current)
    if _pass_next().exists():
        os.replace(_pass_next(), office_assets.office_dir() / office_assets.PASS_FILE)
    return retired


def finish_interrupted(keys: KeyStore, stored_fingerprint: str) -> bool:
    """At start: if the database already names the ``.next`` key (died after the commit), finish the swap."""
    pending = next_path(keys)
    if pending.exists() and fingerprint_of(pending.read_bytes()) == stored_fingerprint:
        finish_swap(keys, "interrupted")
        return True
    return False
