"""The API's intake path writes once per report: the report and its analysis task in one
transaction, the token's last use noted at most once a minute."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waspada.api.models import ApiToken
from waspada.intake.models import Report

URL = "/api/v1/reports/"


def post(client, raw, i):
    body = json.dumps(
        {"text": f"Warga memblokade jalan hauling ({i})", "area_code": "64.02.06.1002"}
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            URL, data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {raw}"
        )
    assert response.status_code == 201, response.content
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.django_db(transaction=True)
def test_one_transaction_per_report_and_the_token_noted_lazily(personas, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    token, raw = ApiToken.issue(personas["reporter"], "Aplikasi Babinsa")
    client = Client()
    first = post(client, raw, 0)
    assert sum('UPDATE "api_apitoken"' in q for q in first) == 1
    token.refresh_from_db()
    assert token.last_used_at is not None
    for i in range(1, 4):
        sql = post(client, raw, i)
        writes = [q for q in sql if q.split()[0] in ("INSERT", "UPDATE", "DELETE")]
        assert len(writes) == 2, sql
        assert "intake_report" in writes[0] and "dbtaskresult" in writes[1]
        if connection.vendor == "sqlite":  # the statements of the transaction are visible
            assert [q.split()[0] for q in sql if q.split()[0] in ("BEGIN", "COMMIT")] == [
                "BEGIN",
                "COMMIT",
            ]
            assert sql.index(writes[0]) > sql.index(next(q for q in sql if q.startswith("BEGIN")))
    assert Report.objects.count() == 4
    # A minute on, the next request notes the use again.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=2))
    from waspada.api import models as api_models

    api_models._cache.clear()
    assert sum('UPDATE "api_apitoken"' in q for q in post(client, raw, 9)) == 1
