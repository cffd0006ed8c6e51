import pytest

from .servers import Mailbox, Service

BOT_TOKEN = "123456:TEST-alert-bot"


@pytest.fixture(autouse=True)
def alert_settings(settings):
    settings.WASPADA_HTTP_ALLOW_PRIVATE = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.WASPADA_TELEGRAM_BOT_TOKEN = BOT_TOKEN
    settings.WASPADA_WHATSAPP_ACCESS_TOKEN = "wa-token"
    settings.WASPADA_WHATSAPP_PHONE_NUMBER_ID = "1098765"
    settings.WASPADA_SMS_GATEWAY_SECRET = "gateway-secret"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "http://waspada.test"
    return settings


@pytest.fixture
def service(settings):
    """Telegram, WhatsApp, the SMS gateway and webhooks, all on one loopback server."""
    server = Service().start()
    settings.WASPADA_TELEGRAM_API_URL = server.url
    settings.WASPADA_WHATSAPP_API_URL = server.url
    settings.WASPADA_SMS_GATEWAY_SEND_URL = f"{server.url}/gateway/send"
    yield server
    server.stop()


@pytest.fixture
def mailbox(settings):
    box = Mailbox().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", box.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield box
    box.stop()


def make_rule(kind="urgent_event", level="siaga", areas=(), **fields):
    from waspada.alerts.models import Rule

    rule = Rule.objects.create(name=f"{kind} {level}", kind=kind, level=level, **fields)
    if areas:
        rule.areas.set(areas)
    return rule


def subscribe(owner, kind, address, *, tier=1, min_level="waspada", areas=(), secret="", **fields):
    """A subscription with one channel, for a user or an organisation."""
    from waspada.accounts.models import Organisation
    from waspada.alerts.models import Channel, Subscription

    who = {"organisation": owner} if isinstance(owner, Organisation) else {"user": owner}
    channel = Channel.objects.create(kind=kind, address=address, secret=secret, **who)
    sub = Subscription.objects.create(tier=tier, min_level=min_level, **who, **fields)
    sub.channels.add(channel)
    if areas:
        sub.areas.set(areas)
    return sub


def make_event(
    user,
    *,
    area="64.02.06",
    form="bentrok",
    fatalities=0,
    classification="biasa",
    verify=True,
    **fields,
):
    from datetime import date

    from waspada.areas.models import Area
    from waspada.events import services

    event = services.create_event(
        user=user,
        event_date=date.today(),
        area=Area.objects.get(code=area),
        form=form,
        fatalities=fatalities,
        summary=fields.pop("summary", "Uji"),
        classification=classification,
        sources=["sumber_daya_alam"],
        **fields,
    )
    if verify:
        services.verify(event, user=user)
    return event
