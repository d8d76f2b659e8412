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
from collections import Counter

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
_GLOSSARY_LINE = re.compile(r"\S.{0,30}?\s=\s\S")
_SENTENCE_END = re.compile(r"[.:;!?]$")
_REPEAT_LIMIT = 3
_SHORT = 80


def mask_furniture(text: str) -> str:
    """``text`` with page furniture lines replaced by spaces: the same length, newlines kept.

    Furniture is page numbers alone on a line, signature rows and the underlines under them, the
    "SAMMANTRÄDESPROTOKOLL" banner, and short lines repeated three times or more (running headers),
    except section headings, glossary lines, table rows and lines that end a sentence.
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
        or bare in repeated
    )


def _is_signature_row(bare: str) -> bool:
    # A row of labels separated by tabs or runs of spaces/dots: "Justerandes sign<TAB>Utdragsbestyrkande".
    cells = [cell for cell in re.split(r"\t|\s{2,}|\.{3,}|_{3,}", bare) if cell.strip()]
    return bool(cells) and all(_SIGNATURE_LABEL.fullmatch(cell.strip()) for cell in cells)


def _running_headers(raw_lines: list[str]) -> set[str]:
    """Short lines repeated often enough to be a page header, minus what may legitimately repeat."""
    counts = Counter(line.strip() for line in raw_lines if line.strip())
    recipients = _recipient_lines(raw_lines)
    return {
        line
        for line, count in counts.items()
        if count >= _REPEAT_LIMIT and len(line) < _SHORT and _may_be_header(line) and line not in recipients
    }


def _may_be_header(line: str) -> bool:
    # Headings, glossary entries ("KLK = ..."), table rows and whole sentences ("Ärendet bordläggs.")
    # recur in every paragraph of a protocol without being furniture.
    return not (
        heading_key(line)
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
