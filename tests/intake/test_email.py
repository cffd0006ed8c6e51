"""E-mail: a real SMTP conversation with the intake listener on loopback."""

import smtplib
from email.message import EmailMessage

import pytest
from django.core import mail
from django.db import connection, connections

from waspada.intake.channels.email import parse_message
from waspada.intake.models import Channel, Report
from waspada.intake.receive import receive
from waspada.intake.smtp import IntakeHandler, controller

from .conftest import INTAKE_ADDRESS, JPEG
from .servers import free_port


class SharedConnectionHandler(IntakeHandler):
    """Stores on the test's database connection so that each test rolls back."""

    def __init__(self, conn, capture):
        self.conn, self.capture = conn, capture

    def deliver(self, data):
        connections["default"] = self.conn
        with self.capture(execute=True):
            return receive("email", parse_message(data))


@pytest.fixture
def smtp(db, django_capture_on_commit_callbacks):
    conn = connections["default"]
    conn.inc_thread_sharing()
    port = free_port()
    server = controller(
        "127.0.0.1", port, SharedConnectionHandler(conn, django_capture_on_commit_callbacks)
    )
    server.start()
    yield port
    server.stop()
    conn.dec_thread_sharing()


def message(msgid="<laporan-1@desa.example>", to=INTAKE_ADDRESS, attach=None):
    msg = EmailMessage()
    msg["From"] = "Kepala Desa Loa Ipuh <kades.loaipuh@example.id>"
    msg["To"] = to
    msg["Subject"] = "Sengketa lahan plasma"
    msg["Message-ID"] = msgid
    msg.set_content("Warga memprotes pembagian lahan plasma di Desa Loa Ipuh.")
    if attach:
        msg.add_attachment(attach[0], maintype=attach[1], subtype=attach[2], filename=attach[3])
    return msg


def send(port, msg):
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.send_message(msg)


def test_a_mail_becomes_a_report_and_gets_a_receipt(smtp):
    send(smtp, message(attach=(JPEG, "image", "jpeg", "foto.jpg")))
    report = Report.objects.get()
    assert report.channel == Channel.EMAIL
    assert report.title == "Sengketa lahan plasma"
    assert "plasma" in report.text
    assert report.reporter_identity == {
        "name": "Kepala Desa Loa Ipuh",
        "email": "kades.loaipuh@example.id",
    }
    assert report.raw_body.startswith(b"Subject: Sengketa") or b"Message-ID" in report.raw_body
    assert report.attachments.get().content_type == "image/jpeg"
    [receipt] = mail.outbox
    assert receipt.to == ["kades.loaipuh@example.id"]
    assert report.tracking_code in receipt.body


def test_no_column_holds_the_address_in_plaintext(smtp):
    send(smtp, message())
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM intake_report")
        row = " ".join(str(v) for v in cursor.fetchone())
    assert "kades.loaipuh" not in row and "Kepala Desa" not in row


def test_the_same_mail_twice_is_one_report(smtp):
    send(smtp, message())
    send(smtp, message())
    assert Report.objects.count() == 1


def test_mail_for_another_address_is_refused_at_rcpt_and_nothing_stored(smtp):
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send(smtp, message(to="someone-else@waspada.test"))
    assert Report.objects.count() == 0


def test_a_wrong_attachment_type_is_dropped_but_the_mail_is_kept(smtp):
    send(
        smtp,
        message(attach=(b"MZ\x90\x00 not a photo", "application", "octet-stream", "virus.exe")),
    )
    report = Report.objects.get()
    assert report.attachments.count() == 0
