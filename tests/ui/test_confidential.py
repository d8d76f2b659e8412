"""A confidential case exists only for those allowed to see it: on every page, list and download."""

import pytest
from django.urls import reverse

from decisions.models import Person

from .helpers import csv_rows, page

pytestmark = pytest.mark.django_db
LIST = reverse("decisions:case_list")
CSV = reverse("decisions:case_csv")
CTPN = "Ansökan om medlemskap i Counter Terrorism Preparedness Network"


def test_anonymous_readers_do_not_see_it_in_the_list_or_csv(client, confidential_case):
    response = client.get(LIST)
    assert response.context["paginator"].count == 4
    assert CTPN not in page(response)
    assert CTPN not in {row[1] for row in csv_rows(client.get(CSV))}


def test_anonymous_readers_get_404_for_it(client, confidential_case):
    assert client.get(confidential_case.get_absolute_url()).status_code == 404


def test_its_dnr_does_not_redirect_and_its_words_do_not_find_it(client, confidential_case):
    response = client.get(LIST, {"q": "KS 2021/346"})
    assert response.status_code == 200
    assert response.context["paginator"].count == 0
    assert client.get(LIST, {"q": "Preparedness"}).context["paginator"].count == 0


def test_people_who_appear_only_in_it_do_not_exist_for_anonymous_readers(client, confidential_case):
    # Anna König Jerlmyr presents KS 2021/346 but also appears in visible cases.
    jerlmyr = Person.objects.get(name="Anna König Jerlmyr")
    html = page(client.get(jerlmyr.get_absolute_url()))
    assert "KS 2021/346" not in html
    assert [c.case_pk for c in client.get(jerlmyr.get_absolute_url()).context["presented_cases"]] == []
    only_here = Person.objects.create(name="Hemlig Person", key="hemlig person")
    confidential_case.presenter = only_here
    confidential_case.save()
    assert client.get(only_here.get_absolute_url()).status_code == 404
    people = client.get(reverse("decisions:person_list")).context["paginator"].count
    assert people == Person.objects.count() - 1


def test_a_filter_by_its_presenter_does_not_list_it(client, confidential_case):
    jerlmyr = Person.objects.get(name="Anna König Jerlmyr")
    titles = {c.title for c in client.get(LIST, {"person": jerlmyr.pk}).context["object_list"]}
    assert CTPN not in titles


def test_home_counts_leave_it_out(client, confidential_case):
    assert client.get(reverse("decisions:home")).context["case_count"] == 4


def test_logged_in_readers_without_the_right_do_not_see_it(reader_client, confidential_case):
    assert reader_client.get(confidential_case.get_absolute_url()).status_code == 404
    assert reader_client.get(LIST).context["paginator"].count == 4


def test_a_registrator_without_the_right_cannot_edit_it(registrator_client, confidential_case):
    url = reverse("decisions:case_update", args=[confidential_case.pk])
    assert registrator_client.get(url).status_code == 404
    proposal = confidential_case.proposals.first()
    url = reverse("decisions:proposal_update", args=[confidential_case.pk, proposal.pk])
    assert registrator_client.post(url, {"kind": "proposal", "outcome": "adopted"}).status_code == 404


def test_members_of_sekretessbehorig_see_it_everywhere(cleared_client, confidential_case):
    html = page(cleared_client.get(confidential_case.get_absolute_url()))
    assert "OSL 18 kap. 1 §" in html
    assert cleared_client.get(LIST).context["paginator"].count == 5
    assert CTPN in {row[1] for row in csv_rows(cleared_client.get(CSV))}
    response = cleared_client.get(LIST, {"q": "KS 2021/346"})
    assert response["Location"] == confidential_case.get_absolute_url()
    jerlmyr = Person.objects.get(name="Anna König Jerlmyr")
    presented = cleared_client.get(jerlmyr.get_absolute_url()).context["presented_cases"]
    assert confidential_case.pk in [row.case_pk for row in presented]


def test_the_person_list_counts_its_appearances_only_for_those_with_the_right(
    cleared_client, confidential_case
):
    from django.test import Client

    from decisions.models import Reservation

    brinck = Person.objects.get(name="Cecilia Brinck")
    Reservation.objects.create(case=confidential_case, person=brinck)
    people = reverse("decisions:person_list")
    for reader, reservations in ((Client(), 0), (cleared_client, 1)):
        [row] = reader.get(people, {"q": "brinck"}).context["object_list"]
        assert (row.name, row.statement_count, row.reservation_count) == ("Cecilia Brinck", 4, reservations)
