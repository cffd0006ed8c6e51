"""DEBUG is off unless asked for, and a server started as ./run.sh starts it shows no debug page
to anyone."""

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _debug(env_extra: dict, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "WASPADA_PROFILE")}
    env.update(env_extra)
    code = (
        "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'waspada.settings'); "
        "from django.conf import settings; print(settings.DEBUG)"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.strip()


def test_debug_is_off_in_the_embedded_profile_unless_asked_for():
    assert _debug({}) == "False"
    assert _debug({"DEBUG": "true"}) == "True"


def test_the_dev_switch_turns_debug_on_for_that_run(monkeypatch):
    from waspada import runner

    monkeypatch.delenv("DEBUG", raising=False)
    seen = {}
    monkeypatch.setattr(
        runner, "serve", lambda *a, **k: seen.setdefault("DEBUG", os.environ.get("DEBUG"))
    )
    runner.main(["serve", "--dev", "--port", "0"])
    assert seen["DEBUG"] == "true"
    monkeypatch.delenv("DEBUG")
    seen.clear()
    runner.main(["serve", "--port", "0"])
    assert seen["DEBUG"] is None


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_served_app_shows_no_debug_page(served):
    for path, status in [("/tidak-ada/", 404), ("/laporan/lacak/AB%00CD/", 400)]:
        try:
            urllib.request.urlopen(served.url + path, timeout=30)
        except urllib.error.HTTPError as e:
            assert e.code == status
            html = e.read().decode()
        else:
            pytest.fail(f"{path} answered 200")
        assert "Traceback" not in html and "DEBUG = True" not in html
        assert "Django" not in html and 'class="topbar"' in html
    request = urllib.request.Request(
        served.url + "/laporan/kirim/",
        data=b"text=" + b"a" * (3 * 1024 * 1024),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        urllib.request.urlopen(request, timeout=60)
    except urllib.error.HTTPError as e:
        assert e.code == 413 and "Traceback" not in e.read().decode()
    else:
        pytest.fail("3 MB of form text was accepted")
