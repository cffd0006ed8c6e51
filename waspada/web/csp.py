"""The Content-Security-Policy header on every response.

Scripts only from this site's own files (no inline <script>, no eval, no CDN): data reach the
scripts through data- attributes and json_script blocks. Styles from the site's files plus
inline style attributes (colour swatches of the risk levels); images from the site, data: URIs
(Leaflet) and the optional tile server; the page may not be framed.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def policy() -> str:
    images = ["'self'", "data:", "blob:"]
    tiles = settings.WASPADA_TILE_URL
    if tiles:
        parts = urlsplit(tiles)
        if parts.scheme and parts.netloc:
            # Leaflet's {s} subdomains (a.tiles.example, b.…) as a wildcard.
            images.append(f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}")
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": images,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.header = policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.header)
        return response
