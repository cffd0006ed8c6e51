"""send(): a message per address, a delivery row per attempt, retries, permanent failures."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from waspada.alerts import deliver
from waspada.alerts.models import Channel, Delivery, Message

from .conftest import BOT_TOKEN

SEND = f"/bot{BOT_TOKEN}/sendMessage"


@pytest.fixture
def channel(personas):
    return Channel.objects.create(user=personas["analyst"], kind="telegram", address="4242")


def later(minutes=120):
    return timezone.now() + timedelta(minutes=minutes)


def test_it_sends_once_and_records_the_attempt(
    service, channel, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [message] = deliver.send(
            personas["analyst"], "Pengingat", "Kasus #3 jatuh tempo", topic="case:3"
        )
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.topic == "case:3"
    assert [d.outcome for d in message.deliveries.all()] == ["sent"]
    assert len(service.to("/sendMessage")) == 1


def test_nothing_leaves_when_the_transaction_rolls_back(
    service, channel, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        deliver.send(channel, "x", "y")
    assert len(callbacks) == 1 and service.seen == []  # only at commit


def test_a_user_without_channels_gets_email(personas, django_capture_on_commit_callbacks):
    personas["leader"].email = "dandim@kukar.test"
    personas["leader"].save()
    with django_capture_on_commit_callbacks(execute=True):
        deliver.send(personas["leader"], "Rapat Tim Terpadu", "Besok 09.00")
    assert mail.outbox[0].to == ["dandim@kukar.test"]


def test_500_then_200_is_retried_and_delivered_exactly_once(
    service, channel, django_capture_on_commit_callbacks
):
    service.script[SEND] = [(500, {"ok": False}), (200, {"ok": True, "result": {}})]
    with django_capture_on_commit_callbacks(execute=True):
        [message] = deliver.send(channel, "SIAGA", "Bentrok")
    message.refresh_from_db()
    assert message.status == Message.Status.QUEUED and message.next_attempt_at > timezone.now()
    assert deliver.resume_stalled() == 0  # not due yet
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert deliver.resume_stalled() == 1
    assert deliver.attempt(message.pk) == "not due"  # already sent by the resumed task
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert [d.outcome for d in message.deliveries.all()] == ["temporary", "sent"]
    assert len(service.to("/sendMessage")) == 2
    assert deliver.resume_stalled() == 0


def test_a_400_is_permanent_disables_the_channel_and_tells_an_admin(
    service, channel, personas, django_capture_on_commit_callbacks
):
    personas["admin"].email = "admin@kukar.test"
    personas["admin"].save()
    service.script[SEND] = [(400, {"ok": False, "description": "chat not found"})]
    with django_capture_on_commit_callbacks(execute=True):
        [message] = deliver.send(channel, "SIAGA", "Bentrok")
    message.refresh_from_db()
    channel.refresh_from_db()
    assert message.status == Message.Status.FAILED and message.attempts == 1
    assert [d.outcome for d in message.deliveries.all()] == ["permanent"]
    assert not channel.enabled and "400" in channel.disabled_reason
    assert mail.outbox[0].to == ["admin@kukar.test"] and "4242" in mail.outbox[0].body
    assert deliver.send(channel, "again", "nothing") == []  # a disabled channel gets nothing


def test_temporary_failures_stop_after_the_last_try(service, channel, settings):
    settings.WASPADA_ALERTS_MAX_ATTEMPTS = 2
    service.script[SEND] = [(503, {"ok": False})]
    [message] = deliver.send(channel, "SIAGA", "Bentrok")
    assert deliver.attempt(message.pk) == Message.Status.QUEUED
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert deliver.attempt(message.pk) == Message.Status.FAILED
    channel.refresh_from_db()
    assert channel.enabled  # a service that is down says nothing about the address
    assert Delivery.objects.filter(message=message).count() == 2


def test_an_interrupted_attempt_is_marked_and_sent_again_after_its_lease(service, channel):
    [message] = deliver.send(channel, "SIAGA", "Bentrok")
    # A sender claimed it and died (the lease is set, the attempt row says "sending").
    claimed = deliver._claim(message.pk)
    Delivery.objects.create(message=claimed, number=claimed.attempts)
    assert deliver.attempt(message.pk) == "not due"  # its lease still holds
    Message.objects.filter(pk=message.pk).update(lease_until=timezone.now() - timedelta(1))
    assert deliver.attempt(message.pk) == Message.Status.SENT
    outcomes = list(message.deliveries.values_list("outcome", "error"))
    assert outcomes == [("sending", "interrupted"), ("sent", "")]
