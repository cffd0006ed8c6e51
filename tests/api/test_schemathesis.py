"""The API against its own OpenAPI schema (/api/schema/), with schemathesis: generated requests
(valid, and invalid: the negative mode) for every operation, as a user with a token. No answer
may be a server error, and every answer must be one the schema describes (status code, content
type, body).

Bounded: at most MAX_EXAMPLES generated requests per operation and mode (about 30 s in all on
SQLite), no deadline per example, no shrinking. Not in the pytest plugin (its fixture mode
does not run under pytest 9): the operations are walked here with hypothesis' @given.
"""

from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

from waspada.api.models import ApiToken
from waspada.areas.models import Area
from waspada.events import services

MAX_EXAMPLES = 40
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(db, personas):
    from waspada.wsgi import application

    # Something to read: an event the token's user may see.
    services.create_event(
        user=personas["analyst"],
        event_date=date(2026, 11, 1),
        area=Area.objects.get(code="64.02.06"),
        form="unjuk_rasa",
        summary="Unjuk rasa buruh sawit",
    )
    # Requests run in this test's transaction: Django must not close its connection at the
    # end of each request (as the test client arranges for its own requests).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.slow
def test_the_api_keeps_to_its_schema(api_schema, personas):
    # Identity encoding: the WSGI client does not undo the gzip that JSON answers get.
    headers = {
        "Authorization": f"Token {ApiToken.issue(personas['analyst'], 'st')[1]}",
        "Accept-Encoding": "identity",
    }
    operations, failures = 0, []
    runs = [
        (result.ok(), mode)
        for result in api_schema.get_all_operations()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    ]
    for operation, mode in runs:
        operations += 1

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except Exception as e:  # one operation's failures; the others still run
            failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {e}")
    assert operations >= 12
    assert failures == [], "\n\n".join(failures)
