"""Golden tests for full meeting protocols: many paragraphs, page furniture on every page, OCR
damage in Dnr and paragraph numbers, a paragraph naming two Dnr, cases tabled or sent back and
decided at a later meeting, and a generated protocol of sixty paragraphs. All people, parties and
municipalities are invented."""

from datetime import date

import pytest

from decisions.dnr import normalize_dnr, repair_dnr
from decisions.parsing import parse_document
from decisions.parsing.furniture import mask_furniture
from decisions.parsing.protocol import parse_protocol

from .conftest import AUGUST, JUNE, document_text

FURNITURE_WORDS = ("SAMMANTRÄDESPROT", "signatur", "Utdragsbestyrkande", "(10)")


def _people(actors):
    return [(actor.name, actor.party) for actor in actors]


def _masked_lines(text: str) -> list[str]:
    return [a for a, b in zip(text.split("\n"), mask_furniture(text).split("\n"), strict=True) if a != b]


# --- The June meeting: fourteen paragraphs on ten pages ---------------------------------------------


def test_june_fourteen_paragraphs_in_order(june):
    _, cases = june
    assert [case.paragraph for case in cases] == [f"§ {n}" for n in range(101, 115)]
    assert [case.title for case in cases] == [
        "Val av justerare",
        "Budgetuppföljning maj 2021",
        "Motion om fler cykelparkeringar vid pendelbåtsbryggorna",
        "Detaljplan för Sjöudden, etapp 2",
        "Gemensam upphandling av skolskjuts",
        "Ny förskola i Älvsnäs",
        "Ändrad taxa för bygglov",
        "Yttrande över remiss om regional vattenplan",
        "Anmälan av delegationsbeslut",
        "Anmälningsärenden",
        "Medborgarförslag om hundrastgård i Tallbacken",
        "Sammanträdesplan 2022",
        "Information från kommundirektören",
        "Revisionsrapport om intern kontroll",
    ]


def test_june_body_and_date_from_the_running_header(june):
    _, cases = june
    assert {(case.body, case.date, case.kind) for case in cases} == {
        ("Kommunstyrelsen", date(2021, 6, 14), "protocol_extract")
    }


def test_june_dnr_repaired_and_listed(june):
    _, cases = june
    assert [case.dnr for case in cases] == [
        None,
        "KFKS 2021/95",
        "KFKS 2020/1109",
        "KFKS 2018/1097",
        "KFKS 2019/475",
        "KFKS 2021/140",
        "KFKS 2021/201",
        "KFKS 2021/188",
        "KFKS 2021/12",
        "KFKS 2021/13",
        "KFKS 2021/233",
        "KFKS 2021/250",
        "KFKS 2021/1",
        "KFKS 2021/166",
    ]
    assert cases[4].dnrs == ("KFKS 2019/475", "KFKS 2019/476")
    assert [len(case.dnrs) for case in cases] == [0, 1, 1, 1, 2] + [1] * 9
    assert all(case.dnrs[0] == case.dnr for case in cases if case.dnrs)


def test_june_repairs_are_recorded_and_the_source_is_unchanged(june):
    text, cases = june
    assert [(case.paragraph, case.repairs) for case in cases if case.repairs] == [
        ("§ 102", (("KFKS 2021 /95", "KFKS 2021/95"),)),
        ("§ 103", (("KFKS 2020/ I I 09", "KFKS 2020/1109"),)),
        ("§ 104", (("KFKS 20 18/ I 097", "KFKS 2018/1097"),)),
        ("§ 108", (("§ I08", "§ 108"),)),
        ("§ 110", (("§ 1 10", "§ 110"),)),
    ]
    for case in cases:
        for original, repaired in case.repairs:
            assert original in text[case.span[0] - 40 : case.span[1]]
            assert repaired not in text
    assert text == document_text(JUNE)


def test_june_furniture_on_every_page_is_masked(june):
    text, _ = june
    changed = _masked_lines(text)
    assert changed.count("Nackaby kommun Kommunstyrelsen 2021-06-14 SAMMANTRÄDESPROTOKOLL") == 9
    assert changed.count("Nackaby kommun Kommunstyrelsen 2021-06-14 SAMMANTRÄDESPROT0KOLL") == 1
    assert changed.count("Ordförandes signatur\tJusterandes signatur\tUtdragsbestyrkande") == 9
    assert sorted(line for line in changed if "(10)" in line) == sorted(f"{n} (10)" for n in range(1, 11))
    assert len(changed) == 29


