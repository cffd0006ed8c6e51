"""Helpers the channel modules share."""

import hmac
import json

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from ..drafts import Raw
from .base import Malformed


def raw_of(request, header_names=()) -> Raw:
    """The request body unchanged, its content type and the headers worth keeping."""
    keep = ("Content-Type", "User-Agent", *header_names)
    headers = {name: request.headers[name] for name in keep if name in request.headers}
    return Raw(
        body=request.body, content_type=request.META.get("CONTENT_TYPE", ""), headers=headers
    )


def json_body(request):
    if request.content_type != "application/json":
        raise Malformed("expected application/json")
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as e:
        raise Malformed(f"malformed JSON: {e}") from e


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


def localised(func, *args, **kwargs) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(func(*args, **kwargs))


def help_text() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "Waspada: describe what happened, where and when. You may then share your "
            "location or send a photo. To follow a report, send CEK <tracking code>."
        )
