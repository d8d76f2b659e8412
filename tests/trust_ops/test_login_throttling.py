"""Login throttling (django-axes): five failed attempts lock the user name out from that address,
on the register's login page and on the admin's alike."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_PAGES = [reverse("decisions:login"), reverse("admin:login")]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Dozens of password checks here; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def attempt(client, url: str, username: str, password: str):
    return client.post(url, {"username": username, "password": password})


def fail(client, url: str, username: str, times: int):
    return [attempt(client, url, username, "fel-lösenord").status_code for _ in range(times)]


def test_the_limit_is_five_failures():
    assert settings.AXES_FAILURE_LIMIT == 5


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_four_failures_still_let_the_right_password_in(client, make_user, url):
    make_user("registrator", "Registrator", is_staff=True)
    assert fail(client, url, "registrator", 4) == [200, 200, 200, 200]
    assert attempt(client, url, "registrator", PASSWORD).status_code == 302
    assert SESSION_KEY in client.session


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_the_fifth_failure_locks_out_even_the_right_password(client, make_user, url):
    make_user("registrator", "Registrator", is_staff=True)
    assert fail(client, url, "registrator", 5) == [200, 200, 200, 200, 429]
    response = attempt(client, url, "registrator", PASSWORD)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_the_lockout_page_says_why_and_for_how_long_in_swedish(client, make_user):
    make_user("registrator")
    response = fail(client, reverse("decisions:login"), "registrator", 5) and attempt(
        client, reverse("decisions:login"), "registrator", PASSWORD
    )
    html = response.content.decode()
    assert "<h1>Inloggningen är spärrad</h1>" in html
    assert "För många misslyckade inloggningsförsök (5 i rad)" in html
    assert "spärrad i 15 minuter" in html


def test_the_lockout_page_is_english_for_an_english_reader(client, make_user):
    make_user("registrator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    fail(client, reverse("decisions:login"), "registrator", 5)
    html = attempt(client, reverse("decisions:login"), "registrator", PASSWORD).content.decode()
    assert "Too many failed login attempts (5 in a row)" in html
    assert "blocked for 15 minutes" in html


def test_a_lockout_on_the_register_login_also_holds_on_the_admin_login(client, make_user):
    make_user("administrator", is_staff=True, is_superuser=True)
    fail(client, reverse("decisions:login"), "administrator", 5)
    assert attempt(client, reverse("admin:login"), "administrator", PASSWORD).status_code == 429


def test_another_user_at_the_same_address_may_still_log_in(client, make_user):
    """The lock is per user name and address, so one clerk's typos do not lock out the office."""
    make_user("registrator")
    make_user("kollega")
    fail(client, reverse("decisions:login"), "registrator", 5)
    assert attempt(client, reverse("decisions:login"), "kollega", PASSWORD).status_code == 302
