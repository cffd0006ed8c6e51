from django.urls import path

from . import feeds, views

app_name = "bulletins"

urlpatterns = [
    path("", views.public, name="public"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("atom.xml", feeds.BulletinFeed(), name="atom"),
    path("buletin.json", feeds.json_feed, name="json"),
    path("kelola/", views.manage, name="manage"),
    path("kelola/baru/", views.new, name="new"),
    path("kelola/<int:pk>/", views.edit, name="edit"),
    path("kelola/<int:pk>/tinjau/", views.review, name="review"),
    path("kelola/<int:pk>/setujui/", views.approve, name="approve"),
    path("kelola/<int:pk>/tarik/", views.withdraw, name="withdraw"),
    path("laporan-situasi/", views.situation_report, name="sitrep"),
    path("laporan-situasi.pdf", views.situation_report_pdf, name="sitrep_pdf"),
    path("laporan-situasi/langganan/", views.sitrep_subscription, name="sitrep_subscription"),
]
