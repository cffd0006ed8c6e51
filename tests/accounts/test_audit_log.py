import pytest
from django.urls import reverse

from waspada.accounts import audit
from waspada.accounts.models import AuditLog

pytestmark = pytest.mark.django_db


def test_the_audit_log_is_append_only(personas):
    entry = audit.record(AuditLog.Action.READ_SENSITIVE, actor=personas["analyst"],
                         field="reporter_phone")
    entry.detail = {"tampered": True}
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=entry.pk).update(username="someone-else")
    with pytest.raises(PermissionError):
        AuditLog.objects.all().delete()
    assert AuditLog.objects.get(pk=entry.pk).username == "analis1"


def test_admins_read_and_filter_the_audit_log(personas, client_for):
    audit.record(AuditLog.Action.READ_SENSITIVE, actor=personas["analyst"], field="phone")
    audit.record(AuditLog.Action.LOGIN_FAILED, username="nobody")
    client = client_for(personas["admin"])
    response = client.get(reverse("accounts:audit_log"), {"action": "read_sensitive"})
    rows = list(response.context["page"])
    assert [r.action for r in rows] == ["read_sensitive"]
    response = client.get(reverse("accounts:audit_log"), {"user": "nobody"})
    assert [r.username for r in response.context["page"]] == ["nobody"]
