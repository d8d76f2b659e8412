"""Page furniture: what a printed page repeats that is no part of the text.

Protocols are exported page by page, so the text carries page numbers ("2 (5)"), signature rows
("Justerandes sign  Utdragsbestyrkande") and a running header on every page. ``mask_furniture``
blanks those lines out without moving anything, so parsers can read the masked text and every
offset they find still points into the stored source.

The module also names the genre's section headings ("Beslut", "Beslutsgång", "Reservation"...):
they repeat legitimately from paragraph to paragraph and must never be taken for furniture.
"""

from __future__ import annotations

import re

from .text import fuzzy

# Canonical key -> the ways a protocol writes that heading.
SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    "decision": ("beslut",),
    "matter": ("ärendet", "ärendebeskrivning", "ärendet i korthet", "sammanfattning", "bakgrund"),
    "proposal": ("förslag till beslut",),
    "motions": ("yrkanden", "yrkande"),
    "procedure": ("beslutsgång", "propositionsordning", "votering", "omröstning"),
    "reservation": ("reservation", "reservationer"),
    "statement": (
        "protokollsanteckning",
        "protokollsanteckningar",
        "särskilt yttrande",
        "särskilda yttranden",
        "särskilt uttalande",
        "ersättaryttrande",
    ),
    "attachments": ("bilaga", "bilagor"),
    "basis": ("beslutsunderlag", "handlingar", "handlingar i ärendet"),
    "recipients": (
        "expedieras till",
        "ska expedieras till",
        "beslutet skickas till",
        "beslutet expedieras till",
    ),
    "enclosure": ("tjänsteskrivelse", "tjänsteutlåtande", "tjänsteyttrande"),
    "conflict": ("jäv", "deltar ej i beslutet", "justering"),
}
_HEADING_RES = {
    key: re.compile(
        r"(?:" + "|".join(fuzzy(p) for p in phrases) + r")",
        re.IGNORECASE,
    )
    for key, phrases in SECTION_HEADINGS.items()
}
# "Kommunstyrelsens beslut", "Arbetsutskottets beslut": the decision under the deciding body's name.
_OWNED_DECISION = re.compile(r"[A-ZÅÄÖ]\S*s(?:\s+\S+s)?\s+beslut", re.IGNORECASE)
_DECORATION = re.compile(r"^[\s#*]+|[\s*:]+$")


def heading_key(line: str) -> str | None:
    """The canonical key of a section heading ("decision", "procedure", ...) when ``line`` is
    nothing but such a heading (markdown stars, "#" and a trailing colon allowed), else None."""
    bare = _DECORATION.sub("", line)
    if not bare or len(bare) > 40:
        return None
    for key, pattern in _HEADING_RES.items():
        if pattern.fullmatch(bare):
            return key
    if _OWNED_DECISION.fullmatch(bare):
        return "decision"
    return None


_PAGE_NUMBER = re.compile(
    r"(?:sid(?:a|an)?\.?\s*)?\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4})"
    r"|sid(?:a|an)?\.?\s*\d{1,4}"
    r"|[-–]\s*\d{1,4}\s*[-–]",
    re.IGNORECASE,
)
_SIGNATURE_LABEL = re.compile(
    r"(?:"
    + "|".join(
        fuzzy(p)
        for p in ("justerandes signatur", "justerandes sign", "ordförandes signatur", "utdragsbestyrkande")
    )
    + r")\.?",
    re.IGNORECASE,
)
_UNDERLINE = re.compile(r"[-_.\s]*[-_]{3,}[-_.\s]*")
_PROTOCOL_BANNER = re.compile(r"sammantr\S{1,2}?desprot[o0]koll", re.IGNORECASE)
# A running header that carries the banner: "Nackaby kommun Kommunstyrelsen 2021-06-14 SAMMANTRÄDESPROTOKOLL".
_CAPITAL_BANNER = r"SAMMANTR\S{1,2}?DESPROT[O0]KOLL"
_BANNER_HEADER = re.compile(
    rf"{_CAPITAL_BANNER}\b.*|.*\b{_CAPITAL_BANNER}(?:\s+\d{{1,4}}\s*\(\s*\d{{1,4}}\s*\))?"
)
_NEAR_PAGE_NUMBER = 3  # non-blank lines between a page number and a header printed with it
# Words a sentence cannot end on: a line or block ending with one goes on in the next.
_OPEN_WORDS = ("att", "och", "eller", "samt", "men", "som", "om", "i", "på", "av", "för", "till", "med")
_OPEN_WORDS += ("från", "mot", "vid", "under", "över", "genom", "inom", "utan", "efter", "enligt", "hos")
_OPEN_WORDS += ("längs", "mellan", "bland", "kring", "en", "ett", "den", "det", "de", "dess", "sin", "sitt")
OPEN_ENDING = re.compile(
    r"(?:,|\b(?:" + "|".join(fuzzy(word) for word in _OPEN_WORDS) + r"))$", re.IGNORECASE
)
_GLOSSARY_LINE = re.compile(r"\S.{0,30}?\s=\s\S")
_SENTENCE_END = re.compile(r"[.:;!?]$")
_REPEAT_LIMIT = 3
_SHORT = 80


