"""REGISTER_PUBLIC_READ: on by default (offentlighetsprincipen); off, every page needs a login."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_public_reads_without_logging_in_by_default(client, nordic_safe_cities):
    assert client.get(nordic_safe_cities.get_absolute_url()).status_code == 200


def test_without_public_read_every_page_sends_anonymous_readers_to_login(
    client, settings, nordic_safe_cities
):
    settings.REGISTER_PUBLIC_READ = False
    for url in [
        reverse("decisions:home"),
        reverse("decisions:case_list"),
        reverse("decisions:case_csv"),
        nordic_safe_cities.get_absolute_url(),
        reverse("decisions:person_list"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/konto/logga-in/?next="), url


def test_without_public_read_logged_in_users_still_read(reader_client, settings, nordic_safe_cities):
    settings.REGISTER_PUBLIC_READ = False
    assert reader_client.get(nordic_safe_cities.get_absolute_url()).status_code == 200
