from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("cari.json", views.search_json, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/akui/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/status/", views.change_status, name="status"),
    path("akui/<str:token>/", views.ack_link, name="ack_link"),
    path("langganan/", views.subscriptions, name="subscriptions"),
    path("langganan/kanal/", views.channel_new, name="channel_new"),
    path("langganan/baru/", views.subscription_new, name="subscription_new"),
    path("langganan/<str:what>/<int:pk>/hapus/", views.delete, name="delete"),
    path("aturan/", views.rules, name="rules"),
    path("aturan/baru/", views.rule_edit, name="rule_new"),
    path("aturan/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("aturan/langganan/", views.managed_subscription_new, name="managed_subscription_new"),
    path(
        "aturan/langganan/<int:pk>/hapus/",
        views.managed_subscription_delete,
        name="managed_subscription_delete",
    ),
]
