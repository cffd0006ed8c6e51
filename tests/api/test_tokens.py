"""API tokens: only a hash is stored; the token acts as its user through the one policy."""

from django.core.management import call_command
from django.test import Client

from waspada.api.models import ApiToken, hash_token


def test_only_the_hash_is_stored(personas):
    token, raw = ApiToken.issue(personas["analyst"], "integrasi")
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert raw not in str(stored)
    assert stored["key_hash"] == hash_token(raw)
    assert ApiToken.lookup(raw) == token
    assert ApiToken.lookup("wsp_" + "x" * 43) is None
    assert ApiToken.lookup(raw[4:]) is None


def test_bearer_and_token_keywords_are_accepted(personas):
    _token, raw = ApiToken.issue(personas["analyst"], "x")
    for keyword in ("Token", "Bearer"):
        response = Client().get("/api/v1/reports/", HTTP_AUTHORIZATION=f"{keyword} {raw}")
        assert response.status_code == 200
    assert Client().get("/api/v1/reports/", HTTP_AUTHORIZATION="Token").status_code == 401


def test_a_token_of_an_inactive_user_is_refused(personas):
    user = personas["analyst"]
    _token, raw = ApiToken.issue(user, "x")
    user.is_active = False
    user.save()
    assert Client().get("/api/v1/reports/", HTTP_AUTHORIZATION=f"Token {raw}").status_code == 401


def test_last_use_is_recorded(personas):
    token, raw = ApiToken.issue(personas["analyst"], "x")
    Client().get("/api/v1/reports/", HTTP_AUTHORIZATION=f"Token {raw}")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_command_prints_a_working_token(personas, capsys):
    call_command("create_api_token", "analis1", "skrip")
    raw = capsys.readouterr().out.strip()
    assert ApiToken.lookup(raw).user == personas["analyst"]


def test_the_admin_shows_a_new_token_once(personas, client_for):
    admin = client_for(personas["admin"])
    response = admin.post(
        "/admin/api/apitoken/add/",
        {"user": personas["analyst"].pk, "name": "dari admin"},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="dari admin")
    shown = [str(m) for m in response.context["messages"]]
    assert any(token.hint in m for m in shown)
    assert token.created_by == personas["admin"]


def test_the_schema_describes_the_reports_endpoint_and_the_token(db):
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/reports/" in text and "ApiToken" in text
