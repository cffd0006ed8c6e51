"""``createsuperuser`` (deployment step) gives an administrator of the whole regency."""

import pytest
from django.core.management import call_command

from waspada.accounts import policy
from waspada.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def test_createsuperuser_makes_an_admin_of_the_whole_regency(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "kata-sandi-yang-panjang-9")
    call_command("createsuperuser", interactive=False, username="kesbangpol", email="a@b.id")
    user = User.objects.get(username="kesbangpol")
    assert user.is_superuser and user.is_staff
    assert user.role == Role.ADMIN and user.scope_all and user.scope_codes() is None
    assert user.requires_two_factor
    assert policy.in_area_scope(user, "64.02.01") and policy.has_capability(user, "audit.view")
