"""E-mail from an existing mailbox: the poller against a real IMAP server on loopback."""

import imaplib
from email.message import EmailMessage

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from waspada.intake import imap
from waspada.intake.models import Channel, Report
from waspada.intake.tasks import poll_mailbox

from .conftest import JPEG
from .imap_server import Mailbox, Server


def message(msgid="<laporan-1@desa.example>", sender="Kades Loa Ipuh <kades@example.id>"):
    msg = EmailMessage()
    if sender:
        msg["From"] = sender
    msg["To"] = "lapor@kesbangpol.example"
    msg["Subject"] = "Sengketa lahan plasma"
    msg["Message-ID"] = msgid
    msg.set_content("Warga memprotes pembagian lahan plasma di Desa Loa Ipuh.")
    msg.add_attachment(JPEG, maintype="image", subtype="jpeg", filename="foto.jpg")
    return msg.as_bytes()


@pytest.fixture
def mailbox(db, settings):
    box = Mailbox()
    with Server(box) as server:
        settings.WASPADA_IMAP_HOST = "127.0.0.1"
        settings.WASPADA_IMAP_PORT = server.port
        settings.WASPADA_IMAP_SSL = False
        settings.WASPADA_IMAP_USER = box.user
        settings.WASPADA_IMAP_PASSWORD = box.password
        settings.WASPADA_IMAP_FOLDER = box.folder
        yield box


def test_unread_mail_becomes_reports_and_is_marked_read(
    mailbox, django_capture_on_commit_callbacks
):
    first = mailbox.add(message())
    old = mailbox.add(message("<dibaca@desa.example>"), flags={"\\Seen"})
    with django_capture_on_commit_callbacks(execute=True):
        result = imap.pull()
    assert (result.stored, result.repeated, result.refused, result.failed) == (1, 0, 0, [])
    report = Report.objects.get()
    assert report.channel == Channel.EMAIL and report.title == "Sengketa lahan plasma"
    assert report.reporter_identity == {"name": "Kades Loa Ipuh", "email": "kades@example.id"}
    assert report.attachments.get().content_type == "image/jpeg"
    assert report.raw_body == first.data  # the message exactly as the mailbox held it
    assert first.flags == {"\\Seen"} and old.flags == {"\\Seen"}
    [receipt] = mail.outbox
    assert receipt.to == ["kades@example.id"] and report.tracking_code in receipt.body

    assert imap.pull().stored == 0 and Report.objects.count() == 1


def test_a_message_fetched_again_after_a_crash_is_one_report(mailbox):
    """Stored, then the worker died before marking it read: the next poll recognises it."""
    m = mailbox.add(message())
    imap.pull()
    m.flags.clear()
    mailbox.add(message())  # and the same mail delivered twice
    result = imap.pull()
    assert (result.stored, result.repeated) == (0, 2)
    assert Report.objects.count() == 1
    assert all(x.flags == {"\\Seen"} for x in mailbox.messages)


def test_a_message_that_failed_to_store_stays_unread_and_comes_in_next_time(mailbox, monkeypatch):
    from waspada.intake import receive as receiving

    real = receiving.receive
    broken = {"once": True}

    def database_gone_once(channel, draft):
        if broken.pop("once", False):
            raise RuntimeError("database connection lost")
        return real(channel, draft)

    monkeypatch.setattr(receiving, "receive", database_gone_once)
    m = mailbox.add(message())
    result = imap.pull()
    assert result.failed == [str(m.uid)] and m.flags == set() and not Report.objects.exists()
    assert imap.pull().stored == 1 and m.flags == {"\\Seen"}


def test_a_message_that_cannot_be_a_report_is_flagged_not_fetched_forever(mailbox):
    bad = mailbox.add(message(sender=None))
    good = mailbox.add(message("<laporan-2@desa.example>"))
    result = imap.pull()
    assert (result.stored, result.refused) == (1, 1)
    assert bad.flags == {"\\Seen", "\\Flagged"} and good.flags == {"\\Seen"}
    assert imap.pull().refused == 0


def test_a_large_backlog_is_taken_in_batches(mailbox):
    for k in range(5):
        mailbox.add(message(f"<laporan-{k}@desa.example>"))
    assert imap.pull(batch=3).stored == 3
    assert imap.pull(batch=3).stored == 2
    assert Report.objects.count() == 5


def test_the_periodic_task_does_nothing_without_a_mailbox(db, settings):
    settings.WASPADA_IMAP_HOST = ""
    assert poll_mailbox.call() is None


def test_the_periodic_task_polls_the_configured_mailbox(mailbox):
    mailbox.add(message())
    assert poll_mailbox.call() == {"stored": 1, "repeated": 0, "refused": 0, "failed": []}


def test_wrong_credentials_or_folder_fail_loudly_and_store_nothing(mailbox, settings):
    mailbox.add(message())
    settings.WASPADA_IMAP_PASSWORD = "salah"
    with pytest.raises(imaplib.IMAP4.error, match="AUTHENTICATIONFAILED"):
        imap.pull()
    with pytest.raises(CommandError, match="could not be read"):
        call_command("intake_imap")
    settings.WASPADA_IMAP_PASSWORD = mailbox.password
    settings.WASPADA_IMAP_FOLDER = "Laporan"
    with pytest.raises(imaplib.IMAP4.error, match="SELECT failed"):
        imap.pull()
    assert Report.objects.count() == 0 and mailbox.messages[0].flags == set()


def test_the_command_says_what_came_in(mailbox, capsys):
    mailbox.add(message())
    call_command("intake_imap")
    assert "stored 1, already stored 0" in capsys.readouterr().out
