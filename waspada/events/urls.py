from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("peta.geojson", views.map_data, name="map_data"),
    path("cari.json", views.search_json, name="search"),
    path("kaitkan/", views.link, name="link"),
    path("baru/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ubah/", views.edit, name="edit"),
    path("<int:pk>/verifikasi/", views.verify, name="verify"),
    path("<int:pk>/tolak/", views.reject, name="reject"),
    path("<int:pk>/gabung/", views.merge, name="merge"),
    path("<int:pk>/pisah/", views.split, name="split"),
    path("<int:pk>/lampirkan/", views.attach, name="attach"),
    path("<int:pk>/lepas/", views.detach, name="detach"),
    path("ekspor/<str:fmt>/", views.export, name="export"),
    path("ekspor/tugas/<str:job>/", views.export_job, name="export_job"),
    path("ekspor/tugas/<str:job>/unduh/", views.export_download, name="export_download"),
    path("impor/", views.import_upload, name="import"),
    path("impor/<int:pk>/", views.import_preview, name="import_preview"),
    path("impor/<int:pk>/simpan/", views.import_commit, name="import_commit"),
    path("impor/<int:pk>/kemajuan/", views.import_progress, name="import_progress"),
]
