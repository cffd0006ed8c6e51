from django.urls import path

from . import views

app_name = "community"
urlpatterns = [
    path("", views.group_list, name="groups"),
    path("kelompok/baru/", views.group_new, name="group_new"),
    path("kelompok/<int:pk>/", views.group_detail, name="group"),
    path("kelompok/<int:pk>/ubah/", views.group_edit, name="group_edit"),
    path("kelompok/<int:pk>/kontak/", views.group_contacts, name="group_contacts"),
    path("kelompok/<int:pk>/tokoh/", views.leader_add, name="leader_add"),
    path("kelompok/<int:pk>/relasi/", views.relation_add, name="relation_add"),
    path("kegiatan/", views.engagement_list, name="engagements"),
    path("kegiatan/peta.geojson", views.engagement_points, name="engagement_points"),
    path("kegiatan/baru/", views.engagement_new, name="engagement_new"),
    path("kegiatan/<int:pk>/", views.engagement_detail, name="engagement"),
    path("foto/<int:pk>/", views.photo, name="photo"),
    path("kesenjangan/", views.gap, name="gap"),
    path("kesenjangan/data.json", views.gap_data, name="gap_data"),
]
