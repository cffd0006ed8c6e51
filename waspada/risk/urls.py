from django.urls import path

from . import views

app_name = "risk"
urlpatterns = [
    path("", views.risk_map, name="map"),
    path("peta.json", views.choropleth, name="choropleth"),
    path("wilayah/<str:code>/", views.panel, name="panel"),
    path("profil/", views.profile_list, name="profiles"),
    path("profil/impor/", views.profile_import, name="profile_import"),
    path("profil/templat.csv", views.profile_template, name="profile_template"),
    path("profil/<str:code>/", views.profile, name="profile"),
]
