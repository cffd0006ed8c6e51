"""Reminders of due and overdue follow-ups, delivered through the alert transports to real
servers on loopback: the organisation's webhook and the recorder's e-mail (a local SMTP
server)."""

import datetime as dt
import email
import email.policy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from tests.intake.servers import free_port
from waspada.cases import services
from waspada.cases.reminders import kind_of, send_due

TODAY = dt.date(2026, 11, 20)


class Webhook:
    """A loopback HTTP server that records every POST."""

    def __init__(self):
        self.seen = []
        seen = self.seen

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                seen.append((dict(self.headers), json.loads(body)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (
                envelope.rcpt_tos,
                email.message_from_bytes(envelope.content, policy=email.policy.default),
            )
        )
        return "250 OK"


@pytest.fixture
def servers(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.WASPADA_HTTP_ALLOW_PRIVATE = True
    settings.SITE_URL = "http://waspada.test"
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    webhook = Webhook()
    yield webhook, inbox
    webhook.stop()
    controller.stop()


def _action(make_case, personas, orgs, due, **extra):
    case = make_case("Sengketa lahan plasma Desa Jongkang")
    return services.add_action(
        case,
        user=personas["analyst"],
        type="mediasi",
        date=TODAY - dt.timedelta(days=7),
        organisation=orgs["kesbangpol"],
        description="Mediasi warga dan PT Contoh",
        follow_up_due=due,
        **extra,
    )


def test_which_reminder_is_due_when(make_case, personas, orgs):
    action = _action(make_case, personas, orgs, due=TODAY + dt.timedelta(days=1))
    assert kind_of(action, TODAY - dt.timedelta(days=1)) == ""  # two days ahead: nothing
    assert kind_of(action, TODAY) == "due"
    action.reminded = "due"
    assert kind_of(action, TODAY + dt.timedelta(days=1)) == ""  # already told
    assert kind_of(action, TODAY + dt.timedelta(days=2)) == "overdue"
    action.reminded = "overdue"
    assert kind_of(action, TODAY + dt.timedelta(days=9)) == ""
    action.reminded, action.done_at = "", dt.datetime(2026, 11, 19, tzinfo=dt.UTC)
    assert kind_of(action, TODAY + dt.timedelta(days=2)) == ""


def test_due_and_overdue_reminders_reach_the_webhook_and_the_mailbox_once(
    make_case, personas, orgs, servers, django_capture_on_commit_callbacks
):
    from waspada.alerts.models import Channel, Message

    webhook, inbox = servers
    Channel.objects.create(
        organisation=orgs["kesbangpol"], kind="webhook", address=webhook.url, secret="s3cret"
    )
    analyst = personas["analyst"]
    analyst.email = "analis@kesbangpol.test"
    analyst.save()
    action = _action(make_case, personas, orgs, due=TODAY + dt.timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert send_due(TODAY) == 1
    assert len(webhook.seen) == 1 and len(inbox.messages) == 1
    headers, body = webhook.seen[0]
    assert body["reminder"] == "due" and body["action"] == action.pk
    assert body["case"] == action.case_id and body["follow_up_due"] == "2026-11-21"
    assert body["link"] == f"http://waspada.test/kasus/{action.case_id}/"
    assert "Mediasi warga dan PT Contoh" in body["text"] and headers["Idempotency-Key"]
    rcpt, mail = inbox.messages[0]
    assert rcpt == ["analis@kesbangpol.test"]
    assert f"kasus #{action.case_id}" in mail["Subject"] and "jatuh tempo" in mail["Subject"]

    # Running again the same day sends nothing more; once overdue, one more reminder each.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due(TODAY) == 0
        assert send_due(TODAY + dt.timedelta(days=2)) == 1
        assert send_due(TODAY + dt.timedelta(days=3)) == 0
    assert [b["reminder"] for _, b in webhook.seen] == ["due", "overdue"]
    assert len(inbox.messages) == 2 and "terlambat" in inbox.messages[1][1]["Subject"]
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}


def test_no_reminder_for_done_follow_ups_or_closed_cases(
    make_case, personas, orgs, servers, django_capture_on_commit_callbacks
):
    webhook, inbox = servers
    done = _action(make_case, personas, orgs, due=TODAY)
    services.complete_action(done, user=personas["analyst"])
    closed = _action(make_case, personas, orgs, due=TODAY)
    services.close(closed.case, user=personas["analyst"], outcome="selesai damai")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due(TODAY) == 0
    assert webhook.seen == [] and inbox.messages == []


def test_the_periodic_job_is_registered():
    from waspada.ops.periodic import registered

    assert "cases.action_reminders" in registered()
