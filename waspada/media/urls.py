from django.urls import path

from . import views

app_name = "media"

urlpatterns = [
    path("", views.articles, name="articles"),
    path("<int:pk>/", views.article, name="article"),
    path("<int:pk>/triase/", views.article_triage, name="article_triage"),
    path("<int:pk>/asli/", views.article_raw, name="article_raw"),
    path("sumber/", views.sources, name="sources"),
    path("sumber/baru/", views.source_new, name="source_new"),
    path("sumber/<int:pk>/", views.source_edit, name="source_edit"),
    path("sumber/<int:pk>/ambil/", views.source_poll, name="source_poll"),
]
