from django.urls import path

from . import api

urlpatterns = [
    path("", api.ReportListCreate.as_view(), name="reports"),
    path("<str:tracking_code>/", api.ReportDetail.as_view(), name="report"),
]
