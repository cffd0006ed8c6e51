from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("baru/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ubah/", views.edit, name="edit"),
    path("<int:pk>/status/", views.change_status, name="status"),
    path("<int:pk>/tindakan/", views.add_action, name="add_action"),
    path("tindakan/<int:pk>/selesai/", views.action_done, name="action_done"),
    path("rapat/", views.meeting_list, name="meetings"),
    path("rapat/baru/", views.meeting_new, name="meeting_new"),
    path("rapat/<int:pk>/", views.meeting_detail, name="meeting"),
    path("rapat/<int:pk>/hadir/", views.meeting_attend, name="meeting_attend"),
    path("rapat/<int:pk>/keputusan/", views.meeting_decide, name="meeting_decide"),
    path("rapat/<int:pk>/catatan/", views.meeting_notes, name="meeting_notes"),
    path("rapat/<int:pk>/notulen/", views.meeting_minutes, name="meeting_minutes"),
    path("rapat/<int:pk>/notulen.pdf", views.meeting_pdf, name="meeting_pdf"),
]
