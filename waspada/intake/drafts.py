"""What a channel makes of a delivery (a ``Draft``), and the checks every draft passes."""

import hmac
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from hashlib import sha256

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from waspada.areas.models import Area, Level
from waspada.lib import validators

from . import files


class DraftError(ValueError):
    """A delivery that cannot become a report; ``field`` names what is wrong."""

    def __init__(self, message: str, field: str = "text"):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class Upload:
    data: bytes
    name: str = ""
    content_type: str = ""  # filled by the content check


@dataclass
class Raw:
    body: bytes
    content_type: str = ""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Draft:
    channel: str
    raw: Raw
    text: str = ""
    title: str = ""
    message_id: str = ""
    occurred_at: datetime | None = None
    lat: float | None = None
    lon: float | None = None
    area_code: str = ""
    place_text: str = ""
    anonymous: bool = True
    identity: dict | None = None  # {"name", "phone", "email"}
    reply_to: dict | None = None  # channel address for answers
    sender_id: str = ""  # the channel's id of the sender (number, chat id)
    classification: str = ""
    language: str = ""  # the reporter's language, where the channel tells ("id", "en")
    created_by: object = None
    organisation: object = None
    uploads: list[Upload] = field(default_factory=list)
    remote_media: list[dict] = field(default_factory=list)
    # True for messages that only add to a conversation (a location, a photo without text).
    followup: bool = False
    # Resolved by validate():
    area: Area | None = None

    @property
    def sender_key(self) -> str:
        if not self.sender_id:
            return ""
        return hmac.new(
            settings.SECRET_KEY.encode(), f"{self.channel}:{self.sender_id}".encode(), sha256
        ).hexdigest()


_areas_lock = threading.Lock()
_areas: tuple[float, dict[str, Area]] | None = None
_AREAS_TTL = 600.0


def known_areas() -> dict[str, Area]:
    """The regency's desa and kecamatan by code (read once, refreshed every 10 minutes)."""
    global _areas
    with _areas_lock:
        if _areas is None or time.monotonic() - _areas[0] > _AREAS_TTL:
            rows = (
                Area.objects.in_regency()
                .filter(level__in=[Level.DESA, Level.KECAMATAN])
                .only("code", "name", "level", "parent_id", "lat", "lon")
            )
            _areas = (time.monotonic(), {a.code: a for a in rows})
        return _areas[1]


def validate(draft: Draft, *, require_text: bool = True) -> Draft:
    """Check a draft and resolve its area; raise DraftError with a message for the sender."""
    draft.text = (draft.text or "").strip()
    draft.title = (draft.title or "").strip()
    limit = settings.WASPADA_INTAKE_MAX_TEXT_CHARS
    if require_text and not draft.text and not draft.followup:
        raise DraftError(_("Please describe what happened."), "text")
    if len(draft.text) > limit:
        raise DraftError(
            _("The text is too long (%(n)d characters; at most %(limit)d).")
            % {"n": len(draft.text), "limit": limit},
            "text",
        )
    if len(draft.title) > 200:
        raise DraftError(_("The title is too long (at most 200 characters)."), "title")
    if len(draft.place_text) > 300:
        raise DraftError(_("The place is too long (at most 300 characters)."), "place_text")
    if draft.occurred_at is not None:
        try:
            validators.occurred_at(draft.occurred_at)
        except ValidationError as e:
            raise DraftError(validators.message(e), "occurred_at") from e
    _check_point(draft)
    if draft.area_code:
        draft.area = known_areas().get(draft.area_code.strip())
        if draft.area is None:
            raise DraftError(
                _("Unknown desa or kecamatan code: %(code)s.") % {"code": draft.area_code[:20]},
                "area",
            )
    _check_scope(draft)
    if len(draft.uploads) > settings.WASPADA_INTAKE_MAX_ATTACHMENTS:
        raise DraftError(
            _("Too many attachments (at most %(n)d).")
            % {"n": settings.WASPADA_INTAKE_MAX_ATTACHMENTS},
            "attachments",
        )
    for upload in draft.uploads:
        try:
            upload.content_type = files.check(upload.data)
        except files.AttachmentError as e:
            raise DraftError(str(e), "attachments") from e
    return draft


def _check_point(draft: Draft) -> None:
    if draft.lat is None and draft.lon is None:
        return
    try:
        draft.lat, draft.lon = validators.point_in_indonesia(draft.lat, draft.lon)
    except ValidationError as e:
        raise DraftError(validators.message(e), "location") from e


def _check_scope(draft: Draft) -> None:
    """A signed-in reporter with an area scope files reports inside it (area and point)."""
    user = draft.created_by
    if user is None or getattr(user, "scope_codes", lambda: None)() is None:
        return
    try:
        if draft.area is not None:
            validators.area_in_scope(user, draft.area)
    except ValidationError as e:
        raise DraftError(validators.message(e), "area") from e
    try:
        if draft.lat is not None:
            validators.point_in_scope(user, draft.lat, draft.lon)
    except ValidationError as e:
        raise DraftError(validators.message(e), "location") from e
