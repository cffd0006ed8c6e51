"""Attachments: the type is read from the content (never from the name or the sender's
claim), the size is limited by a setting, and location metadata is stripped from images
that anyone but analysts downloads.
"""

import struct

from django.conf import settings
from django.utils.translation import gettext as _

ALLOWED = {
    "image/jpeg",
    "image/png",
    "image/webp",
    "audio/ogg",
    "audio/mpeg",
    "audio/mp4",
    "audio/amr",
    "audio/wav",
    "application/pdf",
}
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "audio/ogg": "ogg",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/amr": "amr",
    "audio/wav": "wav",
    "application/pdf": "pdf",
}


class AttachmentError(ValueError):
    pass


def sniff(data: bytes) -> str | None:
    """The content type of ``data`` judged by its first bytes, or None when unknown."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"#!AMR"):
        return "audio/amr"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if head[4:8] == b"ftyp" and head[8:12] in (b"M4A ", b"mp42", b"isom", b"3gp4", b"3gp5"):
        return "audio/mp4"
    return None


def check(data: bytes) -> str:
    """Return the content type of an acceptable attachment, or raise AttachmentError."""
    limit = settings.WASPADA_INTAKE_MAX_ATTACHMENT_BYTES
    if len(data) > limit:
        raise AttachmentError(
            _("The attachment is too large (%(size)d KB; at most %(limit)d KB).")
            % {"size": len(data) // 1024, "limit": limit // 1024}
        )
    if not data:
        raise AttachmentError(_("The attachment is empty."))
    content_type = sniff(data)
    if content_type not in ALLOWED:
        raise AttachmentError(
            _(
                "This type of file is not accepted; send a photo (JPEG, PNG, WebP), "
                "a recording (OGG, MP3, M4A, AMR, WAV) or a PDF."
            )
        )
    return content_type


def strippable(content_type: str) -> bool:
    return content_type in ("image/jpeg", "image/png", "image/webp")


def strip_metadata(data: bytes, content_type: str) -> bytes:
    """The image without EXIF/XMP/IPTC (where GPS positions and device names live)."""
    if content_type == "image/jpeg":
        return _strip_jpeg(data)
    if content_type == "image/png":
        return _strip_png(data)
    if content_type == "image/webp":
        return _strip_webp(data)
    raise AttachmentError(f"cannot strip metadata from {content_type}")


# APP1 (Exif, XMP), APP13 (Photoshop/IPTC), COM (comments).
_JPEG_DROP = {0xE1, 0xED, 0xFE}


def _strip_jpeg(data: bytes) -> bytes:
    out = bytearray(data[:2])
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise AttachmentError("damaged JPEG")
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xDA:  # start of scan: the rest is image data
            out += data[i:]
            return bytes(out)
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        segment = data[i : i + 2 + length]
        if marker not in _JPEG_DROP:
            out += segment
        i += 2 + length
    out += data[i:]
    return bytes(out)


_PNG_DROP = {b"eXIf", b"tEXt", b"iTXt", b"zTXt", b"tIME"}


def _strip_png(data: bytes) -> bytes:
    out = bytearray(data[:8])
    i = 8
    while i + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[i : i + 8])
        end = i + 12 + length
        if kind not in _PNG_DROP:
            out += data[i:end]
        i = end
        if kind == b"IEND":
            break
    return bytes(out)


def _strip_webp(data: bytes) -> bytes:
    chunks = bytearray()
    i = 12
    while i + 8 <= len(data):
        kind, length = struct.unpack("<4sI", data[i : i + 8])
        end = i + 8 + length + (length & 1)
        chunk = bytearray(data[i:end])
        if kind == b"VP8X" and len(chunk) > 8:
            chunk[8] &= ~(0x08 | 0x04) & 0xFF  # clear the EXIF and XMP flags
        if kind not in (b"EXIF", b"XMP "):
            chunks += chunk
        i = end
    return b"RIFF" + struct.pack("<I", len(chunks) + 4) + b"WEBP" + bytes(chunks)
