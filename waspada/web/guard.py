"""The request guard: refuses, before any view or database sees them,

- bodies larger than WASPADA_MAX_REQUEST_BYTES, from their Content-Length and without reading
  them (413), and form bodies whose fields pass DATA_UPLOAD_MAX_MEMORY_SIZE (413, not Django's
  bare 400);
- NUL bytes in the path, the query string, form fields or JSON strings (400): PostgreSQL text
  cannot hold them, and a query with one ended in a 500.
"""

import json
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from .errors import error_response

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _json_has_nul(body: bytes) -> bool:
    if b"\x00" in body:
        return True
    if b"\\u0000" not in body.lower():
        return False
    try:
        return _has_nul(json.loads(body))
    except ValueError:  # not JSON: the view says so
        return False


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Before LocaleMiddleware: the refusal is in the visitor's language all the same.
        with translation.override(translation.get_language_from_request(request)):
            refused = self.check(request)
        return refused if refused is not None else self.get_response(request)

    def check(self, request: HttpRequest) -> HttpResponse | None:
        nul = _("The request contains a NUL character (\\0), which is not allowed.")
        if "\x00" in request.path_info or _has_nul(dict(request.GET.lists())):
            return error_response(request, 400, nul)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(request, 400)
        if length > settings.WASPADA_MAX_REQUEST_BYTES:
            return self.too_large(request)
        if request.method in ("GET", "HEAD", "OPTIONS") or length == 0:
            return None
        content_type = request.content_type or ""
        if content_type in FORM_TYPES:
            try:
                fields = dict(request.POST.lists())
            except RequestDataTooBig:
                return self.too_large(request)
            except TooManyFieldsSent:
                return error_response(request, 400)
            if _has_nul(fields):
                return error_response(request, 400, nul)
        elif content_type == "application/json" or content_type.endswith("+json"):
            try:
                body = request.body
            except RequestDataTooBig:
                return self.too_large(request)
            if _json_has_nul(body):
                return error_response(request, 400, nul)
        return None

    @staticmethod
    def too_large(request: HttpRequest) -> HttpResponse:
        limit_mb = settings.WASPADA_MAX_REQUEST_BYTES / (1024 * 1024)
        message = _("At most %(mb).0f MB can be sent at once.") % {"mb": limit_mb}
        return error_response(request, 413, message)
