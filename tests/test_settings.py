"""Settings come from the environment; production settings pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from waspada.lib.env import envbool, envint, envlist, envstr

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_ENV = {
    "WASPADA_PROFILE": "production",
    "SECRET_KEY": "x" * 60 + "-production-secret-for-the-check-only",
    "DATABASE_URL": "postgres://waspada@127.0.0.1:5432/waspada",
    "ALLOWED_HOSTS": "waspada.kukarkab.go.id",
    "WASPADA_FIELD_KEYS": "2Lg7m2v3f1o4tYbq8cQ0m9iX1p6yXx0lH9b3nQ9d2sA=",
}


def _manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        # (DEBUG too: a test of `--dev` in the same process may have left it set)
        if not k.startswith(("WASPADA_", "DATABASE_URL", "SECRET_KEY", "DJANGO_", "DEBUG"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "WASPADA_FIELD_KEYS"])
def test_production_refuses_to_start_without_its_required_variables(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_typed_readers_fail_loudly(monkeypatch, tmp_path):
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured):
        envbool("X_BOOL", False)
    monkeypatch.setenv("X_INT", "ten")
    with pytest.raises(ImproperlyConfigured):
        envint("X_INT", 1)
    monkeypatch.setenv("X_LIST", "a, b,,c ")
    assert envlist("X_LIST") == ["a", "b", "c"]
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert envstr("X_SECRET") == "from-a-file"


def test_the_embedded_profile_uses_sqlite_in_wal_mode(db):
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL run")
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]
    # Writers wait in line (waspada/lib/sqlite/writers.py), not in SQLite's busy handler.
    assert settings.DATABASES["default"]["ENGINE"] == "waspada.lib.sqlite"


def test_env_example_lists_every_variable_the_settings_read():
    import re

    source = (ROOT / "waspada" / "settings.py").read_text()
    read = set(re.findall(r'env(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', source))
    listed = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    )
    assert sorted(read - listed) == []
