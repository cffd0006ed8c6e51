"""ODK Central: reports from the shipped XLSForm, pulled from Central's API.

Central cannot push submissions anywhere, so the worker's periodic job
(``intake.poll_odk_central``, every two minutes) asks for the form's submissions newer than
the last one stored, oldest first, through the OData feed
(``/v1/projects/{project}/forms/{form}.svc/Submissions``, HTTP Basic with a Central web user).
Each submission is put in the shape KoboToolbox sends (groups flattened, the GeoJSON point as
latitude/longitude, photo and recording file names as attachment URLs) and stored through the
same path as every channel. The cursor (``PullCursor``) moves after each stored submission, so
a failure part-way resumes where it stopped; the instance id makes a re-read submission one
report, never two.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings

from waspada.lib import http

from .channels.base import Malformed
from .channels.kobo import submission_draft
from .drafts import Raw
from .models import PullCursor

logger = logging.getLogger("waspada.intake.odk_central")

MAX_FEED_BYTES = 50 * 1024 * 1024
MEDIA_FIELDS = ("foto", "rekaman")


@dataclass
class PullResult:
    stored: int = 0  # new reports
    repeated: int = 0  # already stored (same instance id)
    refused: list[str] = field(default_factory=list)  # instance ids that cannot be reports


def configured() -> bool:
    return bool(
        settings.WASPADA_ODK_CENTRAL_URL
        and settings.WASPADA_ODK_CENTRAL_EMAIL
        and settings.WASPADA_ODK_CENTRAL_PROJECT
    )


def _form_url() -> str:
    base = settings.WASPADA_ODK_CENTRAL_URL.rstrip("/")
    form = quote(settings.WASPADA_ODK_CENTRAL_FORM, safe="")
    return f"{base}/v1/projects/{settings.WASPADA_ODK_CENTRAL_PROJECT}/forms/{form}"


def _auth() -> tuple[str, str]:
    return settings.WASPADA_ODK_CENTRAL_EMAIL, settings.WASPADA_ODK_CENTRAL_PASSWORD


def pull() -> PullResult:
    """Store every submission newer than the cursor, oldest first."""
    from .receive import receive

    cursor, _created = PullCursor.objects.get_or_create(source=f"odk_central:{_form_url()}")
    params = {"$orderby": "__system/submissionDate asc"}
    if cursor.value:
        params["$filter"] = f"__system/submissionDate gt {cursor.value}"
    feed = http.get(
        f"{_form_url()}.svc/Submissions",
        params=params,
        auth=_auth(),
        max_bytes=MAX_FEED_BYTES,
        retries=2,
    ).json()
    if not isinstance(feed, dict) or not isinstance(feed.get("value"), list):
        raise http.HttpError("ODK Central: not an OData submissions feed", permanent=True)
    result = PullResult()
    submissions = [s for s in feed["value"] if isinstance(s, dict)]
    submissions.sort(key=_submitted)  # older Central versions ignore $orderby
    for submission in submissions:
        try:
            outcome = receive("odk", as_kobo_draft(submission))
        except Malformed as e:
            logger.warning("ODK Central submission %s refused: %s", submission.get("__id"), e)
            result.refused.append(str(submission.get("__id", "")))
        else:
            if outcome.created:
                result.stored += 1
            else:
                result.repeated += 1
        cursor.value = _submitted(submission)
        cursor.save(update_fields=["value", "updated_at"])
    return result


def _submitted(submission: dict) -> str:
    return str((submission.get("__system") or {}).get("submissionDate") or "")


def as_kobo_draft(submission: dict):
    """A Central OData submission as the draft the KoboToolbox path makes of it."""
    instance = str(submission.get("__id") or "")
    data = {"_uuid": instance}
    for key, value in _leaves(submission):
        data[key] = value
    point = data.get("lokasi")
    if isinstance(point, dict):
        coordinates = point.get("coordinates") or []
        # GeoJSON is (longitude, latitude[, altitude])
        data["lokasi"] = [coordinates[1], coordinates[0]] if len(coordinates) >= 2 else None
    attachments = []
    for name in MEDIA_FIELDS:
        filename = data.pop(name, None)
        if filename and instance:
            url = (
                f"{_form_url()}/submissions/{quote(instance, safe='')}"
                f"/attachments/{quote(str(filename), safe='')}"
            )
            attachments.append({"download_url": url, "filename": filename, "source": "central"})
    data["_attachments"] = attachments
    raw = Raw(
        body=json.dumps(submission, ensure_ascii=False).encode("utf-8"),
        content_type="application/json",
        headers={"X-Source": "ODK Central OData"},
    )
    return submission_draft(data, raw)


def _leaves(node: dict, skip=("__id", "__system")):
    """(name, value) for every field of nested groups; a GeoJSON point is one value."""
    for key, value in node.items():
        if key in skip or key.startswith("@odata"):
            continue
        if isinstance(value, dict) and value.get("type") != "Point":
            yield from _leaves(value, skip=())
        else:
            yield key, value
