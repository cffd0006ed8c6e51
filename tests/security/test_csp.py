"""The Content-Security-Policy header, and templates that need no inline script under it."""

import re
from pathlib import Path

import pytest
from django.test import Client

from waspada.web.csp import policy

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/akun/masuk/", "/laporan/kirim/", "/tidak-ada/", "/healthz"])
def test_every_answer_carries_the_policy(path):
    header = Client().get(path)["Content-Security-Policy"]
    assert "default-src 'self'" in header and "script-src 'self'" in header
    assert "unsafe-inline" not in header.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in header and "object-src 'none'" in header


def test_a_tile_server_is_allowed_for_images_only(settings):
    settings.WASPADA_TILE_URL = "https://{s}.tiles.example.go.id/{z}/{x}/{y}.png"
    assert "img-src 'self' data: blob: https://*.tiles.example.go.id" in policy()
    assert "tiles.example" not in policy().split("img-src")[0]


def test_no_template_has_an_inline_script_or_handler():
    offenders = []
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("waspada/**/templates/**/*.html")]:
        html = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{path.relative_to(ROOT)}: {tag}")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", html) or "javascript:" in html:
            offenders.append(f"{path.relative_to(ROOT)}: inline handler")
        if re.search(r"<style\b", html):
            offenders.append(f"{path.relative_to(ROOT)}: <style> block")
    assert offenders == []
