"""Alert pages, acknowledgement on the web, by signed link and by Telegram button;
subscriptions."""

import pytest
from django.urls import reverse

from waspada.alerts import links, services, telegram_ack
from waspada.alerts.models import Alert, Channel, Subscription

from .conftest import BOT_TOKEN


@pytest.fixture
def alert(personas):
    a = Alert(
        level="siaga",
        title="Bentrok warga",
        reason="Dua kelompok",
        area_id="64.02.06",
        organisation=personas["analyst"].organisation,
    )
    a.save()
    return a


def test_the_list_shows_open_alerts_in_scope(personas, client_for, alert):
    page = client_for(personas["reporter"]).get(reverse("alerts:list")).content.decode()
    assert "Bentrok warga" in page
    other = client_for(personas["outsider_analyst"]).get(reverse("alerts:list"))
    assert "Bentrok warga" not in other.content.decode()


def test_acknowledging_on_the_web_moves_the_alert_to_diakui(personas, client_for, alert):
    client = client_for(personas["leader"])
    response = client.post(reverse("alerts:acknowledge", args=[alert.pk]))
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == "diakui" and alert.acknowledged_by == personas["leader"]
    assert (
        "acknowledge-done" in client.get(reverse("alerts:detail", args=[alert.pk])).content.decode()
    )


def test_the_signed_link_acknowledges_only_on_post(client, personas, alert):
    url = links.ack_url(alert, personas["leader"]).split("waspada.test", 1)[1]
    page = client.get(url)
    assert page.status_code == 200 and 'id="acknowledge"' in page.content.decode()
    alert.refresh_from_db()
    assert alert.status == "baru"  # mail scanners and link previews fetch with GET
    assert 'id="acknowledged"' in client.post(url).content.decode()
    alert.refresh_from_db()
    assert alert.status == "diakui"
    assert alert.acknowledgements.get().via == "link"


def test_a_tampered_or_foreign_link_is_404(client, personas, alert):
    token = links.ack_token(alert, personas["leader"])
    assert client.get(reverse("alerts:ack_link", args=[token[:-2] + "xx"])).status_code == 404
    hidden = Alert(
        level="awas",
        title="x",
        reason="y",
        area_id="64.02.06",
        classification="rahasia",
        organisation=personas["analyst"].organisation,
    )
    hidden.save()
    token = links.ack_token(hidden, personas["partner"])  # a link the partner never got
    assert client.get(reverse("alerts:ack_link", args=[token])).status_code == 404


def test_the_telegram_button_acknowledges(service, personas, alert):
    service.script[f"/bot{BOT_TOKEN}/answerCallbackQuery"] = [(200, {"ok": True})]
    data = links.telegram_data(alert, personas["leader"])
    assert len(data) <= 64
    assert telegram_ack.handle_callback({"id": "cb1", "data": data})
    alert.refresh_from_db()
    assert alert.status == "diakui" and alert.acknowledgements.get().via == "telegram"
    assert service.to("/answerCallbackQuery")[0].json()["callback_query_id"] == "cb1"
    forged = data.rsplit(":", 1)[0] + ":" + "0" * 20
    assert not telegram_ack.handle_callback({"id": "cb2", "data": forged})
    assert alert.acknowledgements.count() == 1


def test_managers_set_status_and_link_a_case(personas, client_for, alert):
    client_for(personas["analyst"]).post(
        reverse("alerts:status", args=[alert.pk]), {"status": "ditangani", "case_ref": "kasus:7"}
    )
    alert.refresh_from_db()
    assert (alert.status, alert.case_ref) == ("ditangani", "kasus:7")


def test_a_user_adds_a_channel_and_subscribes(personas, client_for, settings):
    settings.WASPADA_SMS_GATEWAY_SEND_URL = "http://127.0.0.1:9/send"
    user = personas["reporter"]
    client = client_for(user)
    client.post(reverse("alerts:channel_new"), {"kind": "sms", "address": "0812 3456 7890"})
    channel = Channel.objects.get(user=user)
    assert channel.address == "+6281234567890"
    client.post(
        reverse("alerts:subscription_new"),
        {
            "areas": ["64.02.06"],
            "min_level": "siaga",
            "channels": [channel.pk],
            "sources": ["agama"],
        },
    )
    sub = Subscription.objects.get(user=user)
    assert (sub.min_level, sub.sources, list(sub.channels.all())) == ("siaga", ["agama"], [channel])
    page = client.get(reverse("alerts:subscriptions")).content.decode()
    assert "+6281234567890" in page
    other = client_for(personas["partner"])
    assert other.post(reverse("alerts:delete", args=["kanal", channel.pk])).status_code == 403
    client.post(reverse("alerts:delete", args=["kanal", channel.pk]))
    assert not Channel.objects.filter(pk=channel.pk).exists()


def test_a_bad_address_is_refused(personas, client_for):
    client_for(personas["reporter"]).post(
        reverse("alerts:channel_new"), {"kind": "email", "address": "not-an-address"}
    )
    assert not Channel.objects.exists()


def test_a_second_acknowledgement_changes_nothing(personas, alert):
    assert services.acknowledge(alert, personas["leader"], "web")
    assert not services.acknowledge(alert, personas["leader"], "web")
    assert services.acknowledge(alert, personas["analyst"], "web")
    alert.refresh_from_db()
    assert alert.acknowledged_by == personas["leader"]


def test_the_dashboard_lists_open_alerts_in_scope(personas, client_for, alert):
    home = reverse("dashboard:home") + "?peta=1"  # leaders land on /pimpinan/ otherwise
    assert "Bentrok warga" in client_for(personas["leader"]).get(home).content.decode()
    assert (
        "Bentrok warga" not in client_for(personas["outsider_analyst"]).get(home).content.decode()
    )


def test_the_button_press_reaches_the_alert_through_the_telegram_webhook(
    service, personas, alert, settings
):
    from django.test import Client

    settings.WASPADA_TELEGRAM_SECRET = "webhook-secret"
    service.script[f"/bot{BOT_TOKEN}/answerCallbackQuery"] = [(200, {"ok": True})]
    update = {
        "update_id": 7,
        "callback_query": {"id": "cb9", "data": links.telegram_data(alert, personas["leader"])},
    }
    response = Client().post(
        reverse("intake:webhook_telegram"),
        update,
        content_type="application/json",
        HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN="webhook-secret",
    )
    assert response.status_code == 200
    alert.refresh_from_db()
    assert alert.status == "diakui"
