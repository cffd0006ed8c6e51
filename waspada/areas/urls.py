from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("", views.regency, name="regency"),
    path("peta.geojson", views.geojson, name="geojson"),
    path("cari.json", views.search_json, name="search"),
    path("<str:code>/", views.detail, name="detail"),
]
