"""Friendly error pages (Indonesian by default, English on request) in the site's layout, with
its navigation: 400, 403, 404, 413, 429 and 500. The API (/api/) answers in JSON instead."""

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _texts(status: int) -> tuple[str, str]:
    return {
        400: (
            _("The request could not be read"),
            _("Something in what was sent is not valid. Go back, check it and try again."),
        ),
        403: (
            _("Access denied"),
            _("Your account may not open this page. Ask an administrator if you need it."),
        ),
        404: (
            _("Page not found"),
            _("The page does not exist or has moved. Check the address, or start again below."),
        ),
        413: (
            _("What you sent is too large"),
            _(
                "The text or the files are larger than this server accepts. Nothing was "
                "stored. What you typed is still kept on your phone or computer: shorten "
                "it or send fewer or smaller files, then send again."
            ),
        ),
        429: (
            _("Too many requests"),
            _("Please wait a while before trying again."),
        ),
        500: (
            _("Something went wrong"),
            _(
                "The server could not answer. The error has been logged for the "
                "administrators. Please try again in a few minutes."
            ),
        ),
    }[status]


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def error_response(request: HttpRequest, status: int, message: str | None = None) -> HttpResponse:
    """The error page for ``status`` (JSON under /api/), with an optional specific message."""
    title, text = _texts(status)
    if wants_json(request):
        return JsonResponse({"detail": message or text}, status=status)
    context = {"status": status, "title": title, "text": text, "message": message or ""}
    try:
        html = loader.render_to_string("errors/error.html", context, request=request)
    except Exception:  # the layout itself failed (e.g. the database is down): a bare page
        logger.exception("error page %s could not be rendered in the layout", status)
        html = loader.render_to_string("errors/bare.html", context)
    return HttpResponse(html, status=status)


def bad_request(request, exception=None):
    return error_response(request, 400)


def permission_denied(request, exception=None):
    return error_response(request, 403)


def page_not_found(request, exception=None):
    return error_response(request, 404)


def server_error(request):
    return error_response(request, 500)
