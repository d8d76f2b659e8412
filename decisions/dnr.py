"""Parse Swedish municipal diarienummer (Dnr) into comparable parts.

Municipalities write their registry numbers in many house styles ("KS 2018/550",
"1.2.1./747-2017", "2016-000003", "2011/KS 0206 001" ...), and scanned minutes add OCR
damage ("KFKS 2020/ I I 09").  Decisions cite each other by these numbers, so the
register needs one normalized *key* per number to link citations to cases.

Design rules:

* Never guess.  Input that matches none of the known house styles, or whose year is
  outside 1900-2100, is kept verbatim with ``parsed=False``.
* Every trailing number after the serial ("64-214", "0206 001", "820 107") is read as
  ``sub_number``; ``classification`` is only a leading filing code ("006-", "1.2.1./")
  or a trailing capital-letter code ("RIX").  One uniform rule keeps keys stable even
  where a municipality actually meant a filing code.
* Key format: ``[SERIES-]YEAR-SERIAL[-SUB][/CLASSIFICATION]``, numbers without leading
  zeros, classification without its trailing dot, e.g. ``KS-2018-550``,
  ``KS-2019-1-9``, ``2017-747/1.2.1``, ``PM-2016-122/RIX``.  Different parts never
  share a separator, so two different numbers never share a key.
* ``find_dnrs`` is conservative: in running text only numbers with a capital series
  prefix, or numbers right after "dnr"/"diarienummer", are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["Dnr", "dnr_lookup_keys", "find_dnrs", "normalize_dnr", "parse_dnr", "repair_dnr"]


@dataclass(frozen=True)
class Dnr:
    """One diarienummer split into its parts (see the module docstring for the rules)."""

    raw: str
    series: str | None = None
    year: int | None = None
    serial: int | None = None
    sub_number: int | None = None
    classification: str | None = None
    key: str = ""
    parsed: bool = False


# Horizontal space, optionally one line break (PDF text breaks numbers across lines).
_WS = r"[ \t]*(?:\n[ \t]*)?"
_SERIES = r"(?P<series>[A-ZÅÄÖ]{1,6})"
# OCR reads digits as I/l/O; a single character followed by a space is an OCR split.
_SERIAL = r"(?P<serial>(?:[0-9IlO][ \t])*[0-9IlO]*[0-9])"
# A trailing registry code such as "RIX" must be capitals and end the citation, so
# ordinary words after a number ("KS 2018/550 och") are never taken for one.
_SUFFIX = r"(?:[ \t]+(?P<suffix>(?-i:[A-ZÅÄÖ]{2,5}))(?=[ \t]*(?:[)\]]|$)))?"


class _Format(NamedTuple):
    """One house style: its regex and whether running text needs "dnr" before it."""

    name: str
    pattern: str
    needs_dnr: bool


_FORMATS = (
    # KS 2018/550, KS 2016.371, KFKS 2010/64-214, KS/2019/0001/0009, PM 2016:122 RIX
    _Format(
        "series-year-serial",
        _SERIES
        + rf"{_WS}(?:[/-]{_WS})?(?P<year>\d\d[ \t]?\d\d)[ \t]?(?P<sep>[/.:-]){_WS}"
        + _SERIAL
        + rf"(?:[-/]{_WS}(?P<sub>\d+))?"
        + _SUFFIX,
        needs_dnr=False,
    ),
    # 2011/KS 0206 001
    _Format(
        "year-series-serial",
        rf"(?P<year>\d{{4}})[ \t]*/[ \t]*{_SERIES}[ \t]+(?P<serial>\d+)(?:[ \t]+(?P<sub>\d+))?",
        needs_dnr=False,
    ),
    # KS 02-820 107 (two-digit year)
    _Format(
        "series-yy-serial",
        _SERIES + r"[ \t]+(?P<yy>\d\d)-(?P<serial>\d+)(?:[ \t]+(?P<sub>\d{3}))?",
        needs_dnr=False,
    ),
    # 1.2.1./747-2017, 006-1137/2007, 322-278/2009, 1.2.4-182-2013
    _Format(
        "class-serial-year",
        rf"(?P<cls>\d+(?:\.\d+)+\.?|\d{{3}})[ \t]*[/-]{_WS}(?P<serial>\d+)"
        rf"[ \t]*[/-]{_WS}(?P<year>\d{{4}})",
        needs_dnr=True,
    ),
    # 2021/101
    _Format("year/serial", rf"(?P<year>\d{{4}})[ \t]?/{_WS}{_SERIAL}", needs_dnr=True),
    # 2016-000003 (zero-padded, so "2016-2017" and "2016-08" stay out)
    _Format("year-padded", r"(?P<year>\d{4})-(?P<serial>\d{5,})", needs_dnr=True),
)

_FULL = [re.compile(f.pattern, re.I) for f in _FORMATS]
_DNR_WORD = r"\b(?:dnr|diarienr|diarienummer)\b\.?[ \t]*:?"
_LEADING_DNR = re.compile(rf"^{_DNR_WORD}\s*", re.I)
_FINDERS = [
    re.compile(
        rf"(?P<dnr>{_DNR_WORD}{_WS})?(?<![\w.,/-])(?P<body>{f.pattern})(?![\w]|[.,:/-]\w)",
        re.I | re.M,
    )
    for f in _FORMATS
]
_OCR_DIGITS = str.maketrans("IiLlOo", "111100", " \t\n")
_DATE_SHAPE = re.compile(r"\d{4}-\d\d-\d\d(?!\d)")
# Capital prefixes that cite laws, EU acts, government reports and currencies, not Dnr.
_NOT_SERIES_WORDS = (
    "AD BET COM DIR DS EEG EES EG EN EU EUR FL GDPR HFD IEC ISO KOM KR LOU LOV LSS MÖD "
    "NJA OSL PBL PROP RSKR RÅ SEK SFS SKR SOL SOU SS"
)
_NOT_SERIES = frozenset(_NOT_SERIES_WORDS.split())


def _number(text: str | None) -> int | None:
    """Read a number part, repairing OCR letters and splits ("I I 09" -> 1109)."""
    return None if text is None else int(text.translate(_OCR_DIGITS))


def _year(groups: dict[str, str | None]) -> int | None:
    """Four-digit year; two-digit years pivot at 50 (02 -> 2002, 98 -> 1998)."""
    if groups.get("yy") is not None:
        yy = int(groups["yy"])
        return yy + (2000 if yy < 50 else 1900)
    return _number(groups.get("year"))


def _is_year_range(series: str | None, cls: str | None, year: int, serial: str) -> bool:
    """A bare "2021/22" or "2021/2022" is a (school) year range, not a number."""
    following = str(year + 1)
    return not series and not cls and serial in (following, following[2:])


def _unparsed(raw: str) -> Dnr:
    """Keep input we do not understand verbatim, keyed by its collapsed upper-case text."""
    return Dnr(raw=raw, key=" ".join(raw.split()).upper(), parsed=False)


def _make_key(series, year, serial, sub, classification) -> str:
    """Build ``[SERIES-]YEAR-SERIAL[-SUB][/CLASSIFICATION]``."""
    core = "-".join(str(p) for p in (series, year, serial, sub) if p is not None)
    return f"{core}/{classification.rstrip('.')}" if classification else core


def _from_match(raw: str, match: re.Match[str]) -> Dnr:
    """Turn a full match of one house style into a Dnr, or reject it as implausible."""
    g = match.groupdict()
    series = g["series"].upper() if g.get("series") else None
    cls = g.get("cls") or g.get("suffix")
    year, serial, sub = _year(g), _number(g["serial"]), _number(g.get("sub"))
    serial_text = g["serial"].translate(_OCR_DIGITS)
    if not 1900 <= year <= 2100 or _is_year_range(series, cls, year, serial_text):
        return _unparsed(raw)
    if _DATE_SHAPE.search(match.group(0)):
        return _unparsed(raw)
    key = _make_key(series, year, serial, sub, cls)
    return Dnr(raw, series, year, serial, sub, cls, key, parsed=True)


def parse_dnr(text: str) -> Dnr:
    """Parse one diarienummer; a leading "Dnr"/"dnr:"/"diarienummer" is ignored.

    Series are case-insensitive here because the caller asserts the text is a Dnr.
    The first house style that matches the whole text decides; nothing is guessed.
    """
    raw = (text or "").strip()
    body = _LEADING_DNR.sub("", raw)
    for full in _FULL:
        match = full.fullmatch(body)
        if match:
            return _from_match(raw, match)
    return _unparsed(raw)


# House styles whose year and serial OCR may damage: letters for digits, split digits.
_REPAIRABLE = ("series-year-serial", "year/serial")


def repair_dnr(text: str) -> str | None:
    """The clean spelling of an OCR-damaged number, or None when ``text`` is undamaged or no Dnr.

    Only the year and serial are mended (letters read as digits, digits split by spaces, a space
    before the separator); everything else stays as written: "KFKS 2020/ I I 09" ->
    "KFKS 2020/1109", "KFKS 20 18/ I 097" -> "KFKS 2018/1097", "KFKS 2021 /95" -> "KFKS 2021/95".
    """
    raw = (text or "").strip()
    for fmt, full in zip(_FORMATS, _FULL, strict=True):
        match = full.fullmatch(raw)
        if match:
            if fmt.name not in _REPAIRABLE or not parse_dnr(raw).parsed:
                return None
            start, end = match.start("year"), match.end("serial")
            mended = raw[start:end].translate(_OCR_DIGITS)
            return raw[:start] + mended + raw[end:] if mended != raw[start:end] else None
    return None


def normalize_dnr(text: str) -> str:
    """The look-up key of ``text``; equal for different spellings of one number."""
    return parse_dnr(text).key


def dnr_lookup_keys(text: str) -> list[str]:
    """Keys to index a number under: its own key plus the bare ``YEAR-SERIAL[-SUB]`` key.

    A search for "2018/550" (series unknown) normalizes to "2018-550"; indexing
    "KS 2018/550" under both "KS-2018-550" and "2018-550" lets that search find it.
    The bare key drops series and classification, so it may be shared by several
    numbers: treat matches on it as candidates, not as identity.
    """
    dnr = parse_dnr(text)
    if not dnr.parsed:
        return [dnr.key]
    bare = _make_key(None, dnr.year, dnr.serial, dnr.sub_number, None)
    return [dnr.key] if bare == dnr.key else [dnr.key, bare]


def _cited(fmt: _Format, match: re.Match[str]) -> bool:
    """Whether a candidate in prose is a Dnr: after "dnr" anything parseable is;
    otherwise only a capital series prefix that is not a law/report/currency code."""
    if not parse_dnr(match.group("body")).parsed:
        return False
    if match.group("dnr"):
        return True
    if fmt.needs_dnr:
        return False
    series = match.group("series")
    return series.isupper() and 2 <= len(series) <= 5 and series not in _NOT_SERIES


def _verbatim(span: str) -> str:
    """Undo line breaks inside a cited number ("006-\\n1137/2007" -> "006-1137/2007")."""
    return re.sub(r"\s*\n\s*", " ", re.sub(r"([/-])[ \t]*\n[ \t]*", r"\1", span))


def find_dnrs(text: str) -> list[tuple[str, int, int]]:
    """Dnr cited in running text as ``(verbatim, start, end)``, in text order.

    ``text[start:end]`` is the original span (it may contain a line break);
    ``verbatim`` is that span with line breaks removed.  Overlapping candidates from
    different house styles are resolved in favour of the earliest, longest one.
    """
    hits = sorted(
        (m.start("body"), -m.end("body"))
        for fmt, finder in zip(_FORMATS, _FINDERS, strict=True)
        for m in finder.finditer(text)
        if _cited(fmt, m)
    )
    found: list[tuple[str, int, int]] = []
    for start, neg_end in hits:
        if not found or start >= found[-1][2]:
            found.append((_verbatim(text[start:-neg_end]), start, -neg_end))
    return found
