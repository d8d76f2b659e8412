"""Hostile and nonsensical input: every list answers 200 or 400, never 500, never echoes a script
unescaped; forms refuse nonsense beside the field and save nothing."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from decisions.history import latest_version
from decisions.models import Attachment, Body, Case, Person, Reservation, SourceDocument, Statement

from ..ui.helpers import mark_of, page
from .helpers import form_values

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
HOSTILE = [
    {"body": "999999"},
    {"body": "-1"},
    {"municipality": "abc"},
    {"party": "XX"},
    {"party": SCRIPT},
    {"party": "S\x00"},
    {"body": "\x00"},
    {"person": "abc"},
    {"person": "999999"},
    {"date_from": "2020-13-45"},
    {"date_to": "0000-00-00", "date_from": "2021-01-01"},
    {"date_from": "2021-02-01", "date_to": "2020-01-01"},
    {"year": "99999"},
    {"year": "-2020"},
    {"year": "1e3"},
    {"page": "99999"},
    {"page": "-1"},
    {"page": "abc"},
    {"page": "0"},
    {"o": "password"},
    {"o": "-pk; DROP TABLE decisions_case"},
    {"kind": SCRIPT},
    {"status": "' OR 1=1--"},
    {"has_reservations": "maybe"},
    {"q": "' OR 1=1--"},
    {"q": "'; DROP TABLE decisions_case; --"},
    {"q": SCRIPT},
    {"q": '"><img src=x onerror=alert(1)>'},
    {"q": "x" * 10_000},
    {"q": "ord " * 500},
    {"q": "KS 2099/1\x00"},
    {"q": "\x00"},
    {"q": "%00"},
    {"q": "a:* & !b | (c"},
    {"q": "\\"},
    {"q": "KS 99999999999999999999/1"},
    {"q": "Å" * 300},
    {"markera": "uttalande-99999999999999999999999"},
]
LISTS = ["decisions:case_list", "decisions:case_csv", "decisions:person_list", "decisions:home"]


def body_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: urlencode(q)[:40])
@pytest.mark.parametrize("name", LISTS)
def test_hostile_query_strings_on_every_list(client, register, name, query):
    response = client.get(reverse(name), query)
    assert response.status_code in (200, 400), response.status_code
    assert SCRIPT not in body_of(response)
    assert "<img src=x" not in body_of(response)


@pytest.mark.parametrize("query", HOSTILE[:12], ids=lambda q: urlencode(q)[:40])
def test_hostile_query_strings_on_the_search_as_a_registrator(registrator_clients, query):
    anna, _ = registrator_clients
    response = anna.get(reverse("decisions:case_list"), {**query, "q": SCRIPT})
    assert response.status_code == 200
    assert SCRIPT not in body_of(response)


def test_a_script_in_the_search_is_shown_escaped_in_the_box_and_the_chip(client, register):
    html = page(client.get(reverse("decisions:case_list"), {"q": SCRIPT}))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT not in html


def test_a_search_with_a_nul_byte_finds_what_the_rest_of_it_names(client, register):
    response = client.get(reverse("decisions:case_list"), {"q": "KS 2018/550\x00"})
    assert response.status_code in (200, 302)
    people = client.get(reverse("decisions:person_list"), {"q": "Edholm\x00"})
    assert [p.name for p in people.context["object_list"]] == ["Lotta Edholm"]


@pytest.mark.parametrize(
    "path",
    [
        "/partier/XX/",
        f"/partier/{SCRIPT}/",
        "/partier/%00/",
        "/personer/999999/",
        "/organ/999999/",
        "/enheter/999999/",
        "/handlingsplaner/999999/",
        "/arenden/999999/",
        "/arenden/999999/historik/",
        "/arenden/99999999999999999999999/",
        "/arenden/99999999999999999999999/historik/",
    ],
)
def test_unknown_ids_in_paths_answer_404(client, register, path):
    response = client.get(path)
    assert response.status_code == 404
    assert SCRIPT not in response.content.decode()


@pytest.mark.parametrize(
    "marker", ["uttalande-abc", "uttalande-", "okänt-1", "uttalande-99999", SCRIPT, "\x00"]
)
def test_nonsense_markers_on_the_case_page_mark_nothing(client, register, marker):
    case = Case.objects.get(dnr="KS 2018/550")
    html = page(client.get(case.get_absolute_url(), {"markera": marker}))
    assert 'id="markerat"' not in html and SCRIPT not in html


@pytest.fixture
def hostile_statement(register):
    """A statement in KS 2018/550 whose text, and the source passage it points to, hold a script."""
    case = Case.objects.get(dnr="KS 2018/550")
    text = f"Vi vill se en åtgärd. {SCRIPT} Slut."
    document = SourceDocument.objects.create(
        filename="fientlig.txt", sha256="f" * 64, text=f"Inledning. {text}"
    )
    document.cases.add(case)
    start = document.text.index("Vi vill")
    return Statement.objects.create(
        case=case,
        kind=Statement.Kind.MINUTES_NOTE,
        label="Protokollsanteckning",
        text=text,
        document=document,
        span_start=start,
        span_end=start + len(text),
    )


def test_a_statement_holding_a_script_is_shown_escaped(client, hostile_statement):
    case = hostile_statement.case
    html = page(client.get(case.get_absolute_url(), {"markera": f"uttalande-{hostile_statement.pk}"}))
    assert SCRIPT not in html
    assert "Vi vill se en åtgärd. &lt;script&gt;alert(1)&lt;/script&gt; Slut." in html
    assert mark_of(html) == hostile_statement.text  # the highlighted passage, escaped in the page
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2  # the statement, and its marked source


def test_a_statement_with_a_script_added_on_the_web_is_shown_escaped(registrator_clients, register):
    anna, _ = registrator_clients
    case = Case.objects.get(dnr="KS 2018/550")
    data = {"kind": "minutes_note", "label": SCRIPT, "forum": case.body_id, "text": SCRIPT}
    assert anna.post(reverse("decisions:statement_create", args=[case.pk]), data).status_code == 302
    html = page(anna.get(case.get_absolute_url()))
    assert SCRIPT not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2


def test_names_holding_markup_are_shown_escaped_in_the_rows_of_the_case_and_person_pages(client, register):
    """Person and party names are drawn into links in Python, not by the template engine."""
    brinck = Person.objects.get(name="Cecilia Brinck")
    brinck.name = 'Cecilia "<b>Brinck</b>"'
    brinck.save()
    statement = Statement.objects.filter(case__dnr="KS 2018/550", authors__person=brinck).first()
    party = statement.authors.get(person=brinck).party
    party.name = "Moderaterna <i>&</i>"
    party.save()
    for url in (statement.case.get_absolute_url(), brinck.get_absolute_url()):
        html = page(client.get(url))
        assert "<b>Brinck</b>" not in html and "<i>&</i>" not in html
        assert "Cecilia &quot;&lt;b&gt;Brinck&lt;/b&gt;&quot;" in html
        assert "Moderaterna &lt;i&gt;&amp;&lt;/i&gt;" in html


# Forms: nonsense gets an error beside its field and nothing is saved.


@pytest.fixture
def rudlinger(skarholmen):
    return Reservation.objects.get(case=skarholmen, person__name="Eva Rüdlinger")


def assert_refused_beside(response, field: str) -> None:
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()


@pytest.mark.parametrize(
    "person",
    [
        "Sofia Segergren",  # seen only in Vallentuna, another municipality
        "999999",
        "abc",
        "-1",
        "1 OR 1=1",
    ],
)
def test_a_reservation_by_someone_not_of_the_municipality_is_refused(registrator_clients, rudlinger, person):
    anna, _ = registrator_clients
    url = reverse("decisions:reservation_update", args=[rudlinger.case_id, rudlinger.pk])
    form = form_values(anna.get(url))
    known = Person.objects.filter(name=person).values_list("pk", flat=True).first()
    response = anna.post(url, {**form, "person": known or person})
    assert_refused_beside(response, "person")
    assert 'value="{}"'.format(Person.objects.get(name="Sofia Segergren").pk) not in response.content.decode()
    rudlinger.refresh_from_db()
    assert rudlinger.person.name == "Eva Rüdlinger"
    assert rudlinger.history.count() == 1


def test_a_reservation_by_a_member_of_the_municipality_is_accepted(registrator_clients, rudlinger):
    anna, _ = registrator_clients
    url = reverse("decisions:reservation_update", args=[rudlinger.case_id, rudlinger.pk])
    # Cecilia Brinck appears in Stockholm's KS cases, the same municipality as Skärholmen.
    brinck = Person.objects.get(name="Cecilia Brinck")
    assert anna.post(url, {**form_values(anna.get(url)), "person": brinck.pk}).status_code == 302
    rudlinger.refresh_from_db()
    assert rudlinger.person == brinck


@pytest.mark.parametrize(
    "day", ["2021-13-45", "99999-01-01", "10000-01-01", "0000-00-00", "2021-02-30", SCRIPT]
)
def test_dates_out_of_range_are_refused(registrator_clients, register, day):
    anna, _ = registrator_clients
    attachment = Attachment.objects.first()
    url = reverse("decisions:attachment_update", args=[attachment.case_id, attachment.pk])
    response = anna.post(url, {**form_values(anna.get(url)), "date": day})
    assert_refused_beside(response, "date")
    assert SCRIPT not in response.content.decode()
    case = attachment.case
    case_url = reverse("decisions:case_update", args=[case.pk])
    assert_refused_beside(anna.post(case_url, {**form_values(anna.get(case_url)), "date": day}), "date")
    assert latest_version(attachment) == attachment.history.first().history_id
    assert attachment.history.count() == 1 and case.history.count() == 1


def test_a_body_of_another_municipality_is_refused(registrator_clients, skarholmen):
    anna, _ = registrator_clients
    url = reverse("decisions:case_update", args=[skarholmen.pk])
    vallentuna_board = Body.objects.get(name="Kommunstyrelsens arbetsutskott")
    assert_refused_beside(anna.post(url, {**form_values(anna.get(url)), "body": vallentuna_board.pk}), "body")
    skarholmen.refresh_from_db()
    assert skarholmen.body.name == "Skärholmens stadsdelsnämnd"


@pytest.mark.parametrize(
    "field, value",
    [("kind", "hack"), ("status", "' OR 1=1--"), ("title", ""), ("title", "x" * 501), ("dnr", "x" * 61)],
)
def test_nonsense_in_a_case_field_is_refused(registrator_clients, skarholmen, field, value):
    anna, _ = registrator_clients
    url = reverse("decisions:case_update", args=[skarholmen.pk])
    assert_refused_beside(anna.post(url, {**form_values(anna.get(url)), field: value}), field)
    assert skarholmen.history.count() == 1


def test_a_nul_byte_in_a_form_is_refused(registrator_clients, rudlinger):
    anna, _ = registrator_clients
    url = reverse("decisions:reservation_update", args=[rudlinger.case_id, rudlinger.pk])
    assert_refused_beside(anna.post(url, {**form_values(anna.get(url)), "reason": "Före\x00efter"}), "reason")


def test_anonymous_posts_with_hostile_data_change_nothing(register, rudlinger):
    response = Client().post(
        reverse("decisions:reservation_update", args=[rudlinger.case_id, rudlinger.pk]), {"reason": SCRIPT}
    )
    assert response.status_code == 302
    assert rudlinger.history.count() == 1
