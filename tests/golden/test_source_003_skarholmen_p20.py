"""Golden facts of 003: Skärholmens stadsdelsnämnd 2017-09-21, § 20 Tertialrapport 2, dnr 1.2.1./747-2017."""

from datetime import date

import pytest

from decisions.models import Body, Case

from .conftest import people

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(register):
    return Case.objects.get(dnr="1.2.1./747-2017")


def test_case_header(case):
    assert case.title == "Tertialrapport 2, 2017"
    assert case.municipality.name == "Stockholms stad"
    assert case.body.name == "Skärholmens stadsdelsnämnd"
    assert case.body.kind == Body.Kind.DISTRICT_COMMITTEE
    assert case.date == date(2017, 9, 21)
    assert case.paragraph == "§ 20"
    assert case.kind == Case.Kind.PROTOCOL_EXTRACT
    assert case.status == Case.Status.DECIDED
    assert (case.dnr_classification, case.dnr_serial, case.dnr_year) == ("1.2.1.", 747, 2017)


def test_three_decision_points_with_immediate_adjustment(case):
    assert len(case.decision_points) == 3
    assert case.decision_points[0].startswith("Nämnden godkänner tertialrapport 2 2017")
    assert "omslutningsförändring om 2,5 mnkr" in case.decision_points[1]
    assert case.decision_points[2] == "Omedelbar justering."
    assert case.immediate_adjustment is True


def test_chaired_by_lorena_delgado_v(case):
    assert (case.chair.name, case.chair_party.abbreviation) == ("Lorena Delgado", "V")


def test_administrations_proposal_adopted_opposition_proposal_rejected(case):
    administration, opposition = case.proposals.order_by("position")
    assert (administration.origin, administration.outcome) == ("förvaltningen", "adopted")
    assert people(administration.authors.filter(role="supporter")) == [("Lorena Delgado", "V")]
    assert (opposition.origin, opposition.outcome) == (
        "Liberalerna och Moderaterna samt Centerpartiet",
        "rejected",
    )
    assert people(opposition.authors.all()) == [
        ("Jan Jönsson", "L"),
        ("Eva Rüdlinger", "M"),
        ("Erik Sihlberg", "C"),
    ]
    assert len(opposition.points) == 3
    assert "återremitteras" in opposition.points[1]
    assert "Samverkan med bostadsbolagen" in opposition.text


def test_seven_reservations_in_favour_of_the_opposition_proposal(case):
    reservations = case.reservations.order_by("position")
    assert people(reservations) == [
        ("Eva Rüdlinger", "M"),
        ("Arslan Bicen", "M"),
        ("Christer Stenberg", "M"),
        ("Marie-Louise Olofsson", "M"),
        ("Jan Jönsson", "L"),
        ("Cecilia Carpelan", "L"),
        ("Erik Sihlberg", "C"),
    ]
    opposition = case.proposals.get(outcome="rejected")
    assert all(r.in_favour_of == opposition for r in reservations)
    assert reservations.last().in_favour_text == "eget ersättaryttrande"
    assert reservations.first().in_favour_text == "eget förslag till beslut"


def test_reservation_spans_point_at_the_reservation_lines(case):
    text = case.documents.get().text
    for reservation in case.reservations.all():
        passage = text[reservation.span_start : reservation.span_end]
        assert reservation.person.name in passage and "reserverar sig" in passage


def test_counts(case):
    assert case.proposals.count() == 2
    assert case.statements.count() == 0
    assert case.action_plans.count() == 0
    assert [a.kind for a in case.attachments.all()] == ["bilaga"]
