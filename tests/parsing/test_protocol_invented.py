"""Golden tests for two invented protocols (fictional municipalities and people) that exercise what
the two real extracts do not: several paragraphs, page furniture, varied Dnr, a tabled and a
referred-back case, support by "instämmer", written reasons, statements and an enclosed plan."""

from datetime import date
from pathlib import Path

import pytest

from decisions.parsing.furniture import mask_furniture
from decisions.parsing.protocol import is_protocol, parse_protocol
from decisions.parsing.types import ParseError

DOCUMENTS = Path(__file__).resolve().parents[1] / "documents"
TALLMORA = "protokoll_tallmora_kommunstyrelsen.txt"
SJOANGEN = "protokoll_sjoangen_stadsdelsnamnd.txt"


def _text(name: str) -> str:
    return (DOCUMENTS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tallmora():
    text = _text(TALLMORA)
    return text, parse_protocol(text, filename=TALLMORA)


@pytest.fixture(scope="module")
def sjoangen():
    text = _text(SJOANGEN)
    (case,) = parse_protocol(text, filename=SJOANGEN)
    return text, case


def _people(actors):
    return [(actor.name, actor.party) for actor in actors]


def _passage(text, span):
    return text[span[0] : span[1]]


# --- Tallmora kommunstyrelsen, five paragraphs -----------------------------------------------------


def test_tallmora_is_a_protocol_of_five_paragraphs(tallmora):
    text, cases = tallmora
    assert is_protocol(text)
    assert [case.paragraph for case in cases] == ["§ 31", "§ 32", "§ 33", "§ 34", "§ 35"]
    assert [case.title for case in cases] == [
        "Budgetuppföljning februari 2019",
        "Motion om solceller på kommunens tak",
        "Ny idrottshall i Tallmora centrum",
        "Yttrande över remiss om regional cykelplan",
        "Anmälan av delegationsbeslut",
    ]


def test_tallmora_dnr_in_every_form(tallmora):
    _, cases = tallmora
    assert [case.dnr for case in cases] == [
        "KFKS 2019/475",  # "Dnr ..." line under the title
        "KS/2019/0001/0009",  # alone on the line above the §
        "2016-000003",
        "KS 2019.112",  # in brackets after the title
        "KS 2019/0123",  # "Diarienummer: ..."
    ]


def test_tallmora_body_and_date_from_the_first_page_header(tallmora):
    _, cases = tallmora
    assert {(case.body, case.date, case.kind) for case in cases} == {
        ("Kommunstyrelsen", date(2019, 3, 4), "protocol_extract")
    }


def test_tallmora_furniture_is_masked(tallmora):
    text, _ = tallmora
    changed = [a for a, b in zip(text.split("\n"), mask_furniture(text).split("\n"), strict=True) if a != b]
    assert changed.count("Tallmora kommun, Kommunstyrelsen 2019-03-04") == 5
    assert changed.count("Justerandes signatur\tUtdragsbestyrkande") == 5
    assert changed.count("--------------------\t--------------------") == 5
    assert sorted(line for line in changed if "(5)" in line) == [f"{n} (5)" for n in range(1, 6)]
    assert "SAMMANTRÄDESPROTOKOLL" in changed
    assert len(changed) == 21


def test_tallmora_paragraph_spans_do_not_overlap_and_leave_out_the_next_dnr(tallmora):
    text, cases = tallmora
    for case, following in zip(cases, cases[1:], strict=False):
        assert case.span[1] <= following.span[0]
    assert "KS/2019/0001/0009" not in _passage(text, cases[0].span)
    assert _passage(text, cases[1].span).startswith("§ 32 Motion om solceller")


def test_tallmora_p31_decided_with_support_by_instammer(tallmora):
    text, cases = tallmora
    case = cases[0]
    assert case.status == "decided"
    assert case.immediate_adjustment is True
    assert case.decision_points == (
        "Kommunstyrelsen godkänner budgetuppföljningen för februari 2019.",
        "Paragrafen förklaras omedelbart justerad.",
    )
    assert (case.chair.name, case.chair.party, case.chair.role) == ("Anna Lindqvist", "S", "ordförande")
    (proposal,) = case.proposals
    assert (proposal.kind, proposal.origin, proposal.outcome) == ("proposal", "förvaltningen", "adopted")
    assert proposal.authors == ()
    assert _people(proposal.supporters) == [("Anna Lindqvist", "S"), ("Johan Berg", "V"), ("Lena Holm", "MP")]
    assert proposal.points == case.decision_points
    for supporter in proposal.supporters:
        assert _passage(text, supporter.span) == supporter.name
    assert case.reservations == ()
    assert case.recipients == ("Ekonomienheten", "Akten")


def test_tallmora_p31_protokollsanteckning(tallmora):
    text, cases = tallmora
    (statement,) = cases[0].statements
    assert statement.kind == "minutes_note"
    assert _people(statement.authors) == [("Per Ek", "M")]
    assert statement.text.startswith("Vi noterar att prognosen för äldreomsorgen")
    assert "lät anteckna" in _passage(text, statement.span)


def test_tallmora_p32_tabled_on_a_motion(tallmora):
    _, cases = tallmora
    case = cases[1]
    assert case.status == "tabled"
    assert case.decision_points == ("Ärendet bordläggs.",)
    assert [(p.kind, _people(p.authors), p.points, p.outcome) for p in case.proposals] == [
        ("motion", [("Per Ek", "M")], ("Ärendet bordläggs till nästa sammanträde.",), "adopted"),
        ("motion", [("Mats Öberg", "S")], ("Ärendet avgörs vid dagens sammanträde.",), "rejected"),
    ]
    assert case.recipients == ("Akten",)


def test_tallmora_p33_referred_back(tallmora):
    _, cases = tallmora
    case = cases[2]
    assert case.status == "referred_back"
    assert len(case.decision_points) == 1
    assert case.decision_points[0].startswith("Kommunstyrelsen beslutar att återremittera ärendet")
    prepared, motion = case.proposals
    assert (prepared.kind, prepared.origin, prepared.outcome) == (
        "proposal",
        "arbetsutskottet",
        "referred_back",
    )
    assert _people(prepared.supporters) == [("Anna Lindqvist", "S")]
    assert (motion.kind, motion.outcome) == ("motion", "adopted")
    assert _people(motion.authors) == [("Karin Sjöberg", "C")]
    assert _people(motion.supporters) == [("Per Ek", "M")]
    assert motion.points == ("Ärendet återremitteras för en kompletterande utredning av driftkostnaderna.",)
    assert case.recipients == ("Kultur- och fritidsförvaltningen", "Akten")


def test_tallmora_p33_reservations_with_written_reasons_across_a_page_break(tallmora):
    text, cases = tallmora
    first, second = cases[2].reservations
    assert (first.person.name, first.person.party) == ("Mats Öberg", "S")  # from "för Socialdemokraterna"
    assert first.reason == (
        "Vi anser att ärendet är tillräckligt utrett. Driftkostnaderna redovisas i förvaltningens kalkyl och "
        "en återremiss försenar bygget av en hall som föreningslivet har väntat på i mer än tio år."
    )
    assert (second.person.name, second.person.party) == ("Johan Berg", "V")
    assert second.reason == "Barn och unga i centrum behöver en hall nu."
    assert (first.in_favour_of, first.in_favour_text) == (None, None)
    assert _passage(text, first.span).startswith("Mats Öberg reserverade sig")
    assert _passage(text, first.span).endswith("mer än tio år.")
    assert _passage(text, second.span).endswith("behöver en hall nu.")


def test_tallmora_p34_avslag_rejected_and_reservation_for_it(tallmora):
    text, cases = tallmora
    case = cases[3]
    assert case.status == "decided"
    prepared, motion = case.proposals
    assert (prepared.origin, prepared.outcome, prepared.points) == (
        "förvaltningen",
        "adopted",
        case.decision_points,
    )
    assert (motion.kind, _people(motion.authors), motion.points, motion.outcome) == (
        "motion",
        [("Per Ek", "M")],
        ("Avslag på förvaltningens förslag.",),
        "rejected",
    )
    assert [(_people([r.person]), r.in_favour_of, r.in_favour_text) for r in case.reservations] == [
        ([("Per Ek", "M")], 1, "Per Ek (M) yrkande"),
        ([("Sara Nilsson", "KD")], 1, "Per Ek (M) yrkande"),
    ]
    for reservation in case.reservations:
        assert reservation.person.name in _passage(text, reservation.span)
        assert "reserverar sig" in _passage(text, reservation.span)
    assert [(a.title, a.kind) for a in case.attachments] == [
        ("Tjänsteskrivelse daterad 2019-02-12", "beslutsunderlag"),
        ("Remiss från Region Tallmoraslätten", "beslutsunderlag"),
    ]


def test_tallmora_p35_without_beslutsgang(tallmora):
    _, cases = tallmora
    case = cases[4]
    assert case.decision_points == ("Kommunstyrelsen lägger anmälan av delegationsbeslut till handlingarna.",)
    assert (case.status, case.chair, case.proposals, case.reservations) == ("decided", None, (), ())


def test_tallmora_nothing_enclosed(tallmora):
    _, cases = tallmora
    for case in cases:
        assert (case.enclosures, case.signatories, case.action_plans) == ((), (), ())


# --- Sjöängen stadsdelsnämnd § 7, with tjänsteutlåtande, plan and bilaga ----------------------------


def test_sjoangen_identity(sjoangen):
    _, case = sjoangen
    assert (case.title, case.dnr, case.paragraph) == (
        "Handlingsplan för trygghet i Sjöängen 2021-2022",
        "SN 2021/88",
        "§ 7",
    )
    assert (case.body, case.date, case.status) == ("Sjöängens stadsdelsnämnd", date(2021, 5, 20), "decided")
    assert (case.chair.name, case.chair.party) == ("Fatima Ali", "S")
    assert len(case.decision_points) == 2


def test_sjoangen_proposals(sjoangen):
    text, case = sjoangen
    prepared, group, enclosed = case.proposals
    assert (prepared.origin, prepared.outcome, prepared.points) == (
        "förvaltningen",
        "adopted",
        case.decision_points,
    )
    assert (group.origin, group.outcome) == ("Moderaterna och Kristdemokraterna", "rejected")
    assert _people(group.authors) == [("Olle Strand", "M"), ("Maja Dahl", "KD")]
    assert group.authors[0].role == "ledamot"
    assert group.points == (
        "Handlingsplanen återremitteras till förvaltningen.",
        "Förvaltningen får i uppdrag att ta fram mätbara mål för tryggheten.",
    )
    assert _passage(text, group.span).startswith("Bilaga 1: Förslag till beslut från Moderaterna")
    assert group.text.endswith("inte har fått genomslag i aktiviteterna.")
    assert (enclosed.origin, enclosed.outcome, enclosed.points) == (
        "tjänsteutlåtande",
        "unknown",
        case.decision_points,
    )
    assert _passage(text, enclosed.span).endswith("genomförande i tertialrapporterna.")


def test_sjoangen_reservations(sjoangen):
    _, case = sjoangen
    assert [(r.person.name, r.person.party, r.in_favour_of, r.in_favour_text) for r in case.reservations] == [
        ("Olle Strand", "M", 1, "eget förslag"),
        ("Maja Dahl", "KD", 1, "eget förslag"),
        ("Erik Wall", "L", None, None),
    ]
    assert {r.reason for r in case.reservations} == {None}


def test_sjoangen_ersattaryttrande(sjoangen):
    _, case = sjoangen
    (statement,) = case.statements
    assert (statement.kind, _people(statement.authors)) == ("substitute_statement", [("Kim Berg", "C")])
    assert statement.text == "Planen saknar mätbara mål för tryggheten i centrum."


def test_sjoangen_lists_enclosure_and_signatories(sjoangen):
    text, case = sjoangen
    assert [(a.title, a.kind) for a in case.attachments] == [
        ("Tjänsteutlåtande", "bilaga"),
        ("Förslag till beslut från Moderaterna och Kristdemokraterna", "bilaga"),
    ]
    (enclosure,) = case.enclosures
    assert (enclosure.kind, enclosure.date) == ("tjänsteutlåtande", date(2021, 5, 3))
    assert _passage(text, enclosure.span).startswith("Tjänsteutlåtande\nDatum 2021-05-03")
    assert [(s.name, s.role) for s in case.signatories] == [
        ("Eva Lund", "stadsdelsdirektör"),
        ("Oskar Rask", "avdelningschef"),
    ]
    assert case.recipients == ()


def test_sjoangen_enclosed_action_plan(sjoangen):
    _, case = sjoangen
    (plan,) = case.action_plans
    assert (plan.title, plan.period_start, plan.period_end) == (
        "Handlingsplan för trygghet i Sjöängen 2021-2022",
        2021,
        2022,
    )
    assert (plan.purpose, plan.goal) == (
        "Planen ska samla det lokala trygghetsarbetet.",
        "Fler ska känna sig trygga i Sjöängen.",
    )
    first, second = plan.activities
    assert (first.responsible, first.follow_up, first.deadline) == (
        ("SBF", "Polisen"),
        "Två vandringar genomförda",
        date(2021, 9, 30),
    )
    assert (second.focus_area, second.follow_up, second.implementation) == ("Trygg utemiljö", None, None)


# --- Errors ---------------------------------------------------------------------------------------


def test_text_without_paragraph_is_a_parse_error_naming_the_file():
    with pytest.raises(ParseError, match="protokoll.txt") as raised:
        parse_protocol("Beslut\n\nNågot beslutades.\n", filename="protokoll.txt")
    assert raised.value.line == 1


def test_truncated_table_in_a_paragraph_names_the_file_and_line():
    text = (
        "§ 4 Handlingsplan\n\nBeslut\n\nPlanen antas.\n\n"
        "Fokusområde\tAktivitet\tAnsvarig\tGenomfört\nTrygghet\tVandring\n"
    )
    with pytest.raises(ParseError, match="truncated table") as raised:
        parse_protocol(text, filename="trasig.txt")
    assert (raised.value.filename, raised.value.line) == ("trasig.txt", 8)
