"""gzip for data responses: JSON, GeoJSON and CSV (the API, map layers, exports).

HTML pages are left alone: they carry the CSRF token next to text a visitor can put in the
page, which is what the BREACH attack needs of a compressed response. Data responses carry
neither, and are where the bytes are (a map layer of 2,000 points, an export of a million
rows). Static files are compressed ahead of time by WhiteNoise (``collectstatic``).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

COMPRESSED_TYPES = ("application/json", "application/geo+json", "text/csv")


class GZipDataMiddleware(GZipMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        if content_type not in COMPRESSED_TYPES:
            return response
        return super().process_response(request, response)
