"""Golden tests: the facts of the three Stockholm PM sources, read from the text by hand."""

from datetime import date
from pathlib import Path

import pytest

from decisions.parsing.pm import is_pm, parse_pm

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
NORDIC_SAFE_CITIES = "000_b264a70e4d3cd97a.txt"
CTPN = "001_20ec8d20118e30d5.txt"
STRONG_CITIES = "002_7ffef60d5239b5a9.txt"


def read(name: str) -> str:
    return (SOURCES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def nordic():
    text = read(NORDIC_SAFE_CITIES)
    return text, parse_pm(text, filename=NORDIC_SAFE_CITIES)


@pytest.fixture(scope="module")
def ctpn():
    text = read(CTPN)
    return text, parse_pm(text, filename=CTPN)


@pytest.fixture(scope="module")
def strong():
    text = read(STRONG_CITIES)
    return text, parse_pm(text, filename=STRONG_CITIES)


def authors(statement):
    return [(actor.name, actor.party) for actor in statement.authors]


@pytest.mark.parametrize("name", [NORDIC_SAFE_CITIES, CTPN, STRONG_CITIES])
def test_the_three_stockholm_documents_are_pms(name):
    assert is_pm(read(name))


@pytest.mark.parametrize("name", ["003_2be480a741f236f7.txt", "004_08106fc4551d04ff.txt"])
def test_protocol_extracts_are_not_pms(name):
    assert not is_pm(read(name))


# --- 000: Nordic Safe Cities (KS 2018/550) ---


def test_nordic_safe_cities_head(nordic):
    _, case = nordic
    assert case.kind == "pm"
    assert case.dnr == "KS 2018/550"
    assert case.title == "Medlemskap i Nordic Safe Cities"
    assert case.date == date(2018, 4, 11)
    assert case.body == "Kommunstyrelsen"
    assert case.preparing_body == "Borgarrådsberedningen"
    assert case.paragraph is None
    assert case.chair is None
    assert case.status == "decided"


def test_nordic_safe_cities_presenter_and_signatory(nordic):
    text, case = nordic
    assert (case.presenter.name, case.presenter.role) == ("Karin Wanngård", "föredragande borgarråd")
    assert text[slice(*case.presenter.span)] == "Karin Wanngård"
    assert [(a.name, a.role) for a in case.signatories] == [("KARIN WANNGÅRD", "undertecknare")]
    assert text[slice(*case.signatories[0].span)] == "KARIN WANNGÅRD"


def test_nordic_safe_cities_decision_and_proposal(nordic):
    text, case = nordic
    assert case.decision_points == ("Staden ansöker om medlemskap i nätverket Nordic Safe Cities.",)
    (proposal,) = case.proposals
    assert (proposal.kind, proposal.origin, proposal.outcome) == (
        "proposal",
        "föredragande borgarrådet",
        "adopted",
    )
    assert [(a.name, a.role) for a in proposal.authors] == [("Karin Wanngård", "föredragande borgarråd")]
    assert proposal.points == case.decision_points
    passage = text[slice(*proposal.span)]
    assert passage.startswith("Jag föreslår att borgarrådsberedningen")
    assert passage.endswith("nätverket Nordic Safe Cities.")


def test_nordic_safe_cities_summary(nordic):
    _, case = nordic
    assert case.summary.startswith("Nordic Safe Cities är ett nätverk som verkar för att skapa säkra")
    assert case.summary.endswith("som söker förebygga radikaliserings och våldsbejakande extremism.")


def test_nordic_safe_cities_has_three_statements_in_two_forums(nordic):
    _, case = nordic
    kinds = [(s.kind, s.label, s.forum, s.refers_to) for s in case.statements]
    assert kinds == [
        ("special_statement", "Särskilt uttalande", "Borgarrådsberedningen", None),
        ("special_statement", "Särskilt uttalande", "Kommunstyrelsen", 0),
        ("substitute_statement", "Ersättaryttrande", "Kommunstyrelsen", 0),
    ]


def test_nordic_safe_cities_statement_in_borgarradsberedningen(nordic):
    _, case = nordic
    first = case.statements[0]
    assert authors(first) == [("Cecilia Brinck", "M"), ("Lotta Edholm", "L")]
    assert {a.role for a in first.authors} == {"borgarråd"}
    assert first.text.startswith("Stockholm står, liksom stora delar av världen")
    assert first.text.endswith("uteblir alltfjämt.")
    assert first.text.count("\n\n") == 6  # seven paragraphs


def test_nordic_safe_cities_statements_in_kommunstyrelsen(nordic):
    _, case = nordic
    special, substitute = case.statements[1:]
    assert authors(special) == [
        ("Anna König Jerlmyr", "M"),
        ("Cecilia Brinck", "M"),
        ("Dennis Wedin", "M"),
        ("Johanna Sjö", "M"),
        ("Markus Nordström", "M"),
        ("Lotta Edholm", "L"),
    ]
    assert authors(substitute) == [("Erik Slottner", "KD")]
    expected = (
        "med hänvisning till Moderaternas och Liberalernas gemensamma särskilda uttalande"
        " i borgarrådsberedningen."
    )
    assert special.text == substitute.text == expected


def test_nordic_safe_cities_enclosure_and_no_attachment(nordic):
    _, case = nordic
    assert [(e.kind, e.author, e.date) for e in case.enclosures] == [
        ("tjänsteutlåtande", "Stadsledningskontoret", date(2018, 3, 28))
    ]
    assert case.attachments == ()
    assert case.references == ()


# --- 001: Counter Terrorism Preparedness Network (KS 2021/346) ---


def test_ctpn_head(ctpn):
    text, case = ctpn
    assert case.dnr == "KS 2021/346"
    assert case.title == "Ansökan om medlemskap i Counter Terrorism Preparedness Network"
    assert case.date == date(2021, 4, 14)
    assert (case.body, case.preparing_body) == ("Kommunstyrelsen", "Borgarrådsberedningen")
    assert (case.presenter.name, case.presenter.role) == ("Anna König Jerlmyr", "föredragande borgarråd")
    assert text[slice(*case.presenter.span)] == "Anna König Jerlmyr"
    assert [a.name for a in case.signatories] == ["ANNA KÖNIG JERLMYR"]


def test_ctpn_is_prepared_without_statements(ctpn):
    _, case = ctpn
    assert case.status == "prepared"
    assert case.statements == ()


def test_ctpn_decision_point_and_adopted_proposal(ctpn):
    _, case = ctpn
    expected = ("Stockholms stad ansöker om medlemskap i Counter Terrorism Preparedness Network, CTPN.",)
    assert case.decision_points == expected
    (proposal,) = case.proposals
    assert (proposal.points, proposal.outcome) == (expected, "adopted")


def test_ctpn_enclosure(ctpn):
    _, case = ctpn
    assert [(e.kind, e.author, e.date) for e in case.enclosures] == [
        ("tjänsteutlåtande", "Stadsledningskontoret", date(2021, 3, 10))
    ]
    assert case.attachments == ()


# --- 002: Strong Cities Network (OCR, 2015, no Dnr of its own) ---


def test_strong_cities_head_read_through_ocr_damage(strong):
    text, case = strong
    assert case.dnr is None
    assert case.title == "Medlemskap i Strong Cities Network"
    assert case.date == date(2015, 9, 16)
    assert (case.body, case.preparing_body) == ("Kommunstyrelsen", "Borgarrådsberedningen")
    assert (case.presenter.name, case.presenter.role) == ("Karin Wanngard", "föredragande borgarråd")
    assert text[slice(*case.presenter.span)] == "Karin Wanngard"
    assert [a.name for a in case.signatories] == ["KARIN WANNGARD"]
    assert case.status == "decided"


def test_strong_cities_decision_point_keeps_ocr_letters(strong):
    _, case = strong
    expected = (
        "Staden tackar ja till ett medlemskap i Strong Cities Network"
        " samt till att inga i nitverkets styrgrupp.",
    )
    assert case.decision_points == expected
    (proposal,) = case.proposals
    assert (proposal.points, proposal.outcome) == (expected, "adopted")


def test_strong_cities_summary_under_heading_without_blank_line(strong):
    _, case = strong
    assert case.summary.startswith("Pé initiativ av USA:s president arrangerades i februari 2015")
    assert case.summary.endswith("regionala och tematiska hognivaméten.")


def test_strong_cities_statements(strong):
    _, case = strong
    kinds = [(s.kind, s.label, s.forum, s.refers_to) for s in case.statements]
    assert kinds == [
        ("special_statement", "Sarskilt uttalande", "Borgarrådsberedningen", None),
        ("special_statement", "Sarskilt uttalande", "Kommunstyrelsen", 0),
        ("substitute_statement", "Ersittaryttrande", "Kommunstyrelsen", 0),
    ]
    first, special, substitute = case.statements
    assert authors(first) == [("Cecilia Brinck", "M")]
    assert first.text.startswith("Vi vilkomnar att majoriteten")
    assert first.text.endswith("stdder, bland mycket annat.")
    assert authors(special) == [
        ("Anna Konig Jerlmyr", "M"),
        ("Joakim Larsson", "M"),
        ("Cecilia Brinck", "M"),
        ("Dennis Wedin", "M"),
        ("Johanna Sj6", "M"),
        ("Lotta Edholm", "FP"),
    ]
    assert special.text == "med hédnvisning till Moderaternas sérskilda uttalande i borgarradsberedningen."
    assert authors(substitute) == [("Karin Ernlund", "C"), ("Erik Slottner", "KD")]


def test_strong_cities_attachment_and_enclosure(strong):
    text, case = strong
    assert [(a.title, a.kind) for a in case.attachments] == [
        ("Inbjudan - The Strong Citites Network", "bilaga")
    ]
    assert text[slice(*case.attachments[0].span)] == "Inbjudan - The Strong Citites Network"
    assert [(e.kind, e.author, e.date) for e in case.enclosures] == [
        ("tjänsteutlåtande", "Stadsledningskontoret", date(2015, 8, 26))
    ]


# --- spans, for every source ---


@pytest.mark.parametrize("name", [NORDIC_SAFE_CITIES, CTPN, STRONG_CITIES])
def test_spans_point_at_the_passages(name):
    text = read(name)
    case = parse_pm(text, filename=name)
    assert case.span == (0, len(text))
    for statement in case.statements:
        passage = text[slice(*statement.span)]
        assert passage.startswith(statement.label)
        for actor in statement.authors:
            assert text[slice(*actor.span)] == actor.name
            assert actor.name in passage
    for enclosure in case.enclosures:
        assert "daterat den" in text[slice(*enclosure.span)]
