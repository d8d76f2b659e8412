"""Free-text search: a word in any inflection finds the case; on PostgreSQL Swedish full text, ranked."""

import pytest
from django.urls import reverse

from decisions.selectors import search_words, swedish_prefix_query

LIST = reverse("decisions:case_list")


def found(client, query: str) -> list[str]:
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    return [case.dnr or case.title for case in response.context["object_list"]]


def test_definite_and_plural_endings_come_off_and_diacritics_are_optional():
    assert search_words("nätverket") == [{"nätverk", "Nätverk", "natverk", "nätverket"}]
    assert (
        swedish_prefix_query("medlemskapet reservationerna")
        == "(medlemskap:* | medlemskapet:*) & (reservation:* | reservationerna:*)"
    )


def test_short_words_keep_their_endings():
    assert search_words("över") == [{"över", "Över", "over"}]


@pytest.mark.django_db
def test_a_word_the_stemmer_cuts_short_is_still_found(client, register):
    # PostgreSQL's Swedish stemmer cuts "möjlighet" to "möj"; the PMs of both membership cases
    # speak of "en möjlighet att både inhämta och sprida" and "ytterligare möjlighet för staden".
    assert {"KS 2018/550", "KS 2021/346"} <= set(found(client, "möjlighet"))


def test_only_word_characters_reach_the_full_text_query():
    assert swedish_prefix_query("' OR 1=1; -- :* & !") == "(or:*) & (1:*) & (1:*)"
    assert swedish_prefix_query("!!! ::") == ""


@pytest.mark.django_db
def test_medlemskapet_finds_the_membership_cases(client, register):
    assert {"KS 2018/550", "KS 2021/346"} <= set(found(client, "medlemskapet"))


@pytest.mark.django_db
def test_natverket_finds_the_network_cases_even_in_ocr_text_without_diacritics(client, register):
    # The 2015 PM is OCR text: "Natverket", "nitverkets".
    assert {"KS 2018/550", "KS 2021/346", "Medlemskap i Strong Cities Network"} <= set(
        found(client, "nätverket")
    )


@pytest.mark.django_db
def test_reservationer_finds_skarholmen(client, register):
    assert "1.2.1./747-2017" in found(client, "reservationer")


@pytest.mark.django_db
def test_punctuation_only_finds_nothing_and_does_not_fail(client, register):
    assert found(client, "!!! ::") == []


@pytest.mark.postgres
@pytest.mark.django_db
def test_results_are_ranked_by_relevance(client, register):
    # "Nordic Safe Cities" is the title of KS 2018/550; the others only mention it.
    assert found(client, "Nordic Safe Cities")[0] == "KS 2018/550"


@pytest.mark.django_db
def test_search_syntax_typed_by_users_is_never_an_error(client, register):
    for query in ['"medlemskap', "medlemskap OR", "-", "!!! & | :*", "och", "a_b"]:
        assert client.get(LIST, {"q": query}).status_code == 200


def snippet_of(client, query: str, dnr: str) -> str:
    response = client.get(LIST, {"q": query})
    case = next(c for c in response.context["object_list"] if c.dnr == dnr)
    return case.snippet


@pytest.mark.django_db
def test_each_result_shows_where_the_word_was_found_with_the_hit_marked(client, register):
    response = client.get(LIST, {"q": "medlemskapet"})
    assert "ansöker om <mark>medlemskap</mark> i nätverket Nordic Safe Cities" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_hit_only_in_the_source_text_gets_a_snippet_from_it(client, register):
    # Skärholmen § 20 says "Reservation" in the protocol text only, not in its decision points.
    assert "\ue000Reservation\ue001" in snippet_of(client, "reservationer", "1.2.1./747-2017")


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_hit_in_the_title_alone_takes_its_snippet_from_where_the_text_says_it(client, register):
    from decisions.models import Case

    # The title is shown already; a passage is drawn from the case's own text only when that text
    # holds the word. Left with a summary that does not name the network, KS 2018/550's passage
    # comes from its protocol, which does.
    Case.objects.filter(dnr="KS 2018/550").update(summary="Ärendet gäller ett nätverk.", decision_points=[])
    snippet = snippet_of(client, "Nordic", "KS 2018/550")
    assert "\ue000Nordic\ue001 Safe Cities" in snippet
    assert "Ärendet gäller" not in snippet


@pytest.mark.django_db
def test_snippets_are_escaped_before_hits_are_marked(client, register):
    from decisions.models import Case

    Case.objects.filter(dnr="KS 2018/550").update(summary="<script>alert(1)</script> medlemskap")
    html = client.get(LIST, {"q": "medlemskap"}).content.decode()
    # The passage shows the tag as text, escaped: it never runs.
    assert "<script>" not in html
    assert "<mark>medlemskap</mark>" in html


@pytest.mark.postgres
@pytest.mark.django_db
def test_stored_vectors_follow_every_save_and_bulk_insert(client, register):
    from decisions.models import Case, Statement

    statement = Statement.objects.filter(case__dnr="KS 2018/550").first()
    statement.text += " Kommunen inför lånecyklar."
    statement.save()
    assert found(client, "lånecyklarna") == ["KS 2018/550"]
    case = Case.objects.get(dnr="KS 2021/346")
    Statement.objects.bulk_create([Statement(case=case, kind=statement.kind, text="Om vattenskotrar.")])
    assert found(client, "vattenskoter") == ["KS 2021/346"]


@pytest.mark.postgres
@pytest.mark.django_db
def test_search_vectors_have_gin_indexes():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_indexes WHERE indexdef LIKE '%USING gin (search_vector)%'")
        tables = {row[0] for row in cursor.fetchall()}
    assert tables == {
        "decisions_case",
        "decisions_statement",
        "decisions_reservation",
        "decisions_sourcedocument",
    }
