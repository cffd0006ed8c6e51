import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from waspada.accounts.models import AuditLog

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def _login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_it_signs_in_a_field_reporter_and_audits_it(personas):
    client = Client()
    response = _login(client, "babinsa1")
    assert response.status_code == 302 and response["Location"] == reverse("dashboard:home")
    assert client.get(reverse("dashboard:home")).status_code == 200
    assert AuditLog.objects.filter(username="babinsa1", action="login").count() == 1


def test_passwords_are_hashed_with_argon2(personas):
    assert personas["reporter"].password.startswith("argon2")


def test_a_wrong_password_is_refused_and_audited(personas):
    response = _login(Client(), "babinsa1", "wrong-password")
    assert response.status_code == 200
    assert AuditLog.objects.filter(username="babinsa1", action="login_failed").count() == 1


def test_it_locks_out_after_repeated_failures_even_with_the_right_password(personas, settings):
    settings.WASPADA_LOCKOUT_ATTEMPTS = 3
    client = Client()
    for _ in range(3):
        _login(client, "babinsa1", "wrong-password")
    response = _login(client, "babinsa1")
    assert response.status_code == 200
    assert "locked" in response.content.decode() or "dikunci" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditLog.objects.filter(username="babinsa1", action="locked_out").exists()


def test_an_analyst_without_a_device_must_enrol_before_anything_else(personas):
    client = Client()
    response = _login(client, "analis1")
    assert response.status_code == 302
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))
    # Enrolment: the page shows a QR code; the first valid code confirms the device.
    page = client.get(reverse("accounts:otp_setup"))
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=personas["analyst"], confirmed=False)
    response = client.post(reverse("accounts:otp_setup"), {"token": _code(device)})
    assert response.status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200
    assert AuditLog.objects.filter(username="analis1", action="otp_enrolled").exists()


def test_an_analyst_with_a_device_must_give_a_valid_code(personas, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a wrong code
    device = TOTPDevice.objects.create(user=personas["analyst"], name="app", confirmed=True)
    client = Client()
    _login(client, "analis1")
    response = client.get(reverse("accounts:audit_log"))
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    response = client.post(reverse("accounts:otp_verify"), {"token": "000000"})
    assert response.status_code == 200 and response.context["form"].errors
    assert AuditLog.objects.filter(username="analis1", action="otp_failed").count() == 1
    response = client.post(
        reverse("accounts:otp_verify") + "?next=/wilayah/", {"token": _code(device)}
    )
    assert response.status_code == 302 and response["Location"] == "/wilayah/"
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_verify_does_not_redirect_off_site(personas):
    device = TOTPDevice.objects.create(user=personas["analyst"], name="app", confirmed=True)
    client = Client()
    _login(client, "analis1")
    response = client.post(
        reverse("accounts:otp_verify") + "?next=https://evil.example/", {"token": _code(device)}
    )
    assert response["Location"] == reverse("dashboard:home")


def test_two_factor_is_optional_for_a_field_reporter_but_enforced_once_enrolled(personas):
    device = TOTPDevice.objects.create(user=personas["reporter"], name="app", confirmed=True)
    client = Client()
    _login(client, "babinsa1")
    response = client.get(reverse("dashboard:home"))
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    client.post(reverse("accounts:otp_verify"), {"token": _code(device)})
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_sign_out_is_audited(personas, client_for):
    client = client_for(personas["partner"])
    client.post(reverse("accounts:logout"))
    assert AuditLog.objects.filter(username="mitra1", action="logout").exists()