def test_june_no_furniture_leaks_into_what_was_read(june):
    _, cases = june
    for case in cases:
        read = [*case.decision_points, *(r.reason or "" for r in case.reservations)]
        read += [s.text for s in case.statements] + [p for prop in case.proposals for p in prop.points]
        for value in read:
            assert not any(word in value for word in FURNITURE_WORDS), (case.paragraph, value)


def test_june_paragraph_spans_follow_each_other(june):
    text, cases = june
    for case, following in zip(cases, cases[1:], strict=False):
        assert case.span[1] <= following.span[0]
    for case in cases:
        assert text[case.span[0] : case.span[1]].lstrip().startswith("§")


def test_june_statuses_tabled_and_referred_back(june):
    _, cases = june
    assert [(case.paragraph, case.status) for case in cases if case.status != "decided"] == [
        ("§ 103", "tabled"),
        ("§ 106", "referred_back"),
    ]
    assert cases[2].decision_points == ("Ärendet bordläggs.",)


def test_june_103_supporters_by_instamde_with_a_local_party(june):
    _, cases = june
    adopted, rejected = cases[2].proposals
    assert (adopted.kind, _people(adopted.authors), adopted.outcome) == (
        "motion",
        [("Henrik Sandberg", "M")],
        "adopted",
    )
    assert _people(adopted.supporters) == [("Ingrid Fors", "NL"), ("Kent Olsson", "SD")]
    assert (_people(rejected.authors), rejected.outcome) == ([("Elin Forsberg", "C")], "rejected")


def test_june_104_reservations_with_a_reason_cut_by_a_page_break(june):
    text, cases = june
    first, second = cases[3].reservations
    assert (first.person.name, first.person.party) == ("Henrik Sandberg", "M")
    assert first.reason == (
        "Planen tar inte tillräcklig hänsyn till strandskyddet och till de boende längs Uddenvägen. "
        "Vi hade velat se en lägre exploatering och bevarad skog på udden."
    )
    assert (second.person.name, second.person.party) == ("Ingrid Fors", "NL")  # "för Nackaby Lokalparti"
    assert second.reason == "Trafiken på Uddenvägen är redan i dag för tung."
    assert text[first.span[0] : first.span[1]].endswith("bevarad skog på udden.")


def test_june_104_supporters_and_proposals(june):
    _, cases = june
    prepared, motion = cases[3].proposals
    assert (prepared.origin, _people(prepared.supporters), prepared.outcome) == (
        "arbetsutskottet",
        [("Maria Ekström", "S")],
        "adopted",
    )
    assert prepared.points == cases[3].decision_points
    assert _people(motion.supporters) == [("Birgitta Holm", "KD"), ("Kent Olsson", "SD")]
    assert (motion.points, motion.outcome) == (("Avslag på arbetsutskottets förslag.",), "rejected")


def test_june_105_wrapped_decision_points(june):
    _, cases = june
    assert cases[4].decision_points == (
        "Kommunstyrelsen godkänner den gemensamma upphandlingen av skolskjuts och färdtjänst.",
        "Kommunstyrelsen uppdrar åt kommundirektören att teckna avtal med den leverantör som antar anbudet.",
    )


def test_june_106_decision_cut_by_a_page_break_is_one_point(june):
    _, cases = june
    assert cases[5].decision_points == (
        "Kommunstyrelsen beslutar att återremittera ärendet till utbildningsförvaltningen för att utreda "
        "en annan placering av förskolan.",
    )
    (motion,) = cases[5].proposals
    assert (_people(motion.authors), _people(motion.supporters), motion.outcome) == (
        [("Jonas Åkesson", "L")],
        [("Ulla Björk", "M")],
        "adopted",
    )


