"""Attachments: size and type limits (settings with defaults), sanitised names, random storage."""

from __future__ import annotations

import os
import unicodedata
import uuid

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from kezek.accounts.models import User
from kezek.servicedesk.models import Attachment, Reply, Request

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Extension -> the file's first bytes must start with one of these (None: plain text).
DEFAULT_TYPES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "txt": None,
    "csv": None,
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain",
    "csv": "text/csv",
}


def max_bytes() -> int:
    return int(getattr(settings, "SERVICEDESK_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_BYTES))


def allowed_extensions() -> frozenset[str]:
    configured = getattr(settings, "SERVICEDESK_ATTACHMENT_EXTENSIONS", None)
    return frozenset(configured) if configured is not None else frozenset(DEFAULT_TYPES)


def sanitise_name(name: str) -> str:
    """A safe display name: no path, no control characters, at most 120 characters."""
    base = os.path.basename(name.replace("\\", "/"))
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if ch.isprintable())
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    stem = stem.strip(" .")[:100] or "file"
    try:
        safe = get_valid_filename(f"{stem}.{extension}" if extension else stem)
    except SuspiciousFileOperation:  # get_valid_filename refuses names like ".."
        safe = "file"
    return safe[:120]


def attachment_validate(upload: UploadedFile) -> str:
    """The lower-case extension of an acceptable upload; ``ValidationError`` otherwise."""
    name = sanitise_name(upload.name or "")
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in allowed_extensions():
        raise ValidationError(
            _("Files of type “%(extension)s” are not accepted; allowed: %(allowed)s.")
            % {"extension": extension or "?", "allowed": ", ".join(sorted(allowed_extensions()))}
        )
    limit = max_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
        )
    head = upload.read(16)
    upload.seek(0)
    magic = DEFAULT_TYPES.get(extension)
    if magic is not None and not head.startswith(magic):
        raise ValidationError(
            _("The file’s content is not a %(extension)s file.") % {"extension": extension}
        )
    if magic is None and b"\x00" in head:
        raise ValidationError(_("A text file must not contain binary data."))
    return extension


def attachment_create(
    *, request: Request, upload: UploadedFile, user: User, reply: Reply | None = None
) -> Attachment:
    """Store ``upload`` under MEDIA with a random name; called inside the request's services."""
    extension = attachment_validate(upload)
    display = sanitise_name(upload.name or "file")
    attachment = Attachment(
        request=request,
        reply=reply,
        name=display,
        size=upload.size or 0,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        uploaded_by=user,
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
    attachment.full_clean()
    attachment.save()
    return attachment
