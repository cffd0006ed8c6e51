import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
ADMIN = reverse("admin:index")


def test_anonymous_users_are_sent_to_sign_in():
    response = Client().get(ADMIN)
    assert response.status_code == 302 and "login" in response["Location"]


def test_only_verified_administrators_enter(personas, client_for):
    assert client_for(personas["admin"]).get(ADMIN).status_code == 200
    for name in ("analyst", "reporter", "partner", "leader"):
        response = client_for(personas[name]).get(ADMIN)
        assert response.status_code == 302, name


def test_an_administrator_without_a_second_factor_is_stopped(personas):
    client = Client()
    client.force_login(personas["admin"])
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))


def test_the_user_list_shows_roles(personas, client_for):
    response = client_for(personas["admin"]).get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 200
    assert "babinsa1" in response.content.decode()