def test_june_107_reservation_with_motivering_and_a_protokollsanteckning(june):
    _, cases = june
    case = cases[6]
    (reservation,) = case.reservations
    assert (reservation.person.name, reservation.person.party) == ("Rami Yousef", "V")
    assert reservation.reason == "Taxan höjs för småhusägare medan de stora exploatörerna får sänkt avgift."
    (note,) = case.statements
    assert (note.kind, _people(note.authors), note.forum) == (
        "minutes_note",
        [("Sofia Lundgren", "MP")],
        "Kommunstyrelsen",  # not the "Kommunfullmäktige" an earlier paragraph sends its decision to
    )
    assert note.text == "Vi vill att taxan ses över igen när den nya plan- och bygglagen har trätt i kraft."


def test_june_112_numbered_points_across_a_page_break(june):
    _, cases = june
    case = cases[11]
    assert case.decision_points == (
        "Kommunstyrelsen fastställer sammanträdesplanen för kommunstyrelsen och dess utskott 2022.",
        "Kommunstyrelsen föreslår kommunfullmäktige att fastställa sammanträdesplanen för "
        "kommunfullmäktige 2022.",
        "Paragrafen förklaras omedelbart justerad.",
    )
    assert case.immediate_adjustment is True


def test_june_counts(june):
    _, cases = june
    assert sum(len(case.reservations) for case in cases) == 3
    assert sum(len(case.statements) for case in cases) == 1
    assert sum(len(case.votes) for case in cases) == 2
    assert sum(len(case.proposals) for case in cases) == 7


# --- The August meeting: the tabled and the sent-back case come back --------------------------------


def test_august_decides_the_cases_june_tabled_and_sent_back(june, august):
    _, earlier = june
    _, later = august
    assert [(case.paragraph, case.dnr, case.status) for case in later] == [
        ("§ 120", None, "decided"),
        ("§ 121", "KFKS 2020/1109", "decided"),
        ("§ 122", "KFKS 2021/140", "decided"),
    ]
    assert normalize_dnr(later[1].dnr) == normalize_dnr(earlier[2].dnr)  # tabled in June
    assert normalize_dnr(later[2].dnr) == normalize_dnr(earlier[5].dnr)  # sent back in June
    assert {case.date for case in later} == {date(2021, 8, 23)}
    assert all(case.repairs == () for case in later)


def test_august_reservation_by_three_members(august):
    _, cases = august
    assert _people(r.person for r in cases[1].reservations) == [
        ("Henrik Sandberg", "M"),
        ("Ulla Björk", "M"),
        ("Gustav Wretman", "M"),
    ]


def test_documents_read_as_protocols():
    june = parse_document(document_text(JUNE), filename=JUNE)
    august = parse_document(document_text(AUGUST), filename=AUGUST)
    assert (june.kind, june.municipality, june.date, len(june.cases)) == (
        "protocol",
        "Nackaby kommun",
        date(2021, 6, 14),
        14,
    )
    assert (august.kind, august.date, len(august.cases)) == ("protocol", date(2021, 8, 23), 3)


# --- A generated protocol of sixty paragraphs -------------------------------------------------------


def _generated(count: int = 60, per_page: int = 3) -> str:
    """A protocol of ``count`` paragraphs, § 201 onwards with Dnr KFKS 2021/301 onwards, with a
    running header, a page number and a signature row on every page; every fifth paragraph's
    decision is cut by a page break mid-sentence."""
    pages: list[list[str]] = [[]]
    for index in range(count):
        head = f"§ {201 + index} Ärende nummer {index + 1}\nDnr KFKS 2021/{301 + index}\n\nBeslut\n\n"
        if index % 5 == 4:
            pages[-1].append(head + "Kommunstyrelsen godkänner förslaget och uppdrar åt förvaltningen att")
            pages.append([f"redovisa ärende {index + 1} i december.\n\nExpedieras till\nAkten\n"])
        else:
            pages[-1].append(head + f"Kommunstyrelsen godkänner förslaget i ärende {index + 1}.\n")
        if len(pages[-1]) >= per_page:
            pages.append([])
    pages = [page for page in pages if page]
    return "\n".join(
        f"Nackaby kommun Kommunstyrelsen 2021-09-20 SAMMANTRÄDESPROTOKOLL\n{number} ({len(pages)})\n\n"
        + "\n".join(page)
        + "\nOrdförandes signatur\tJusterandes signatur\tUtdragsbestyrkande\n"
        for number, page in enumerate(pages, 1)
    )


