"""The reporter's identity: encrypted in the database, readable only with the permission,
and every read is in the audit log."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection

from waspada.accounts.models import AuditLog
from waspada.intake import services
from waspada.intake.drafts import Draft, Raw, validate
from waspada.intake.models import Channel, Report

PHONE = "+6281298765432"


@pytest.fixture
def report(db):
    draft = Draft(
        channel=Channel.TWILIO,
        raw=Raw(f"From={PHONE}&Body=LAPOR".encode()),
        text="Ada bentrok",
        anonymous=False,
        identity={"name": "Joko", "phone": PHONE},
        reply_to={"phone": PHONE},
        sender_id=PHONE,
        message_id="SM1",
        area_code="64.02.06.1002",
    )
    return services.store(validate(draft)).report


def test_no_column_holds_the_phone_number_in_plaintext(report):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM intake_report WHERE id = %s", [report.pk])
        row = cursor.fetchone()
    as_text = " ".join(str(bytes(v) if isinstance(v, memoryview) else v) for v in row)
    assert "6281298765432" not in as_text
    assert "Joko" not in as_text
    assert Report.objects.get().reporter_identity["phone"] == PHONE


def grant(user):
    user.user_permissions.add(Permission.objects.get(codename="read_reporter_identity"))
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


def test_only_users_with_the_permission_see_it_and_each_view_is_audited(
    report, personas, client_for
):
    url = f"/laporan/{report.pk}/identitas/"
    analyst = personas["analyst"]
    assert client_for(analyst).get(url).status_code == 403
    analyst = grant(analyst)
    response = client_for(analyst).get(url)
    assert response.status_code == 200
    assert PHONE in response.content.decode()
    entry = AuditLog.objects.get(action=AuditLog.Action.READ_SENSITIVE)
    assert (entry.actor, entry.field, entry.object_id) == (
        analyst,
        "reporter_identity",
        str(report.pk),
    )
    client_for(analyst).get(url)
    assert AuditLog.objects.filter(action=AuditLog.Action.READ_SENSITIVE).count() == 2


def test_the_permission_does_not_reach_past_the_area_scope(report, personas, client_for):
    outsider = grant(personas["outsider_analyst"])  # scope Loa Kulu; the report is Tenggarong
    assert client_for(outsider).get(f"/laporan/{report.pk}/identitas/").status_code == 403
    assert not AuditLog.objects.filter(action=AuditLog.Action.READ_SENSITIVE).exists()


def test_the_raw_payload_is_behind_the_same_permission(report, personas, client_for):
    url = f"/laporan/{report.pk}/mentah/"
    assert client_for(personas["analyst"]).get(url).status_code == 403
    response = client_for(grant(personas["analyst"])).get(url)
    assert PHONE in response.content.decode()
    assert AuditLog.objects.filter(field="raw_body").count() == 1


def test_the_detail_page_does_not_show_the_identity(report, personas, client_for):
    page = client_for(grant(personas["analyst"])).get(f"/laporan/{report.pk}/")
    assert page.status_code == 200
    assert PHONE not in page.content.decode()
    assert not AuditLog.objects.filter(action=AuditLog.Action.READ_SENSITIVE).exists()
