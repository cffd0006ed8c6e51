from django.urls import path

from . import views
from .channels import webhook_channels

app_name = "intake"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("baru/", views.new, name="new"),
    path("formulir-odk.xlsx", views.xlsform, name="xlsform"),
    path("triase/", views.triage, name="triage"),
    path("cari.json", views.search_json, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tindak/", views.act, name="act"),
    path("<int:pk>/identitas/", views.identity, name="identity"),
    path("<int:pk>/mentah/", views.raw, name="raw"),
    path("lampiran/<int:pk>/", views.attachment, name="attachment"),
    # Public: anyone may report and follow a report by its tracking code.
    path("kirim/", views.public, name="public"),
    path("lacak/", views.track, name="track"),
    path("lacak/<str:code>/", views.track_code, name="track_code"),
]
# One webhook per channel that has one: /laporan/masuk/telegram/ …
urlpatterns += [
    path(f"masuk/{name}/", views.webhook, {"channel": name}, name=f"webhook_{name}")
    for name in webhook_channels()
]
