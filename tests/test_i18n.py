"""Indonesian by default, English on request; the Indonesian catalogue is complete."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

PO = Path(__file__).resolve().parents[1] / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_the_sign_in_page_is_indonesian_by_default():
    html = Client().get(reverse("accounts:login")).content.decode()
    assert "<h1>Masuk</h1>" in html and 'lang="id"' in html


@pytest.mark.django_db
def test_english_is_one_switch_away():
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/akun/masuk/"})
    assert response.status_code == 302
    html = client.get(reverse("accounts:login")).content.decode()
    assert "<h1>Sign in</h1>" in html and 'lang="en"' in html


def test_every_indonesian_message_is_translated_and_compiled():
    text = PO.read_text(encoding="utf-8")
    entries = re.split(r"\n\n", text)[1:]

    def translated(entry: str) -> bool:
        lines = entry.splitlines()
        for i, line in enumerate(lines):
            if re.match(r'msgstr(\[0\])? "', line):
                rest = lines[i + 1] if i + 1 < len(lines) else ""
                return line.rstrip() not in ('msgstr ""', 'msgstr[0] ""') or rest.startswith('"')
        return True

    untranslated = [e for e in entries if not e.startswith("#~") and not translated(e)]
    assert untranslated == []
    assert "#, fuzzy" not in "\n\n".join(entries)
    mo = PO.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= PO.stat().st_mtime - 1
