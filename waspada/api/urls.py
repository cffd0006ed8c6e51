"""The JSON API under /api/. Apps add their endpoints to ``urlpatterns`` below."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/reports/", include("waspada.intake.api_urls")),
    path("v1/events/", include("waspada.events.api_urls")),
]