def test_generated_protocol_of_sixty_paragraphs():
    text = _generated()
    cases = parse_protocol(text, filename="generated.txt")
    assert len(cases) == 60
    assert [case.paragraph for case in cases] == [f"§ {n}" for n in range(201, 261)]
    assert [case.dnr for case in cases] == [f"KFKS 2021/{n}" for n in range(301, 361)]
    assert {(case.body, case.date, case.status) for case in cases} == {
        ("Kommunstyrelsen", date(2021, 9, 20), "decided")
    }
    assert cases[4].decision_points == (
        "Kommunstyrelsen godkänner förslaget och uppdrar åt förvaltningen att redovisa ärende 5 i december.",
    )
    for case in cases:
        assert len(case.decision_points) == 1
        assert not any(word in case.decision_points[0] for word in FURNITURE_WORDS)


def test_generated_protocol_with_ocr_damage_in_paragraph_numbers_and_dnr():
    text = _generated(12).replace("§ 212 ", "§ 2I2 ").replace("§ 207 ", "§ 2 07 ")
    text = text.replace("KFKS 2021/305", "KFKS 2021/ 3O5")
    cases = parse_protocol(text)
    assert [case.paragraph for case in cases] == [f"§ {n}" for n in range(201, 213)]
    assert cases[4].dnr == "KFKS 2021/305"
    assert [(case.paragraph, case.repairs) for case in cases if case.repairs] == [
        ("§ 205", (("KFKS 2021/ 3O5", "KFKS 2021/305"),)),
        ("§ 207", (("§ 2 07", "§ 207"),)),
        ("§ 212", (("§ 2I2", "§ 212"),)),
    ]


# --- Rules in isolation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "repaired"),
    [
        ("KFKS 2020/ I I 09", "KFKS 2020/1109"),
        ("KFKS 20 18/ I 097", "KFKS 2018/1097"),
        ("KFKS 2021 /95", "KFKS 2021/95"),
        ("KS 2019/l2", "KS 2019/12"),
        ("KFKS 2021/95", None),
        ("KS 2016.371", None),
        ("KS/2019/0001/0009", None),
        ("1.2.1./747-2017", None),
        ("Budget 2021", None),
    ],
)
def test_repair_dnr(written, repaired):
    assert repair_dnr(written) == repaired


def _paragraphs(*headings: str) -> str:
    return "\n\n".join(
        f"{heading} Ärende\n\nBeslut\n\nNämnden beslutar enligt förslaget." for heading in headings
    )


def test_damaged_paragraph_number_is_read_only_in_sequence():
    cases = parse_protocol(_paragraphs("§ 11", "§ I2", "§ 1 3", "§ 14"))
    assert [case.paragraph for case in cases] == ["§ 11", "§ 12", "§ 13", "§ 14"]
    assert [case.repairs for case in cases] == [(), (("§ I2", "§ 12"),), (("§ 1 3", "§ 13"),), ()]


def test_damaged_paragraph_number_out_of_sequence_stays_as_written():
    cases = parse_protocol(_paragraphs("§ 11", "§ 1 7", "§ 40"))
    assert [(case.paragraph, case.title, case.repairs) for case in cases] == [
        ("§ 11", "Ärende", ()),
        ("§ 1", "7 Ärende", ()),
        ("§ 40", "Ärende", ()),
    ]


def test_dnr_line_with_two_numbers_and_a_title_that_only_looks_like_one():
    text = "§ 5 Budget 2021/22\nDnr KS 2021/7 och KS 2021/8\n\nBeslut\n\nNämnden antar budgeten."
    (case,) = parse_protocol(text)
    assert (case.title, case.dnr, case.dnrs) == ("Budget 2021/22", "KS 2021/7", ("KS 2021/7", "KS 2021/8"))


def test_header_beside_the_page_number_on_two_pages_is_furniture():
    header = "Kommunstyrelsen 2021-06-14"
    text = f"{header}\n1 (2)\n\nFörsta sidan.\n\n{header}\n2 (2)\n\nAndra sidan.\n"
    assert _masked_lines(text) == [header, "1 (2)", header, "2 (2)"]
