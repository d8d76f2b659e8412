"""Golden tests for the two protocol extracts among the sources, with facts read off the text."""

from datetime import date
from pathlib import Path

import pytest

from decisions.parsing.protocol import is_protocol, parse_protocol

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
SKARHOLMEN = "003_2be480a741f236f7.txt"
VALLENTUNA = "004_08106fc4551d04ff.txt"


def _text(name: str) -> str:
    return (SOURCES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def skarholmen():
    text = _text(SKARHOLMEN)
    (case,) = parse_protocol(text, filename=SKARHOLMEN)
    return text, case


@pytest.fixture(scope="module")
def vallentuna():
    text = _text(VALLENTUNA)
    (case,) = parse_protocol(text, filename=VALLENTUNA)
    return text, case


def _people(actors):
    return [(actor.name, actor.party) for actor in actors]


@pytest.mark.parametrize("name", [SKARHOLMEN, VALLENTUNA])
def test_protocol_extracts_are_recognised(name):
    assert is_protocol(_text(name))


@pytest.mark.parametrize(
    "name", ["000_b264a70e4d3cd97a.txt", "001_20ec8d20118e30d5.txt", "002_7ffef60d5239b5a9.txt"]
)
def test_pms_are_not_protocols(name):
    assert not is_protocol(_text(name))


# --- Skärholmen § 20 -------------------------------------------------------------------------------


def test_skarholmen_p20_identity(skarholmen):
    _, case = skarholmen
    assert case.title == "Tertialrapport 2, 2017"
    assert case.dnr == "1.2.1./747-2017"
    assert case.kind == "protocol_extract"
    assert case.paragraph == "§ 20"
    assert case.body == "Skärholmens stadsdelsnämnd"
    assert case.date == date(2017, 9, 21)
    assert case.status == "decided"


def test_skarholmen_p20_decision_points_with_immediate_adjustment(skarholmen):
    _, case = skarholmen
    assert case.decision_points == (
        "Nämnden godkänner tertialrapport 2 2017, inkl. bilagor och överlämnar den till kommunstyrelsen.",
        "Nämnden begär omslutningsförändring om 2,5 mnkr som anges i detta ärende.",
        "Omedelbar justering.",
    )
    assert case.immediate_adjustment is True


def test_skarholmen_p20_chair_from_beslutsgang(skarholmen):
    text, case = skarholmen
    assert (case.chair.name, case.chair.party, case.chair.role) == ("Lorena Delgado", "V", "ordförande")
    assert text[case.chair.span[0] : case.chair.span[1]] == "Lorena Delgado"


def test_skarholmen_p20_forvaltningens_proposal_adopted(skarholmen):
    _, case = skarholmen
    assert len(case.proposals) == 2
    first = case.proposals[0]
    assert (first.kind, first.origin, first.outcome) == ("proposal", "förvaltningen", "adopted")
    assert first.authors == ()
    assert _people(first.supporters) == [("Lorena Delgado", "V")]
    assert first.points == case.decision_points


def test_skarholmen_p20_alliance_proposal_from_bilaga_rejected(skarholmen):
    text, case = skarholmen
    second = case.proposals[1]
    assert (second.kind, second.outcome) == ("proposal", "rejected")
    assert second.origin == "Liberalerna och Moderaterna samt Centerpartiet"
    assert _people(second.authors) == [("Jan Jönsson", "L"), ("Eva Rüdlinger", "M"), ("Erik Sihlberg", "C")]
    assert second.authors[0].role == "vice ordförande"
    assert second.supporters == ()
    assert second.points == (
        "Förvaltningens förslag till beslut godkänns delvis.",
        "Handlingsplanen mot våldsbejakande extremism enligt bilaga 6 till tertialrapporten återremitteras "
        "för vidare beredning i enlighet med vad som anförs nedan.",
        "Därutöver anförs följande.",
    )
    assert "12. Samverkan med bostadsbolagen" in second.text
    assert text[second.span[0] : second.span[1]].startswith("Bilaga: förslag till beslut")
    assert text[second.span[0] : second.span[1]].rstrip().endswith("kompletteras enligt ovanstående.")


def test_skarholmen_p20_seven_reservations_in_order(skarholmen):
    _, case = skarholmen
    assert _people(r.person for r in case.reservations) == [
        ("Eva Rüdlinger", "M"),
        ("Arslan Bicen", "M"),
        ("Christer Stenberg", "M"),
        ("Marie-Louise Olofsson", "M"),
        ("Jan Jönsson", "L"),
        ("Cecilia Carpelan", "L"),
        ("Erik Sihlberg", "C"),
    ]
    assert [r.in_favour_text for r in case.reservations] == ["eget förslag till beslut"] * 6 + [
        "eget ersättaryttrande"
    ]
    assert {r.in_favour_of for r in case.reservations} == {1}
    assert {r.reason for r in case.reservations} == {None}


def test_skarholmen_p20_reservation_spans_name_the_member(skarholmen):
    text, case = skarholmen
    for reservation in case.reservations:
        passage = text[reservation.span[0] : reservation.span[1]]
        assert reservation.person.name in passage
        assert "reserverar sig" in passage


def test_skarholmen_p20_lists(skarholmen):
    _, case = skarholmen
    assert [(a.title, a.kind) for a in case.attachments] == [
        (
            "Förslag till beslut, Liberalerna och Moderaterna samt Centerpartiet som sitt ersättaryttrande.",
            "bilaga",
        )
    ]
    assert case.recipients == ()
    assert case.signatories == ()
    assert case.enclosures == ()
    assert case.action_plans == ()


def test_skarholmen_p20_span_is_the_paragraph(skarholmen):
    text, case = skarholmen
    assert text[case.span[0] :].startswith("§ 20 Tertialrapport 2, 2017")
    assert case.span[1] == len(text.rstrip())


# --- Vallentuna KS 2016.371 § 138 ------------------------------------------------------------------


def test_vallentuna_p138_identity(vallentuna):
    _, case = vallentuna
    assert case.title == "Handlingsplan mot våldsbejakande extremism 2016-2017"
    assert case.dnr == "KS 2016.371"
    assert case.kind == "protocol_extract"
    assert case.paragraph == "§ 138"
    assert case.body == "Kommunstyrelsens arbetsutskott"
    assert case.date is None
    assert case.status == "decided"
    assert case.immediate_adjustment is False


def test_vallentuna_p138_one_unnumbered_decision_point(vallentuna):
    _, case = vallentuna
    assert len(case.decision_points) == 1
    assert case.decision_points[0].startswith(
        "Kommunstyrelsens arbetsutskott föreslår att kommunstyrelsen föreslår kommunfullmäktige"
    )
    assert case.decision_points[0].endswith("anpassad till den lokala lägesbilden")


def test_vallentuna_p138_chair(vallentuna):
    _, case = vallentuna
    assert (case.chair.name, case.chair.party, case.chair.role) == ("Parisa Liljestrand", "M", "ordförande")


def test_vallentuna_p138_motion_with_support_adopted(vallentuna):
    _, case = vallentuna
    assert len(case.proposals) == 2
    motion = case.proposals[0]
    assert (motion.kind, motion.outcome) == ("motion", "adopted")
    assert _people(motion.authors) == [("Ylva Mozis", "L")]
    assert _people(motion.supporters) == [
        ("Jaana Tilles", "S"),
        ("Nicklas Steorn", "MP"),
        ("Sofia Segergren", "C"),
        ("Parisa Liljestrand", "M"),
    ]
    assert len(motion.points) == 1
    assert motion.points[0].startswith("Kommunstyrelsens arbetsutskott föreslår att kommunstyrelsen föreslår")
    assert motion.points[0].endswith("anpassad till den lokala lägesbilden.")


def test_vallentuna_p138_tjansteskrivelse_proposal_outcome_unknown(vallentuna):
    text, case = vallentuna
    proposal = case.proposals[1]
    assert (proposal.kind, proposal.origin, proposal.outcome) == ("proposal", "tjänsteskrivelse", "unknown")
    assert proposal.authors == () and proposal.supporters == ()
    assert len(proposal.points) == 1
    assert proposal.points[0].startswith("Kommunstyrelsens arbetsutskott godkänner Handlingsplan")
    assert text[proposal.span[0] : proposal.span[1]] == proposal.points[0]


def test_vallentuna_p138_no_reservations(vallentuna):
    _, case = vallentuna
    assert case.reservations == ()


def test_vallentuna_p138_beslutsunderlag_not_doubled_by_handlingar(vallentuna):
    text, case = vallentuna
    assert [(a.title, a.kind) for a in case.attachments] == [
        ("Handlingsplan mot våldsbejakande extremism 2016-2017", "beslutsunderlag"),
        ("Förslag Handlingsplan mot våldsbejakande extremism 2016 2016-08-18", "beslutsunderlag"),
        (
            "Tolv rekommendationer vid upprättandet av en lokal handlingsplan mot våldsbejakande extremism",
            "beslutsunderlag",
        ),
    ]
    for attachment in case.attachments:
        assert text[attachment.span[0] : attachment.span[1]] == attachment.title


def test_vallentuna_p138_recipients_signatories_enclosure(vallentuna):
    text, case = vallentuna
    assert case.recipients == ("Akten",)
    assert [(s.name, s.party, s.role) for s in case.signatories] == [
        ("Victor Kilén", None, "kommundirektör"),
        ("Torbjörn Nyqvist", None, "stabschef"),
    ]
    (enclosure,) = case.enclosures
    assert (enclosure.kind, enclosure.author, enclosure.date) == ("tjänsteskrivelse", None, None)
    assert text[enclosure.span[0] : enclosure.span[1]].startswith("Tjänsteskrivelse")


def test_vallentuna_p138_action_plan_is_read_with_the_paragraph(vallentuna):
    _, case = vallentuna
    (plan,) = case.action_plans
    assert plan.title == "Handlingsplan mot våldsbejakande extremism 2016-2017"
    assert len(plan.activities) == 8


def test_vallentuna_p138_furniture_does_not_leak(vallentuna):
    _, case = vallentuna
    assert not any("Justerandes" in point for point in case.decision_points)
    assert all("Justerandes" not in recipient for recipient in case.recipients)