def mask_furniture(text: str) -> str:
    """``text`` with page furniture lines replaced by spaces: the same length, newlines kept.

    Furniture is page numbers alone on a line, signature rows and the underlines under them, the
    "SAMMANTRÄDESPROTOKOLL" banner (also OCR's "SAMMANTRÄDESPROT0KOLL", alone or ending a header
    line) and running headers: short lines repeated beside the page number on two pages or more
    (or, where pages carry no number, three times or more), except section headings, glossary
    lines, table rows and lines that are part of a sentence.
    """
    raw_lines = text.split("\n")
    repeated = _running_headers(raw_lines)
    masked = [" " * len(line) if _is_furniture(line, repeated) else line for line in raw_lines]
    return "\n".join(masked)


def _is_furniture(line: str, repeated: set[str]) -> bool:
    bare = line.strip()
    if not bare:
        return False
    return (
        bool(_PAGE_NUMBER.fullmatch(bare))
        or _is_signature_row(bare)
        or bool(_UNDERLINE.fullmatch(bare))
        or bool(_PROTOCOL_BANNER.fullmatch(bare))
        or _is_banner_header(bare)
        or bare in repeated
    )


def _is_banner_header(bare: str) -> bool:
    return len(bare) < _SHORT and not _SENTENCE_END.search(bare) and bool(_BANNER_HEADER.fullmatch(bare))


def _is_signature_row(bare: str) -> bool:
    # A row of labels separated by tabs or runs of spaces/dots: "Justerandes sign<TAB>Utdragsbestyrkande".
    cells = [cell for cell in re.split(r"\t|\s{2,}|\.{3,}|_{3,}", bare) if cell.strip()]
    return bool(cells) and all(_SIGNATURE_LABEL.fullmatch(cell.strip()) for cell in cells)


def _running_headers(raw_lines: list[str]) -> set[str]:
    """Short lines repeated as a page header, minus what may legitimately repeat. Where pages are
    numbered, a header stands beside the page number on two pages or more and is found elsewhere
    once at most (the first page); otherwise it is a line repeated three times or more."""
    beside, numbered = _beside_page_numbers(raw_lines)
    if numbered:
        candidates = {line for line, near in beside.items() if sum(near) >= 2 and near.count(False) <= 1}
    else:
        candidates = {line for line, near in beside.items() if len(near) >= _REPEAT_LIMIT}
    recipients = _recipient_lines(raw_lines)
    return {line for line in candidates - recipients if len(line) < _SHORT and _may_be_header(line)}


def _beside_page_numbers(raw_lines: list[str]) -> tuple[dict[str, list[bool]], bool]:
    """For each line, every occurrence: whether it stands within a few lines of a page number;
    and whether the text has page numbers at all."""
    filled = [index for index, line in enumerate(raw_lines) if line.strip()]
    paged = {i for i in filled if _PAGE_NUMBER.fullmatch(raw_lines[i].strip())}
    beside: dict[str, list[bool]] = {}
    for position, index in enumerate(filled):
        around = filled[max(0, position - _NEAR_PAGE_NUMBER) : position + _NEAR_PAGE_NUMBER + 1]
        beside.setdefault(raw_lines[index].strip(), []).append(any(i in paged for i in around))
    return beside, bool(paged)


def _may_be_header(line: str) -> bool:
    # Headings, glossary entries ("KLK = ..."), table rows, whole sentences ("Ärendet bordläggs.") and
    # the wrapped lines of a sentence ("... föreslår kommunfullmäktige att") recur in every paragraph
    # of a protocol without being furniture.
    return not (
        line[:1].islower()
        or OPEN_ENDING.search(line)
        or heading_key(line)
        or _GLOSSARY_LINE.match(line)
        or "\t" in line
        or _SENTENCE_END.search(line)
        or re.match(r"\d{1,2}[.)]\s", line)
    )


def _recipient_lines(raw_lines: list[str]) -> set[str]:
    """Lines listed under "Expedieras till": "Akten" recurs in every paragraph on purpose."""
    found: set[str] = set()
    state = "off"  # off -> heading seen -> listing (until the blank line that ends the list)
    for line in raw_lines:
        bare = line.strip()
        if heading_key(bare) == "recipients":
            state = "heading"
        elif state != "off" and bare:
            found.add(bare)
            state = "listing"
        elif state == "listing":
            state = "off"
    return found
