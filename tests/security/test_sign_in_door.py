"""One sign-in door: the admin site signs in through accounts:login (one lockout, the same
second factor), and wrong two-factor codes are counted across password sign-ins."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from waspada.accounts.models import AuditLog

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
OTP = reverse("accounts:otp_verify")


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_the_admin_login_page_is_the_one_sign_in_door(personas):
    client = Client()
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN) and "next=/admin/" in response["Location"]
    # A POST to the old form signs no one in and tells no password from another.
    right = client.post(
        "/admin/login/", {"username": "admin1", "password": PASSWORD, "otp_token": "000000"}
    )
    wrong = client.post(
        "/admin/login/", {"username": "admin1", "password": "nope", "otp_token": "000000"}
    )
    assert right.status_code == wrong.status_code == 302
    assert right["Location"] == wrong["Location"]
    assert "_auth_user_id" not in client.session


def test_the_admin_is_behind_the_same_lockout(personas, settings):
    settings.WASPADA_LOCKOUT_ATTEMPTS = 3
    client = Client()
    for _ in range(3):
        client.post(LOGIN, {"username": "admin1", "password": "wrong"})
    response = client.post(LOGIN + "?next=/admin/", {"username": "admin1", "password": PASSWORD})
    assert response.status_code == 200  # locked: the form again, with the message
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_the_admin_needs_the_second_factor_after_the_password(personas, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=personas["admin"], name="hp", confirmed=True)
    client = Client()
    client.post(LOGIN, {"username": "admin1", "password": PASSWORD})
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(OTP)
    client.post(OTP + "?next=/admin/", {"token": _code(device)})
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_non_admin_is_refused_not_asked_to_sign_in_again(personas, client_for):
    response = client_for(personas["analyst"]).get("/admin/login/?next=/admin/")
    assert response.status_code == 403


def test_wrong_codes_are_counted_across_password_sign_ins(personas, settings):
    """Before: each password sign-in (an audit 'login') reset the count of wrong codes, so an
    attacker with the password had unlimited guesses at the second factor."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.WASPADA_LOCKOUT_ATTEMPTS = 3
    user = personas["analyst"]
    device = TOTPDevice.objects.create(user=user, name="hp", confirmed=True)
    for _round in range(3):
        client = Client()
        client.post(LOGIN, {"username": "analis1", "password": PASSWORD})
        client.post(OTP, {"token": "000000"})
    user.refresh_from_db()
    assert user.otp_failures == 3
    client = Client()
    client.post(LOGIN, {"username": "analis1", "password": PASSWORD})
    user.refresh_from_db()
    assert user.otp_failures == 3  # the password did not reset it
    response = client.post(OTP + "?next=/wilayah/", {"token": _code(device)})
    assert response.status_code == 200  # locked: even the right code waits
    assert AuditLog.objects.filter(username="analis1", action="locked_out").exists()
    assert client.get("/wilayah/").status_code == 302  # still not verified


def test_a_right_code_resets_the_count(personas, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = personas["analyst"]
    device = TOTPDevice.objects.create(user=user, name="hp", confirmed=True)
    client = Client()
    client.post(LOGIN, {"username": "analis1", "password": PASSWORD})
    client.post(OTP, {"token": "000000"})
    user.refresh_from_db()
    assert user.otp_failures == 1
    assert client.post(OTP, {"token": _code(device)}).status_code == 302
    user.refresh_from_db()
    assert user.otp_failures == 0
