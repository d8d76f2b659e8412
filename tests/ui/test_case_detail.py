"""The case page: the structured record beside its source text, each item linked to its passage."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.models import Attachment, Reservation, Statement

from .helpers import mark_of, page, text_of

pytestmark = pytest.mark.django_db


def detail(client, case, **params) -> str:
    return page(client.get(case.get_absolute_url(), params))


def test_the_facts_of_ks_2018_550(client, nordic_safe_cities):
    text = text_of(detail(client, nordic_safe_cities))
    assert "KS 2018/550 Medlemskap i Nordic Safe Cities" in text
    assert "Organ Kommunstyrelsen" in text
    assert "Beredande organ Borgarrådsberedningen" in text
    assert "Datum 2018-04-11" in text
    assert "Föredragande Karin Wanngård" in text
    assert "Staden ansöker om medlemskap i nätverket Nordic Safe Cities." in text


def test_statements_are_grouped_by_forum_with_authors_and_parties(client, nordic_safe_cities):
    html = detail(client, nordic_safe_cities)
    text = text_of(html)
    in_brb = text[text.index("I Borgarrådsberedningen") : text.index("I Kommunstyrelsen")]
    assert "Särskilt uttalande" in in_brb
    assert "Cecilia Brinck (M), borgarråd" in in_brb
    assert "Lotta Edholm (L), borgarråd" in in_brb
    in_ks = text[text.index("I Kommunstyrelsen") : text.index("Reservationer")]
    assert "Ersättaryttrande Erik Slottner (KD)" in in_ks
    edholm = Statement.objects.get(case=nordic_safe_cities, forum__name="Borgarrådsberedningen").authors.get(
        person__name="Lotta Edholm"
    )
    assert f'href="{edholm.person.get_absolute_url()}"' in html
    assert 'href="/partier/L/"' in html


def test_show_in_source_highlights_the_statement_passage(client, nordic_safe_cities):
    statement = Statement.objects.get(case=nordic_safe_cities, forum__name="Borgarrådsberedningen")
    html = detail(client, nordic_safe_cities)
    link = f'href="?markera=uttalande-{statement.pk}#kalla-{statement.document_id}"'
    assert link in html
    assert "<mark" not in html
    marked = detail(client, nordic_safe_cities, markera=f"uttalande-{statement.pk}")
    assert mark_of(marked).startswith("Särskilt uttalande gjordes av borgarrådet Cecilia Brinck")
    assert f'id="kalla-{statement.document_id}"' in marked


def test_a_reservation_passage_in_skarholmen_is_highlighted(client, skarholmen):
    reservation = Reservation.objects.get(case=skarholmen, person__name="Jan Jönsson")
    marked = detail(client, skarholmen, markera=f"reservation-{reservation.pk}")
    assert (
        mark_of(marked)
        == "Jan Jönsson (L) reserverar sig mot beslutet till förmån för eget förslag till beslut."
    )


def test_the_marked_passage_is_escaped(client, nordic_safe_cities):
    statement = Statement.objects.get(case=nordic_safe_cities, forum__name="Borgarrådsberedningen")
    document = statement.document
    document.text = (
        document.text[: statement.span_start]
        + "<script>x</script>"
        + document.text[statement.span_start + 18 :]
    )
    document.save()
    marked = detail(client, nordic_safe_cities, markera=f"uttalande-{statement.pk}")
    assert "<script>x</script>" not in marked
    assert "&lt;script&gt;x&lt;/script&gt;" in marked


@pytest.mark.parametrize(
    "marker", ["uttalande-999999", "nonsense", "uttalande-abc", "forslag-", "-1", "x" * 500]
)
def test_an_unknown_marker_shows_the_page_without_a_mark(client, nordic_safe_cities, marker):
    assert "<mark" not in detail(client, nordic_safe_cities, markera=marker)


def test_an_item_of_another_case_is_not_marked(client, nordic_safe_cities, skarholmen):
    other = Reservation.objects.filter(case=skarholmen).first()
    assert "<mark" not in detail(client, nordic_safe_cities, markera=f"reservation-{other.pk}")


def test_skarholmen_lists_seven_reservations_with_party_and_proposal(client, skarholmen):
    html = detail(client, skarholmen)
    text = text_of(html)
    assert html.count('id="reservation-') == 7
    assert (
        "Jan Jönsson (L) eget förslag till beslut – förslag till beslut: Liberalerna och Moderaterna" in text
    )
    assert "Erik Sihlberg (C)" in text
    assert "Lorena Delgado (V)" in text  # the chair


def test_proposals_show_authors_supporters_and_outcome(client, vallentuna):
    text = text_of(detail(client, vallentuna))
    assert "Ylva Mozis (L) (förslagsställare)" in text
    assert "Parisa Liljestrand (M) (instämmer)" in text
    assert "Utfall: bifallet" in text


def test_attachments_cited_dnr_and_action_plans(client, vallentuna, strong_cities):
    html = detail(client, vallentuna)
    assert "Tolv rekommendationer" in html
    plan = vallentuna.action_plans.get()
    assert f'href="{plan.get_absolute_url()}"' in html
    text = text_of(detail(client, strong_cities))
    assert "006-1137/2007 (finns inte i registret)" in text


def test_a_cited_dnr_in_the_register_links_to_its_case(client, strong_cities, nordic_safe_cities):
    reference = strong_cities.references.get()
    reference.target = nordic_safe_cities
    reference.save()
    assert f'href="{nordic_safe_cities.get_absolute_url()}">006-1137/2007' in detail(client, strong_cities)


def test_kinds_of_part_a_case_lacks_are_not_read_and_say_so(client, skarholmen):
    # Skärholmen § 20 has proposals, seven reservations, a proceeding, an attachment and its
    # protocol, but no statements, votes, cited Dnr or action plans.
    with CaptureQueriesContext(connection) as queries:
        html = detail(client, skarholmen)
    read_from = {
        q["sql"].split(" FROM ", 1)[1].split()[0].strip('"') for q in queries if " FROM " in q["sql"]
    }
    assert {"decisions_proposal", "decisions_reservation", "decisions_attachment"} <= read_from
    assert not read_from & {
        "decisions_statement",
        "decisions_vote",
        "decisions_reference",
        "decisions_actionplan",
    }
    assert "Inga uttalanden registrerade." in text_of(html)
    assert 'id="voteringar"' not in html and 'id="handlingsplaner"' not in html
    assert 'id="reservationer"' in html and "Jan Jönsson" in html
    # What changes is seen at the next request.
    Attachment.objects.filter(case=skarholmen).delete()
    assert "Inga bilagor." in text_of(detail(client, skarholmen))


def test_the_ocr_document_says_so(client, strong_cities):
    assert "OCR-läst" in detail(client, strong_cities)


def test_a_case_that_does_not_exist_is_404(client, register):
    assert client.get(reverse("decisions:case_detail", args=[999999])).status_code == 404
