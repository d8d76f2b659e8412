"""Golden facts of 001: Stockholm PM Rotel I, Dnr KS 2021/346, membership in CTPN."""

from datetime import date

import pytest

from decisions.models import Case

from .conftest import people

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(register):
    return Case.objects.get(dnr="KS 2021/346")


def test_case_header(case):
    assert case.title == "Ansökan om medlemskap i Counter Terrorism Preparedness Network"
    assert case.municipality.name == "Stockholms stad"
    assert case.body.name == "Kommunstyrelsen"
    assert case.date == date(2021, 4, 14)
    assert case.presenter.name == "Anna König Jerlmyr"
    assert case.status == Case.Status.PREPARED


def test_decision_point(case):
    assert case.decision_points == [
        "Stockholms stad ansöker om medlemskap i Counter Terrorism Preparedness Network, CTPN."
    ]


def test_one_proposal_by_the_presenter_and_nothing_else(case):
    [proposal] = case.proposals.all()
    assert people(proposal.authors.all()) == [("Anna König Jerlmyr", None)]
    assert proposal.outcome == "adopted"
    assert case.statements.count() == 0
    assert case.reservations.count() == 0
    assert case.action_plans.count() == 0


def test_tjansteutlatande_dated_10_march_2021(case):
    [report] = case.attachments.all()
    assert (report.kind, report.date) == ("tjänsteutlåtande", date(2021, 3, 10))


def test_cost_is_in_the_source_text(case):
    assert "0,7 mnkr per år i två år" in case.documents.get().text
