import pytest
from django.urls import reverse

from waspada.accounts import audit
from waspada.accounts.models import AuditLog

pytestmark = pytest.mark.django_db


def test_the_audit_log_is_append_only(personas):
    entry = audit.record(
        AuditLog.Action.READ_SENSITIVE, actor=personas["analyst"], field="reporter_phone"
    )
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


def test_behind_a_trusted_proxy_the_client_address_is_recorded(personas, settings):
    from django.test import RequestFactory

    from waspada.accounts.audit import client_ip

    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.2", REMOTE_ADDR="127.0.0.1"
    )
    assert client_ip(request) == "127.0.0.1"  # no proxy trusted: the header is ignored
    settings.WASPADA_TRUSTED_PROXIES = 1
    assert client_ip(request) == "10.0.0.2"
    settings.WASPADA_TRUSTED_PROXIES = 2
    assert client_ip(request) == "203.0.113.9"
    forged = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="not-an-address", REMOTE_ADDR="127.0.0.1"
    )
    assert client_ip(forged) == "127.0.0.1"
