"""Golden facts of 000: Stockholm PM Rotel I, Dnr KS 2018/550, Medlemskap i Nordic Safe Cities."""

from datetime import date

import pytest

from decisions.models import Case

from .conftest import people

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(register):
    return Case.objects.get(dnr="KS 2018/550")


def test_case_header(case):
    assert case.title == "Medlemskap i Nordic Safe Cities"
    assert case.municipality.name == "Stockholms stad"
    assert case.body.name == "Kommunstyrelsen"
    assert case.preparing_body.name == "Borgarrådsberedningen"
    assert case.date == date(2018, 4, 11)
    assert case.paragraph == ""
    assert case.kind == Case.Kind.PM
    assert case.status == Case.Status.DECIDED
    assert (case.dnr_series, case.dnr_year, case.dnr_serial) == ("KS", 2018, 550)


def test_presented_by_karin_wanngard_without_a_chair(case):
    assert case.presenter.name == "Karin Wanngård"
    assert case.chair is None


def test_decision_is_to_apply_for_membership(case):
    assert case.decision_points == ["Staden ansöker om medlemskap i nätverket Nordic Safe Cities."]


def test_the_presenters_proposal_was_adopted_by_borgarradsberedningen(case):
    [proposal] = case.proposals.all()
    assert proposal.outcome == "adopted"
    assert proposal.points == case.decision_points
    assert people(proposal.authors.all()) == [("Karin Wanngård", None)]


def test_special_statement_by_brinck_and_edholm_in_borgarradsberedningen(case):
    first = case.statements.order_by("position")[0]
    assert first.kind == "special_statement"
    assert first.forum.name == "Borgarrådsberedningen"
    assert people(first.authors.all()) == [("Cecilia Brinck", "M"), ("Lotta Edholm", "L")]
    assert first.text.startswith("Stockholm står, liksom stora delar av världen")
    assert first.text.endswith("uteblir alltfjämt.")


def test_kommunstyrelsen_statements_refer_to_the_borgarradsberedning_statement(case):
    first, special, substitute = case.statements.order_by("position")
    assert special.kind == "special_statement" and special.forum.name == "Kommunstyrelsen"
    assert people(special.authors.all()) == [
        ("Anna König Jerlmyr", "M"),
        ("Cecilia Brinck", "M"),
        ("Dennis Wedin", "M"),
        ("Johanna Sjö", "M"),
        ("Markus Nordström", "M"),
        ("Lotta Edholm", "L"),
    ]
    assert substitute.kind == "substitute_statement" and substitute.forum.name == "Kommunstyrelsen"
    assert people(substitute.authors.all()) == [("Erik Slottner", "KD")]
    assert special.refers_to == first and substitute.refers_to == first


def test_statement_spans_point_at_their_passages(case):
    document = case.documents.get()
    for statement in case.statements.all():
        passage = document.text[statement.span_start : statement.span_end]
        assert passage.startswith(("Särskilt uttalande", "Ersättaryttrande"))
        for author in statement.authors.all():
            assert author.person.name in passage


def test_counts_no_reservations_plans_or_references(case):
    assert case.statements.count() == 3
    assert case.proposals.count() == 1
    assert case.reservations.count() == 0
    assert case.action_plans.count() == 0
    assert case.references.count() == 0


def test_tjansteutlatande_of_stadsledningskontoret_dated_28_march_2018(case):
    [report] = case.attachments.all()
    assert (report.kind, report.author, report.date) == (
        "tjänsteutlåtande",
        "Stadsledningskontoret",
        date(2018, 3, 28),
    )


def test_source_document_is_kept_verbatim(case):
    document = case.documents.get()
    assert document.filename == "000_b264a70e4d3cd97a.txt"
    assert document.is_ocr is False
    assert "PM Rotel I (Dnr KS 2018/550)" in document.text
