"""The synthetic register renders: the pages a clerk uses answer with its cases and people."""

import pytest
from django.db.models import Count
from django.urls import reverse

from decisions.models import Person

from .conftest import synthetic_cases

pytestmark = pytest.mark.django_db


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_home_and_case_list_show_the_latest_synthetic_cases(corpus, client):
    latest = synthetic_cases().filter(confidential=False).order_by("-date", "-pk").first()
    assert latest.title in html(client, reverse("decisions:home"))
    assert latest.title in html(client, reverse("decisions:case_list"))


def test_a_contested_case_shows_its_yrkanden_and_reservations(corpus, client):
    case = synthetic_cases().filter(confidential=False, reservations__isnull=False).first()
    page = html(client, case.get_absolute_url())
    assert case.dnr in page
    for reservation in case.reservations.select_related("person"):
        assert reservation.person.name in page


def test_the_most_active_person_has_a_page_listing_their_cases(corpus, client):
    person = Person.objects.annotate(n=Count("proposal_roles")).order_by("-n", "pk").first()
    page = html(client, person.get_absolute_url())
    assert person.name in page
    role = person.proposal_roles.select_related("proposal__case").filter(proposal__case__confidential=False)
    assert role.first().proposal.case.title in page


def test_a_list_filtered_by_body_and_year_and_its_csv(corpus, client):
    case = synthetic_cases().filter(confidential=False).first()
    query = f"?body={case.body_id}&year={case.date.year}"
    assert case.title in html(client, reverse("decisions:case_list") + query)
    response = client.get(reverse("decisions:case_csv") + query)
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert any(case.dnr in row for row in rows[1:])


def test_confidential_synthetic_cases_stay_hidden_from_the_public(corpus, client):
    secret = synthetic_cases().filter(confidential=True).first()
    assert client.get(secret.get_absolute_url()).status_code == 404


def test_the_health_check_answers_after_asking_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
