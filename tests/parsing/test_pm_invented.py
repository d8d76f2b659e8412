"""Golden tests on two invented PMs that cover what the Stockholm sources do not: särskilt yttrande,
protokollsanteckningar, other Dnr forms, page headers and footers, three-party statements, a case
decided in kommunfullmäktige after kommunstyrelsen, and a wrapped title."""

from datetime import date
from pathlib import Path

import pytest

from decisions.parsing.pm import is_pm, parse_pm
from decisions.parsing.types import ParseError

DOCUMENTS = Path(__file__).resolve().parents[1] / "documents"
CAMERAS = "pm_alvstad_kameraovervakning.txt"
YOUTH_CLUBS = "pm_sjovik_fritidsgardar.txt"


def read(name: str) -> str:
    return (DOCUMENTS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cameras():
    text = read(CAMERAS)
    return text, parse_pm(text, filename=CAMERAS)


@pytest.fixture(scope="module")
def youth_clubs():
    text = read(YOUTH_CLUBS)
    return text, parse_pm(text, filename=YOUTH_CLUBS)


def authors(statement):
    return [(actor.name, actor.party) for actor in statement.authors]


# --- Älvstad: decided in kommunfullmäktige, with page furniture ---


def test_cameras_head_with_kf_dnr_and_page_furniture(cameras):
    _, case = cameras
    assert is_pm(read(CAMERAS))
    assert case.dnr == "KF 2019/0123"
    assert case.title == "Kameraövervakning vid Älvstads resecentrum"
    assert case.date == date(2021, 5, 3)
    assert (case.body, case.preparing_body) == ("Kommunfullmäktige", "Kommunstyrelsen")
    assert case.status == "decided"
    assert (case.presenter.name, case.presenter.role) == ("Sofia Lindqvist", "föredragande kommunalråd")
    assert [(a.name, a.role) for a in case.signatories] == [("SOFIA LINDQVIST", "undertecknare")]


def test_cameras_numbered_points_lose_their_numbers_and_join_wrapped_lines(cameras):
    _, case = cameras
    assert case.decision_points == (
        "Kommunen ansöker om tillstånd till kameraövervakning vid Älvstads resecentrum.",
        "Tekniska nämnden får i uppdrag att upphandla och driva kamerasystemet inom befintlig budgetram.",
        "Kameraövervakningen utvärderas senast den 31 december 2023.",
    )


def test_cameras_proposal_is_the_presenters_and_adopted(cameras):
    text, case = cameras
    (proposal,) = case.proposals
    assert (proposal.origin, proposal.outcome) == ("föredragande kommunalrådet", "adopted")
    assert proposal.points == case.decision_points
    passage = text[slice(*proposal.span)]
    assert passage.startswith("Jag föreslår att kommunstyrelsen föreslår att kommunfullmäktige")
    assert passage.endswith("senast den 31 december 2023.")


def test_cameras_summary_attachments_and_enclosure(cameras):
    text, case = cameras
    assert case.summary.startswith("Resecentrum i Älvstad har under de senaste två åren")
    assert case.summary.endswith("föreslagit att platsen kameraövervakas.")
    assert [a.title for a in case.attachments] == [
        "Polisområde Älvstads skrivelse om kameraövervakning",
        "Tekniska nämndens remissvar",
    ]
    assert all(text[slice(*a.span)] == a.title for a in case.attachments)
    assert [(e.kind, e.author, e.date) for e in case.enclosures] == [
        ("tjänsteskrivelse", "Kommunledningskontoret", date(2021, 4, 12))
    ]


def test_cameras_statements_in_two_forums(cameras):
    _, case = cameras
    assert [(s.kind, s.label, s.forum, s.refers_to) for s in case.statements] == [
        ("special_statement", "Särskilt yttrande", "Kommunstyrelsen", None),
        ("minutes_note", "Protokollsanteckning", "Kommunstyrelsen", None),
        ("special_statement", "Särskilt yttrande", "Kommunfullmäktige", 0),
        ("minutes_note", "Protokollsanteckning", "Kommunfullmäktige", None),
    ]


def test_cameras_three_party_statement_text_skips_page_header_and_footer(cameras):
    _, case = cameras
    statement = case.statements[0]
    assert authors(statement) == [("Per Ekholm", "M"), ("Lina Sand", "KD"), ("Omar Haddad", "C")]
    assert [a.role for a in statement.authors] == ["kommunalråd", None, None]
    assert statement.text == (
        "Vi står bakom beslutet att ansöka om kameraövervakning. Vi vill samtidigt understryka att kameror"
        " måste kombineras med fler ordningsvakter och bättre belysning för att Älvstads resecentrum ska"
        " bli tryggt på riktigt.\n\n"
        "Utvärderingen bör redovisas för kommunstyrelsen och inte enbart för tekniska nämnden."
    )
    assert "Sida" not in statement.text and "Rotel" not in statement.text


def test_cameras_minutes_notes(cameras):
    text, case = cameras
    headed, plain = case.statements[1], case.statements[3]
    assert authors(headed) == [("Elin Berg", "V")]
    assert headed.text.startswith("Vänsterpartiet ifrågasätter om kameraövervakning")
    assert text[slice(*headed.span)].startswith("Protokollsanteckning\n\nElin Berg (V) lät anteckna")
    assert authors(plain) == [("Hanna Björk", "S")]
    assert plain.text == (
        "Socialdemokraterna vill att utvärderingen även omfattar hur kvinnor och män upplever tryggheten"
        " på platsen."
    )
    assert text[slice(*plain.span)].startswith("Hanna Björk (S) lät anteckna följande till protokollet för")


def test_cameras_reference_to_the_statement_in_kommunstyrelsen(cameras):
    _, case = cameras
    statement = case.statements[2]
    assert authors(statement) == [("Per Ekholm", "M"), ("Jonas Ek", "M")]
    assert statement.text == (
        "med hänvisning till Moderaternas, Kristdemokraternas och Centerpartiets särskilda yttrande"
        " i kommunstyrelsen."
    )


# --- Sjövik: prepared in an arbetsutskott, Dnr on its own line, wrapped title ---


def test_youth_clubs_head_with_bare_dnr_and_wrapped_title(youth_clubs):
    _, case = youth_clubs
    assert case.dnr == "2021/101"
    assert case.title == "Avtal om samverkan kring fritidsgårdar i Norrby och Söderby"
    assert case.date == date(2021, 3, 22)
    assert (case.body, case.preparing_body) == ("Kommunstyrelsen", "Kommunstyrelsens arbetsutskott")
    assert case.status == "prepared"
    assert (case.presenter.name, case.presenter.role) == ("Maria Holm", "föredragande kommunalråd")
    assert [a.name for a in case.signatories] == ["MARIA HOLM"]


def test_youth_clubs_plain_points_one_per_line(youth_clubs):
    _, case = youth_clubs
    assert case.decision_points == (
        "Kommunen ingår avtal med Föreningen Fritid Norr om driften av fritidsgården i Norrby.",
        "Socialnämnden får i uppdrag att utreda en motsvarande lösning för Söderby.",
    )


def test_youth_clubs_proposal_pending_without_endorsement(youth_clubs):
    text, case = youth_clubs
    (proposal,) = case.proposals
    assert (proposal.origin, proposal.outcome) == ("föredragande kommunalrådet", "pending")
    passage = text[slice(*proposal.span)]
    assert passage.startswith("Kommunstyrelsens arbetsutskott föreslår")
    assert passage.endswith("lösning för Söderby.")


def test_youth_clubs_statements_in_the_arbetsutskott(youth_clubs):
    _, case = youth_clubs
    assert [(s.kind, s.label, s.forum, s.refers_to) for s in case.statements] == [
        ("special_statement", "Särskilt uttalande", "Kommunstyrelsens arbetsutskott", None),
        ("substitute_statement", "Ersättaryttrande", "Kommunstyrelsens arbetsutskott", 0),
    ]
    special, substitute = case.statements
    assert authors(special) == [("Maria Holm", "S"), ("Anders Lund", "V"), ("Karin Åberg", "MP")]
    assert special.text.startswith("Vi välkomnar att föreningslivet")
    assert special.text.endswith("redovisas för socialnämnden.")
    assert authors(substitute) == [("Greta Lind", "S")]


def test_youth_clubs_enclosure_with_iso_date_and_no_attachments(youth_clubs):
    _, case = youth_clubs
    assert [(e.kind, e.author, e.date) for e in case.enclosures] == [
        ("tjänsteskrivelse", "Socialförvaltningen", date(2021, 2, 15))
    ]
    assert case.attachments == ()


# --- both ---


@pytest.mark.parametrize("name", [CAMERAS, YOUTH_CLUBS])
def test_statement_and_actor_spans_point_at_the_source(name):
    text = read(name)
    case = parse_pm(text, filename=name)
    for statement in case.statements:
        passage = text[slice(*statement.span)]
        assert passage.startswith(statement.label) or passage.startswith(statement.authors[0].name)
        for actor in statement.authors:
            assert text[slice(*actor.span)] == actor.name
    for actor in (case.presenter, *case.signatories):
        assert text[slice(*actor.span)] == actor.name


# --- what is no PM ---


def test_pm_without_title_names_file_and_line():
    text = (
        "PM Rotel I (Dnr KS 2020/1)\n\n"
        "Borgarrådsberedningen föreslår att kommunstyrelsen beslutar följande.\n"
        "Staden ansöker om medlemskap.\n"
    )
    with pytest.raises(ParseError) as raised:
        parse_pm(text, filename="utan_rubrik.txt")
    assert (raised.value.filename, raised.value.line) == ("utan_rubrik.txt", 3)


def test_text_of_another_genre_is_refused():
    text = "Protokoll\n\n§ 12 Val av justerare\n\nNämnden utser Anna Berg att justera protokollet.\n"
    assert not is_pm(text)
    with pytest.raises(ParseError) as raised:
        parse_pm(text, filename="protokoll.txt")
    assert (raised.value.filename, raised.value.line) == ("protokoll.txt", 1)
