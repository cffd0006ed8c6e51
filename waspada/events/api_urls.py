from django.urls import path

from . import api

urlpatterns = [
    path("", api.EventList.as_view(), name="events"),
    path("<int:pk>/", api.EventDetail.as_view(), name="event"),
]
