"""The site's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from waspada.urls import handler400, handler403, handler404, handler500  # noqa: F401
from waspada.urls import urlpatterns as site_urls


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("rusak/", boom), *site_urls]
