"""Text helpers shared by the parsers: tolerant phrase matching, blocks with offsets, dates, names.

The sources include OCR output in which å, ä and ö are lost or garbled ("fo6ljande", "Ersittaryttrande",
"hédnvisning"). Parsers therefore never match Swedish phrases literally: ``fuzzy`` turns a clean phrase
into a pattern that also accepts the damaged spellings. Matching runs on the verbatim text, so every
offset found is an offset into the stored source.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .types import Span

_DIACRITIC_LETTERS = "åäöÅÄÖ"
# One garbled letter in OCR output becomes one or two characters ("ö" -> "o6", "ä" -> "éd").
_GARBLED = r"[^\s()]{1,2}?"

MONTHS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}


@lru_cache(maxsize=512)
def fuzzy(phrase: str) -> str:
    """A regex source matching ``phrase`` case-insensitively, with å/ä/ö garbled and spaces
    stretched over line breaks. Use with ``re.IGNORECASE``."""
    parts = []
    for char in phrase:
        if char in _DIACRITIC_LETTERS:
            parts.append(_GARBLED)
        elif char == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def fuzzy_re(phrase: str, *, prefix: str = "", suffix: str = "") -> re.Pattern[str]:
    """Compile ``fuzzy(phrase)`` between raw regex ``prefix`` and ``suffix``."""
    return re.compile(prefix + fuzzy(phrase) + suffix, re.IGNORECASE)


def fold(text: str) -> str:
    """A comparison key for names and words: lower case, no diacritics, OCR digits read as letters.

    "KARIN WANNGARD", "Karin Wanngård" and "Karin Wanngard" fold alike; so do "Johanna Sj6" and
    "Johanna Sjö". Not length-preserving: for keys only, never for offsets.
    """
    text = re.sub(r"(?<=[^\W\d_])[60]|[60](?=[^\W\d_])", "o", text)
    text = re.sub(r"(?<=[^\W\d_])4|4(?=[^\W\d_])", "a", text)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("&", "a").split())


@dataclass(frozen=True)
class Block:
    """A paragraph of the source: its text with line breaks folded to spaces, and its span."""

    text: str
    start: int
    end: int

    @property
    def span(self) -> Span:
        return (self.start, self.end)


_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def blocks(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """Split ``text[start:end]`` into paragraphs at blank lines, keeping offsets into ``text``."""
    end = len(text) if end is None else end
    found: list[Block] = []
    position = start
    for separator in _BLANK_LINES.finditer(text, start, end):
        _append_block(found, text, position, separator.start())
        position = separator.end()
    _append_block(found, text, position, end)
    return found


def _append_block(found: list[Block], text: str, start: int, end: int) -> None:
    raw = text[start:end]
    stripped = raw.strip()
    if not stripped:
        return
    lead = len(raw) - len(raw.lstrip())
    begin = start + lead
    found.append(Block(" ".join(stripped.split()), begin, begin + len(stripped)))


def join_broken(found: list[Block]) -> list[Block]:
    """Join paragraphs that a page break split mid-sentence (no closing punctuation, next starts in
    lower case), so that "Förhoppningen är att" + "staden, genom nätverket ..." read as one."""
    joined: list[Block] = []
    for block in found:
        previous = joined[-1] if joined else None
        if previous and _continues(previous.text, block.text):
            joined[-1] = Block(f"{previous.text} {block.text}", previous.start, block.end)
        else:
            joined.append(block)
    return joined


def _continues(previous: str, following: str) -> bool:
    return bool(previous) and previous[-1] not in '.:!?;”"' and following[:1].islower()


def lines(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """The lines of ``text[start:end]`` with their spans (blank lines left out, text unfolded)."""
    end = len(text) if end is None else end
    found = []
    for match in re.finditer(r"[^\n]+", text[start:end]):
        content = match.group().rstrip("\r")
        if content.strip():
            found.append(Block(content, start + match.start(), start + match.start() + len(content)))
    return found


def line_number(text: str, offset: int) -> int:
    """1-based line number of ``offset`` in ``text``, for error messages."""
    return text.count("\n", 0, offset) + 1


_SWEDISH_DATE = re.compile(r"(\d{1,2})\s+([A-Za-zÅÄÖåäö]+)\s+(\d{4})")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_swedish_date(value: str) -> date | None:
    """Read "11 april 2018", "den 28 mars 2018" or "2017-09-21"; None when it is no valid date."""
    iso = _ISO_DATE.search(value)
    if iso:
        return _safe_date(int(iso[1]), int(iso[2]), int(iso[3]))
    written = _SWEDISH_DATE.search(value)
    if written:
        month = MONTHS.get(fold(written[2]))
        if month:
            return _safe_date(int(written[3]), month, int(written[1]))
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def strip_tags(value: str) -> str:
    """Remove inline HTML (<i>, </b>) and markdown emphasis (**, *) from a cell or heading."""
    value = re.sub(r"</?[a-zA-Z][^>]*>", "", value)
    return re.sub(r"\*{1,2}", "", value).strip()


def looks_like_ocr(text: str) -> bool:
    """True for OCR output whose å/ä/ö were lost: a long Swedish text with almost none of them,
    or with words in which digits stand for letters ("Sj6", "fo6ljande", "l6pande")."""
    letters = sum(c.isalpha() for c in text)
    if letters < 400:
        return False
    diacritics = sum(c in _DIACRITIC_LETTERS for c in text)
    digit_words = len(re.findall(r"\b[^\W\d_]+[046][^\W\d_]*\b", text))
    return diacritics / letters < 0.004 or digit_words >= 3
