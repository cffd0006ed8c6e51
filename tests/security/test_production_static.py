"""The production static files work as documented: collectstatic with the manifest storage
(CompressedManifestStaticFilesStorage) succeeds, and every page type then renders (DEBUG off)
with hashed asset names: no "Missing staticfiles manifest entry" 500."""

import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from tests.access_matrix import RULES
from tests.conftest import verified_client

MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": MANIFEST},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages, DEBUG=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_collectstatic_copies_the_vendored_maps(collected):
    assert (collected / "staticfiles.json").exists()
    assert list(collected.glob("vendor/leaflet/leaflet.js.*.map"))
    assert list(collected.glob("vendor/chartjs/chart.umd.min.js.*.map"))


@pytest.mark.django_db
def test_every_page_type_renders_with_the_manifest(collected, personas):
    pages = 0
    for name, rule in sorted(RULES.items()):
        if rule.method != "get":
            continue
        for persona in ("anon", "admin", "leader"):
            if rule.expect.get(persona) != 200:
                continue
            kwargs = rule.make(personas) if rule.make else rule.kwargs
            url = reverse(name, kwargs=kwargs) + (f"?{rule.query}" if rule.query else "")
            client = Client() if persona == "anon" else verified_client(personas[persona])
            response = client.get(url)
            assert response.status_code == 200, (name, persona, response.status_code)
            if "text/html" in response.get("Content-Type", ""):
                html = response.content.decode()
                assert re.search(r"/static/css/waspada\.[0-9a-f]{12}\.css", html), name
                pages += 1
            break
    # The error pages use the same layout.
    assert Client().get("/tidak-ada/").status_code == 404
    assert pages >= 40
