"""Page furniture is blanked out without moving a single offset."""

from pathlib import Path

import pytest

from decisions.parsing.furniture import heading_key, mask_furniture

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"


def _masked_lines(text: str) -> list[str]:
    """The original lines that masking blanked."""
    return [
        line
        for line, masked in zip(text.split("\n"), mask_furniture(text).split("\n"), strict=True)
        if line != masked
    ]


@pytest.mark.parametrize("path", sorted(SOURCES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_masking_keeps_length_and_newlines(path):
    text = path.read_text(encoding="utf-8")
    masked = mask_furniture(text)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]


def test_signature_row_and_underline_in_vallentuna_are_the_only_furniture():
    text = (SOURCES / "004_08106fc4551d04ff.txt").read_text(encoding="utf-8")
    assert _masked_lines(text) == [
        "Justerandes sign\tJusterandes sign\tUtdragsbestyrkande",
        "------------------\t------------------\t--------------------",
    ]


def test_skarholmen_has_no_furniture():
    text = (SOURCES / "003_2be480a741f236f7.txt").read_text(encoding="utf-8")
    assert _masked_lines(text) == []


@pytest.mark.parametrize(
    "line",
    [
        "61 (131)",
        "Sida 2 (4)",
        "2 (4)",
        "- 3 -",
        "Sida 3 av 7",
        "Justerandes sign",
        "Justerandes signatur",
        "Ordförandes signatur",
        "Utdragsbestyrkande",
        "Justerandes signatur\tUtdragsbestyrkande",
        "Justerandes signatur    Utdragsbestyrkande",
        "------------------\t------------------",
        "SAMMANTRÄDESPROTOKOLL",
        "SAMMANTRÄDESPROT0KOLL",
    ],
)
def test_page_furniture_lines_are_blanked(line):
    text = f"Beslut\n\n{line}\n\nText.\n"
    masked = mask_furniture(text)
    assert masked == text.replace(line, " " * len(line))


def test_running_header_repeated_three_times_is_blanked():
    header = "Skärholmens stadsdelsnämnd 2017-09-21"
    text = "\n\n".join([header, "Första sidan.", header, "Andra sidan.", header, "Tredje sidan."])
    assert _masked_lines(text) == [header] * 3


def test_a_line_repeated_only_twice_stays():
    header = "Kommunstyrelsen 2019-03-04"
    text = "\n\n".join([header, "Första sidan.", header, "Andra sidan."])
    assert _masked_lines(text) == []


@pytest.mark.parametrize(
    "line",
    [
        "Beslut",
        "Reservation",
        "Bilaga",
        "Ärendet",
        "Förslag till beslut",
        "Yrkanden",
        "Beslutsgång",
        "KLK = Kommunledningskontoret",
        "Fokusområde\tAktivitet\tGenomförande\tAnsvarig\tGenomfört\tUppföljning",
        "Ärendet bordläggs.",
        "1. Omedelbar justering.",
    ],
)
def test_structural_lines_may_repeat(line):
    text = "\n\n".join([line, "Ett.", line, "Två.", line, "Tre.", line])
    assert _masked_lines(text) == []


def test_recipients_repeated_in_every_paragraph_stay():
    paragraph = "Expedieras till\nAkten\nKommunledningskontoret"
    text = "\n\n".join([paragraph] * 4)
    assert _masked_lines(text) == []


def test_long_repeated_line_stays():
    line = "x" * 80
    assert _masked_lines("\n".join([line] * 3)) == []


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("**Beslut**", "decision"),
        ("Kommunstyrelsens beslut", "decision"),
        ("Beslutsgång", "procedure"),
        ("Beslutsgang", "procedure"),
        ("Förslag till beslut:", "proposal"),
        ("Ska expedieras till", "recipients"),
        ("Tjänsteskrivelse", "enclosure"),
        ("Protokollsanteckning", "statement"),
        ("Beslutet fattades enhälligt.", None),
        ("Ett Stockholm som håller samman", None),
    ],
)
def test_heading_key(line, key):
    assert heading_key(line) == key
