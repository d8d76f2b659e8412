"""The case list: filters, free-text and Dnr search, sorting, chips, pagination and the CSV."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.models import Body, Case, Party

from .helpers import csv_rows, page, text_of

pytestmark = pytest.mark.django_db
LIST = reverse("decisions:case_list")
CSV = reverse("decisions:case_csv")


def listed(client, **params) -> set[str]:
    """The titles the filtered list shows."""
    response = client.get(LIST, params)
    html = page(response)
    return {case.title for case in response.context["object_list"] if case.title in html}


def test_the_list_shows_all_five_cases_and_the_total(client, register):
    response = client.get(LIST)
    html = page(response)
    assert response.context["paginator"].count == 5
    assert "5 ärenden" in text_of(html)
    for dnr in ["KS 2018/550", "KS 2021/346", "1.2.1./747-2017", "KS 2016.371"]:
        assert dnr in html
    assert "Medlemskap i Strong Cities Network" in html


def test_filter_by_stockholms_kommunstyrelsen_gives_its_three_cases(client, register):
    stockholm_ks = Body.objects.get(name="Kommunstyrelsen", municipality__name="Stockholms stad")
    assert listed(client, body=stockholm_ks.pk) == {
        "Medlemskap i Nordic Safe Cities",
        "Ansökan om medlemskap i Counter Terrorism Preparedness Network",
        "Medlemskap i Strong Cities Network",
    }


def test_filter_by_party_l_finds_edholm_jonsson_and_mozis_cases_but_not_ctpn(client, register):
    assert listed(client, party="L") == {
        "Medlemskap i Nordic Safe Cities",  # Lotta Edholm (L), särskilt uttalande
        "Tertialrapport 2, 2017",  # Jan Jönsson (L), reservation and proposal
        "Handlingsplan mot våldsbejakande extremism 2016-2017",  # Ylva Mozis (L), yrkande
    }


def test_a_chosen_body_and_party_are_checked_against_the_kept_choices_not_read_again(client, register):
    stockholm_ks = Body.objects.get(name="Kommunstyrelsen", municipality__name="Stockholms stad")
    params = {"body": stockholm_ks.pk, "party": "L"}
    assert listed(client, **params) == {"Medlemskap i Nordic Safe Cities"}
    with CaptureQueriesContext(connection) as queries:
        assert listed(client, **params) == {"Medlemskap i Nordic Safe Cities"}
    read = " ".join(q["sql"] for q in queries)
    assert 'FROM "decisions_party"' not in read and 'FROM "decisions_body"' not in read


def test_a_party_renamed_is_chosen_by_its_new_abbreviation_at_once(client, register):
    assert len(listed(client, party="L")) == 3
    party = Party.objects.get(abbreviation="L")
    party.abbreviation = "Lib"
    party.save()
    assert "Välj ett giltigt alternativ" in text_of(page(client.get(LIST, {"party": "L"})))
    assert listed(client, party="Lib") == {
        "Medlemskap i Nordic Safe Cities",
        "Tertialrapport 2, 2017",
        "Handlingsplan mot våldsbejakande extremism 2016-2017",
    }


def test_filter_by_party_fp_finds_the_2015_case(client, register):
    assert listed(client, party="FP") == {"Medlemskap i Strong Cities Network"}


def test_filter_by_person_finds_every_case_they_appear_in(client, edholm):
    assert listed(client, person=edholm.pk) == {
        "Medlemskap i Nordic Safe Cities",
        "Medlemskap i Strong Cities Network",
    }


def test_filter_by_municipality_year_and_date_range(client, register, vallentuna):
    assert listed(client, municipality=vallentuna.municipality_id) == {vallentuna.title}
    assert listed(client, year=2018) == {"Medlemskap i Nordic Safe Cities"}
    assert listed(client, date_from="2017-01-01", date_to="2018-12-31") == {
        "Medlemskap i Nordic Safe Cities",
        "Tertialrapport 2, 2017",
    }


def test_filter_by_kind_status_reservations_and_action_plan(client, register):
    assert listed(client, kind="protocol_extract") == {
        "Tertialrapport 2, 2017",
        "Handlingsplan mot våldsbejakande extremism 2016-2017",
    }
    assert listed(client, status="prepared") == {
        "Ansökan om medlemskap i Counter Terrorism Preparedness Network"
    }
    assert listed(client, has_reservations="true") == {"Tertialrapport 2, 2017"}
    assert len(listed(client, has_reservations="false")) == 4
    assert listed(client, has_action_plan="true") == {"Handlingsplan mot våldsbejakande extremism 2016-2017"}


def test_free_text_finds_a_word_in_the_title(client, register):
    assert listed(client, q="Nordic") == {"Medlemskap i Nordic Safe Cities"}


def test_free_text_finds_words_in_statements_and_documents(client, register):
    # "maktmiljön" is only in the särskilt uttalande of KS 2018/550; "Helsingfors" in its remissvar.
    assert listed(client, q="maktmiljön") == {"Medlemskap i Nordic Safe Cities"}
    assert listed(client, q="Helsingfors") == {"Medlemskap i Nordic Safe Cities"}
    # "Trygghetssamordnaren" is only in Vallentuna's action plan table.
    assert listed(client, q="Trygghetssamordnaren") == {
        "Handlingsplan mot våldsbejakande extremism 2016-2017"
    }


def test_free_text_with_several_words_needs_them_all(client, register):
    assert listed(client, q="medlemskap Nordic") == {"Medlemskap i Nordic Safe Cities"}
    assert listed(client, q="Nordic Vallentuna") == set()


@pytest.mark.parametrize("query", ["KS 2018/550", "ks 2018/550", "2018/550", "Dnr KS 2018/550"])
def test_a_dnr_in_any_form_goes_straight_to_the_case(client, nordic_safe_cities, query):
    response = client.get(LIST, {"q": query})
    assert response.status_code == 302
    assert response["Location"] == nordic_safe_cities.get_absolute_url()


def test_vallentunas_dnr_with_a_dot_goes_to_its_case(client, vallentuna):
    response = client.get(LIST, {"q": "ks 2016.371"})
    assert response["Location"] == vallentuna.get_absolute_url()


def test_a_dnr_shared_by_two_cases_lists_both_instead_of_guessing(client, register, nordic_safe_cities):
    Case.objects.create(
        dnr="BUN 2018/550", title="Ett annat ärende", municipality=nordic_safe_cities.municipality
    )
    response = client.get(LIST, {"q": "2018/550"})
    assert response.status_code == 200
    assert {c.dnr for c in response.context["object_list"]} == {"KS 2018/550", "BUN 2018/550"}


def test_sorting_by_date_dnr_and_title(client, register):
    def order(o):
        return [c.title for c in client.get(LIST, {"o": o}).context["object_list"]]

    by_date = order("date")
    assert by_date[0] == "Medlemskap i Strong Cities Network"  # 2015-09-16
    assert by_date[-1] == "Handlingsplan mot våldsbejakande extremism 2016-2017"  # no date: last
    assert order("-date")[0] == "Ansökan om medlemskap i Counter Terrorism Preparedness Network"
    assert order("title") == sorted(order("title"))


def test_active_filters_are_shown_as_chips_that_each_remove_one(client, register):
    response = client.get(LIST, {"party": "L", "has_reservations": "true"})
    chips = {chip["value"]: chip["query"] for chip in response.context["chips"]}
    assert chips == {"Liberalerna (L)": "has_reservations=true", "Ja": "party=L"}
    html = page(response)
    assert 'href="?has_reservations=true"' in html
    assert "Ta bort filtret" in html


def test_pagination_shows_25_per_page_and_keeps_the_filters(client, register, nordic_safe_cities):
    for n in range(30):
        Case.objects.create(
            title=f"Extra ärende {n}",
            municipality=nordic_safe_cities.municipality,
            body=nordic_safe_cities.body,
        )
    response = client.get(LIST, {"body": nordic_safe_cities.body_id})
    assert response.context["paginator"].count == 33
    assert len(response.context["object_list"]) == 25
    assert f'href="?body={nordic_safe_cities.body_id}&amp;page=2"' in page(response)
    assert len(client.get(LIST, {"body": nordic_safe_cities.body_id, "page": 2}).context["object_list"]) == 8


def test_the_csv_link_carries_the_query_string(client, register):
    html = page(client.get(LIST, {"party": "L", "o": "title"}))
    assert f'href="{CSV}?party=L&amp;o=title"' in html


def test_the_csv_has_exactly_the_filtered_rows_in_the_lists_order(client, register, nordic_safe_cities):
    rows = csv_rows(client.get(CSV, {"party": "L", "o": "title"}))
    assert rows[0] == ["Dnr", "Rubrik", "Kommun", "Organ", "Datum", "Paragraf", "Status", "URL"]
    assert [row[1] for row in rows[1:]] == [
        "Handlingsplan mot våldsbejakande extremism 2016-2017",
        "Medlemskap i Nordic Safe Cities",
        "Tertialrapport 2, 2017",
    ]
    nordic = rows[2]
    assert nordic[:7] == [
        "KS 2018/550",
        "Medlemskap i Nordic Safe Cities",
        "Stockholms stad",
        "Kommunstyrelsen",
        "2018-04-11",
        "",
        "beslutat",
    ]
    assert nordic[7] == f"http://testserver{nordic_safe_cities.get_absolute_url()}"


def test_the_unfiltered_csv_has_all_five_cases(client, register):
    assert len(csv_rows(client.get(CSV))) == 1 + 5


def test_csv_cells_that_look_like_formulas_are_defused(client, nordic_safe_cities):
    nordic_safe_cities.title = '=HYPERLINK("http://example.org")'
    nordic_safe_cities.save()
    rows = csv_rows(client.get(CSV, {"year": 2018}))
    assert rows[1][1].startswith("'=")


HOSTILE = [
    {"date_from": "2020-13-45"},
    {"date_to": "not a date", "date_from": "2018-01-01"},
    {"page": "99999"},
    {"page": "-1"},
    {"page": "abc"},
    {"body": "999999"},
    {"body": "1 OR 1=1"},
    {"municipality": "'; DROP TABLE decisions_case; --"},
    {"person": "99999999999999999999999"},
    {"person": "abc"},
    {"party": "L' OR '1'='1"},
    {"year": "99999999"},
    {"year": "2018.5"},
    {"kind": "<script>alert(1)</script>"},
    {"status": "nope"},
    {"o": "password"},
    {"has_reservations": "maybe"},
    {"q": "<script>alert(1)</script>"},
    {"q": "' OR 1=1 --"},
    {"q": "%_\\"},
    {"q": "a" * 5000},
    {"q": "nul\x00byte"},
    {"q": '"unbalanced AND (OR'},
    {"q": "2018/99999999999999999999"},
]


@pytest.mark.parametrize("params", HOSTILE, ids=lambda p: repr(p)[:40])
def test_hostile_query_strings_get_an_answer_never_a_server_error(client, register, params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert client.get(CSV, params).status_code == 200


def test_a_bad_date_gets_a_form_error_beside_the_field(client, register):
    response = client.get(LIST, {"date_from": "2020-13-45"})
    html = page(response)
    assert "date_from" in response.context["filter"].form.errors
    assert 'id="id_date_from_error"' in html
    assert response.context["paginator"].count == 5  # the other filters still apply


def test_a_date_range_that_runs_backwards_is_an_error(client, register):
    response = client.get(LIST, {"date_from": "2019-01-01", "date_to": "2018-01-01"})
    assert "date_to" in response.context["filter"].form.errors


def test_a_page_past_the_end_shows_the_last_page(client, register):
    response = client.get(LIST, {"page": "99999"})
    assert response.context["page_obj"].number == 1
    assert len(response.context["object_list"]) == 5
