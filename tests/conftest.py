"""Shared fixtures: the gazetteer loaded once per test database, and one persona per role.

Personas (all in Kukar, 64.02):
  admin      Kesbangpol, whole regency, 2FA verified in ``client_for``
  analyst    Kesbangpol, whole regency
  reporter   field reporter of Koramil Tenggarong, scope Tenggarong (64.02.06)
  partner    FKUB, whole regency
  leader     leadership, Kodim 0906/KKR, whole regency
  outsider_analyst  analyst of Polres, scope Loa Kulu (64.02.02) only
"""

import functools

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from waspada.accounts.models import Organisation, OrgType, Role, User
from waspada.areas.loading import load_areas

TENGGARONG = "64.02.06"
LOA_KULU = "64.02.02"
PASSWORD = "correct-horse-battery-9"


def _flushes_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    return bool(transactional) or "live_server" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items):
    """Tests that flush the database (transactional, live server) run last, browser last of
    all. Browser tests are also ``slow``: ``./test.sh -m "not slow"`` is the fast loop."""
    browser, flushing, others = [], [], []
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
            browser.append(item)
        elif _flushes_database(item):
            flushing.append(item)
        else:
            others.append(item)
    items[:] = others + flushing + browser


# The gazetteer (91,599 areas, four seconds to load) is loaded once per test database. A
# transactional test ends with a flush of every table: the flush leaves the areas table alone,
# and a test that changed the areas gets them loaded afresh.
KEPT_TABLES = ("areas_area",)
_areas_loaded: dict[str, int] = {}


@pytest.fixture(scope="session", autouse=True)
def _flush_keeps_the_gazetteer():
    from django.core.management.commands import flush

    def sql_flush(style, connection, reset_sequences=True, allow_cascade=False):
        tables = [
            t
            for t in connection.introspection.django_table_names(
                only_existing=True, include_views=False
            )
            if t not in KEPT_TABLES
        ]
        return connection.ops.sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )

    real = flush.sql_flush
    flush.sql_flush = sql_flush
    yield
    flush.sql_flush = real


@pytest.fixture(scope="session", autouse=True)
def _constraint_checks_skip_the_gazetteer():
    """After each test, Django checks every foreign key of every table (SQLite's ``PRAGMA
    foreign_key_check``): 25 ms a test for the areas' own parent links alone. The areas are
    loaded once and checked by their loader; every other table, and every link to an area,
    is still checked."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    real = DatabaseWrapper.check_constraints

    def check_constraints(self, table_names=None):
        if table_names is None:
            table_names = [t for t in self.introspection.table_names() if t not in KEPT_TABLES]
        return real(self, table_names)

    DatabaseWrapper.check_constraints = check_constraints
    yield
    DatabaseWrapper.check_constraints = real


def _load_gazetteer():
    from waspada.areas.models import Area

    Area.objects.all().delete()
    load_areas("64.02")
    _areas_loaded["count"] = Area.objects.count()


@pytest.fixture(autouse=True)
def _gazetteer_after_flush(request, django_db_blocker):
    """A transactional test that changed the areas leaves them to be loaded afresh."""
    if not _flushes_database(request.node):
        return
    from waspada.areas.models import Area

    with django_db_blocker.unblock():
        if Area.objects.count() != _areas_loaded.get("count"):
            _load_gazetteer()


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_run():
    """Each test run has its own in-memory cache (the default, a folder under var/, is shared
    with a running app and with earlier runs)."""
    from django.test import override_settings

    memory = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=memory):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _load_gazetteer()


@pytest.fixture
def orgs(db):
    def org(name, type_):
        return Organisation.objects.get_or_create(name=name, defaults={"type": type_})[0]

    return {
        "kesbangpol": org("Kesbangpol Kukar", OrgType.PEMERINTAH),
        "kodim": org("Kodim 0906/KKR", OrgType.TNI),
        "koramil": org("Koramil Tenggarong", OrgType.TNI),
        "polres": org("Polres Kukar", OrgType.POLRI),
        "fkub": org("FKUB Kukar", OrgType.FORUM),
        "ngo": org("Yayasan Contoh", OrgType.LSM),
    }


@functools.cache
def _password_hash() -> str:
    return make_password(PASSWORD)  # Argon2 is slow on purpose: hash once per session


def make_user(username, role, org, scope=None):
    user = User(
        username=username,
        password=_password_hash(),
        role=role,
        organisation=org,
        scope_all=scope is None,
    )
    user.save()
    if scope:
        from waspada.areas.models import Area

        user.scope_kecamatan.set(Area.objects.filter(code__in=scope))
    return user


@pytest.fixture
def personas(orgs):
    return {
        "admin": make_user("admin1", Role.ADMIN, orgs["kesbangpol"]),
        "analyst": make_user("analis1", Role.ANALYST, orgs["kesbangpol"]),
        "reporter": make_user("babinsa1", Role.FIELD_REPORTER, orgs["koramil"], [TENGGARONG]),
        "partner": make_user("mitra1", Role.PARTNER, orgs["fkub"]),
        "leader": make_user("pimpinan1", Role.LEADERSHIP, orgs["kodim"]),
        "outsider_analyst": make_user("analis2", Role.ANALYST, orgs["polres"], [LOA_KULU]),
    }


def verified_client(user) -> Client:
    """A client signed in as ``user`` with a verified second factor where one is needed."""
    client = Client()
    client.force_login(user)
    if user.requires_two_factor:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for():
    return verified_client
