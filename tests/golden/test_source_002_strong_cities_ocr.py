"""Golden facts of 002: OCR text of a 2015 Stockholm PM, Medlemskap i Strong Cities Network, no Dnr."""

from datetime import date

import pytest

from decisions.models import Case, Person, StatementAuthor

from .conftest import case_by_title, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(register):
    return case_by_title("Medlemskap i Strong Cities Network")


def test_case_without_a_dnr_of_its_own(case):
    assert case.dnr == ""
    assert case.dnr_key == ""
    assert case.date == date(2015, 9, 16)
    assert case.body.name == "Kommunstyrelsen"
    assert case.status == Case.Status.DECIDED


def test_document_is_marked_ocr_and_kept_verbatim(case):
    document = case.documents.get()
    assert document.is_ocr is True
    assert "KARIN WANNGARD" in document.text
    assert "fo6ljande" in document.text


def test_ocr_presenter_resolves_to_the_clean_spelling(case):
    assert case.presenter.name == "Karin Wanngård"
    assert "Karin Wanngard" in case.presenter.aliases


def test_decision_point_keeps_the_ocr_letters(case):
    assert case.decision_points == [
        "Staden tackar ja till ett medlemskap i Strong Cities Network "
        "samt till att inga i nitverkets styrgrupp."
    ]


def test_three_statements_with_parties_of_2015(case):
    first, special, substitute = case.statements.order_by("position")
    assert (first.kind, first.forum.name) == ("special_statement", "Borgarrådsberedningen")
    assert people(first.authors.all()) == [("Cecilia Brinck", "M")]
    assert (special.kind, special.forum.name) == ("special_statement", "Kommunstyrelsen")
    assert people(special.authors.all()) == [
        ("Anna König Jerlmyr", "M"),
        ("Joakim Larsson", "M"),
        ("Cecilia Brinck", "M"),
        ("Dennis Wedin", "M"),
        ("Johanna Sjö", "M"),
        ("Lotta Edholm", "FP"),
    ]
    assert (substitute.kind, substitute.forum.name) == ("substitute_statement", "Kommunstyrelsen")
    assert people(substitute.authors.all()) == [("Karin Ernlund", "C"), ("Erik Slottner", "KD")]
    assert special.refers_to == first and substitute.refers_to == first


def test_lotta_edholm_is_one_person_fp_in_2015_and_l_in_2018(case):
    edholm = Person.objects.get(name="Lotta Edholm")
    seen = {
        (row.statement.case.date.year, row.party.abbreviation)
        for row in StatementAuthor.objects.filter(person=edholm).select_related("statement__case", "party")
    }
    assert seen == {(2015, "FP"), (2018, "L")}


def test_ocr_spellings_are_aliases_of_one_person_each(case):
    assert Person.objects.get(name="Johanna Sjö").aliases == ["Johanna Sj6"]
    assert Person.objects.get(name="Anna König Jerlmyr").aliases == ["Anna Konig Jerlmyr"]
    assert not Person.objects.filter(
        name__in=["Johanna Sj6", "Anna Konig Jerlmyr", "Karin Wanngard"]
    ).exists()


def test_cited_dnr_and_the_attachment(case):
    assert [r.text for r in case.references.all()] == ["006-1137/2007"]
    assert case.references.get().target is None
    kinds = sorted((a.kind, a.title if a.kind == "bilaga" else str(a.date)) for a in case.attachments.all())
    assert kinds == [("bilaga", "Inbjudan - The Strong Citites Network"), ("tjänsteutlåtande", "2015-08-26")]
    assert case.reservations.count() == 0
