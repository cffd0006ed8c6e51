"""ODK Collect / KoboToolbox: submissions of the shipped XLSForm (waspada/intake/forms/),
filled offline and sent when there is signal, forwarded by KoboToolbox's REST Service as
JSON (one POST per submission, HTTP Basic auth configured on the service).

Field names are those of the XLSForm: ``deskripsi``, ``judul``, ``waktu_kejadian``,
``kecamatan``, ``desa`` (codes with ``_`` for ``.``), ``lokasi`` (geopoint), ``tempat``,
``anonim``, ``nama``, ``telepon``; group prefixes (``laporan/deskripsi``) are ignored.
Photos listed in ``_attachments`` are fetched with the KoboToolbox API token. ODK Central
has no push: ``waspada.intake.odk_central`` pulls its submissions into the same shape.
"""

import base64
import binascii

from django.conf import settings
from django.http import JsonResponse
from django.utils.dateparse import parse_datetime

from waspada.lib import http

from ..drafts import Draft, Raw
from ..models import Channel
from .base import InboundChannel, Malformed, Rejected
from .common import json_body, raw_of, same


def _flat(data: dict) -> dict:
    """Submission fields without group prefixes (``laporan/deskripsi`` → ``deskripsi``)."""
    return {key.rsplit("/", 1)[-1]: value for key, value in data.items()}


def _code(value) -> str:
    return str(value or "").strip().replace("_", ".")


def _geopoint(value) -> tuple[float | None, float | None]:
    if isinstance(value, list | tuple) and len(value) >= 2:
        return value[0], value[1]
    parts = str(value or "").split()
    if len(parts) >= 2:
        return parts[0], parts[1]
    return None, None


def submission_draft(data: dict, raw: Raw) -> Draft:
    """A draft from one submission of the XLSForm, as KoboToolbox's REST Service sends it
    (ODK Central's submissions are first put in this shape: ``waspada.intake.odk_central``)."""
    fields = _flat(data)
    message_id = str(fields.get("instanceID") or data.get("_uuid") or data.get("_id") or "")
    if not message_id:
        raise Malformed("submission without _uuid or meta/instanceID")
    lat, lon = _geopoint(fields.get("lokasi") or data.get("_geolocation"))
    anonymous = str(fields.get("anonim", "yes")).lower() in ("yes", "ya", "1", "true")
    occurred = (
        parse_datetime(str(fields.get("waktu_kejadian") or ""))
        if fields.get("waktu_kejadian")
        else None
    )
    draft = Draft(
        channel=Channel.ODK,
        raw=raw,
        message_id=message_id[:200],
        text=str(fields.get("deskripsi") or ""),
        title=str(fields.get("judul") or ""),
        occurred_at=occurred,
        lat=lat,
        lon=lon,
        area_code=_code(fields.get("desa") or fields.get("kecamatan")),
        place_text=str(fields.get("tempat") or ""),
        anonymous=anonymous,
        identity=None
        if anonymous
        else {"name": fields.get("nama", ""), "phone": fields.get("telepon", "")},
    )
    if lat is None and data.get("_geolocation"):
        draft.lat, draft.lon = _geopoint(data["_geolocation"])
    for attachment in data.get("_attachments") or []:
        url = attachment.get("download_url") or attachment.get("download_large_url")
        if url:
            ref = {"url": url, "name": attachment.get("filename", "").rsplit("/", 1)[-1]}
            if attachment.get("source"):
                ref["source"] = attachment["source"]
            draft.remote_media.append(ref)
    return draft


class KoboChannel(InboundChannel):
    name = Channel.ODK
    answers_by_send = False

    def enabled(self) -> bool:
        return bool(settings.WASPADA_KOBO_USERNAME and settings.WASPADA_KOBO_PASSWORD)

    def authenticate(self, request) -> None:
        scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
        try:
            user, _sep, password = base64.b64decode(value).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user = password = ""
        if scheme.lower() != "basic" or not (
            same(user, settings.WASPADA_KOBO_USERNAME)
            and same(password, settings.WASPADA_KOBO_PASSWORD)
        ):
            raise Rejected("bad credentials", status=401)

    def parse(self, request) -> list[Draft]:
        data = json_body(request)
        if not isinstance(data, dict):
            raise Malformed("expected a submission object")
        return [submission_draft(data, raw_of(request))]

    def respond(self, request, outcomes):
        return JsonResponse(
            {
                "ok": True,
                "tracking_codes": [
                    o.report.tracking_code for o in outcomes if o.report is not None
                ],
            }
        )

    def fetch_media(self, ref: dict) -> tuple[bytes, str]:
        headers, auth = {}, None
        if ref.get("source") == "central":
            auth = (settings.WASPADA_ODK_CENTRAL_EMAIL, settings.WASPADA_ODK_CENTRAL_PASSWORD)
        elif settings.WASPADA_KOBO_API_TOKEN:
            headers["Authorization"] = f"Token {settings.WASPADA_KOBO_API_TOKEN}"
        response = http.get(
            ref["url"],
            headers=headers,
            auth=auth,
            max_bytes=settings.WASPADA_INTAKE_MAX_ATTACHMENT_BYTES,
        )
        return response.body, ref.get("name", "")


CHANNELS = [KoboChannel()]
