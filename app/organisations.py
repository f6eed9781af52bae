"""An organisation's profile (name, address, logo) as reports and CVs print it.

Its administrators edit it; a logo upload is judged by its bytes like any photo (media.inspect:
type sniffed, size and pixels limited) and stored as a clean PNG of at most LOGO_SIDE pixels,
so no EXIF (location, camera) of the original is ever kept or served."""

from __future__ import annotations

import base64
import secrets
import tempfile
from pathlib import Path

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import access
from app.accounts.models import User
from app.db import db
from app.errors import Invalid, UnsupportedMediaType
from app.people.models import Membership, Organisation
from media.inspect import inspect_file
from media.services import apply_blur_rule, media_limits, tmp_dir
from media.storage import StorageError, get_storage
from media.uploads import SpooledUpload
from media.variants import clean_rgb

#: A logo is a small picture: larger uploads are refused before they are looked at.
MAX_LOGO_BYTES = 2 * 1024 * 1024
#: The longest side a logo is kept at (enough for print at 3 cm).
LOGO_SIDE = 600


def update_profile(session: Session, actor: User, organisation_id, changes: dict) -> Organisation:
    access.require_administrator(session, actor, organisation_id)
    organisation = session.get(Organisation, organisation_id)
    for key in ("name", "address"):
        if key in changes:
            setattr(organisation, key, changes[key].strip())
    if not organisation.name:
        raise Invalid("An organisation needs a name.", {"name": ["Required."]})
    turned_on = changes.get("blur_faces_under_16") and not organisation.blur_faces_under_16
    if "blur_faces_under_16" in changes:
        organisation.blur_faces_under_16 = changes["blur_faces_under_16"]
    session.flush()
    if turned_on:
        for pupil in session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.organisation_id == organisation.id,
                Membership.role == "student",
                Membership.active(),
            )
        ):
            apply_blur_rule(session, pupil)
    return organisation


def set_logo(session: Session, actor: User, organisation_id, upload: SpooledUpload | None):
    """Replace the logo with the uploaded picture (a photo type only, cleaned and shrunk)."""
    access.require_administrator(session, actor, organisation_id)
    if upload is None:
        raise UnsupportedMediaType("Choose a picture for the logo.", {"file": ["Required."]})
    inspection = inspect_file(upload.path, media_limits())
    if inspection.kind != "photo":
        raise UnsupportedMediaType(
            "A logo is a picture: PNG, JPEG, WebP, HEIC or GIF.", {"file": ["Not a picture."]}
        )
    organisation = session.get(Organisation, organisation_id)
    storage = get_storage()
    key = f"organisations/{organisation.id.hex}/logo-{secrets.token_hex(8)}.png"
    with tempfile.TemporaryDirectory(dir=tmp_dir()) as work:
        clean = Path(work) / "logo.png"
        with Image.open(upload.path) as img:
            picture = clean_rgb(img)  # orientation applied, metadata dropped
        picture.thumbnail((LOGO_SIDE, LOGO_SIDE), Image.Resampling.LANCZOS)
        picture.save(clean, "PNG", optimize=True)
        storage.put_file(clean, key)
    db.on_rollback(lambda: storage.delete(key))
    old, organisation.logo_key = organisation.logo_key, key
    session.flush()
    if old:
        db.after_commit(lambda: storage.delete(old))
    return organisation


def remove_logo(session: Session, actor: User, organisation_id) -> Organisation:
    access.require_administrator(session, actor, organisation_id)
    organisation = session.get(Organisation, organisation_id)
    old, organisation.logo_key = organisation.logo_key, None
    session.flush()
    if old:
        db.after_commit(lambda: get_storage().delete(old))
    return organisation


def logo_bytes(organisation: Organisation) -> bytes | None:
    """The logo's PNG; None without one, or when its file is gone (replaced meanwhile): a
    document then prints the name alone rather than failing."""
    if not organisation.logo_key:
        return None
    try:
        with get_storage().open(organisation.logo_key) as fh:
            return fh.read()
    except StorageError:
        return None


def organisation_profile(organisation: Organisation | None) -> dict | None:
    """The organisation as a document prints it: name, address lines and the logo as a
    data: URI (it travels inside the page, so a PDF or a public page needs no media route)."""
    if organisation is None:
        return None
    logo = logo_bytes(organisation)
    return {
        "id": organisation.id,
        "name": organisation.name,
        "kind": organisation.kind,
        "address_lines": [
            line.strip() for line in organisation.address.splitlines() if line.strip()
        ],
        "logo_data_uri": f"data:image/png;base64,{base64.b64encode(logo).decode('ascii')}"
        if logo
        else None,
    }
