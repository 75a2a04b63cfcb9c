"""The staff's photos (the tracking card shows the first-handler's face): set by an administrator,
checked to be a real PNG or JPEG image of sensible size, stored with the staff row and audited."""

from __future__ import annotations

from io import BytesIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Staff
from desktop.domain.errors import NotFound, ValidationError
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission

MAX_BYTES = 2 * 1024 * 1024


def set_photo(ctx: AppContext, session: Session, actor: Actor, username: str, image: bytes) -> Staff:
    """Stores ``image`` (PNG or JPEG, at most 2 MB) as ``username``'s photo; the card prints it."""
    import hashlib

    from PIL import Image, UnidentifiedImageError

    actor.require(Permission.MANAGE_USERS)
    staff = session.scalar(select(Staff).where(Staff.username == username))
    if staff is None:
        raise NotFound("user_not_found", what="user", user=username)
    if len(image) > MAX_BYTES:
        raise ValidationError("photo_invalid", field="photo", reason="too_large")
    try:
        with Image.open(BytesIO(image)) as img:
            kind = img.format
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError("photo_invalid", field="photo", reason="not_an_image") from exc
    if kind not in ("PNG", "JPEG"):
        raise ValidationError("photo_invalid", field="photo", reason="format")
    staff.photo_png = image
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="staff.photo", target_type="staff",
                 target_id=username, details={"sha256": hashlib.sha256(image).hexdigest(), "size": len(image)})
    return staff
