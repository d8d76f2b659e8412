"""Protocols and protocol extracts (protokollsutdrag): one case per paragraph (§).

A paragraph opens with a heading line ("§ 20 Tertialrapport 2, 2017", or "§138" with the title on a
later line) and is minuted in sections under the genre's headings: Beslut, Ärendet, Förslag till
beslut, Yrkanden, Beslutsgång, Reservation, Bilaga, Beslutsunderlag, Expedieras till. After the
minutes an extract often carries documents of its own: a tjänsteskrivelse with its own "Förslag till
beslut", a bilaga holding a party's alternative proposal, an action plan. Those are read as parts of
the paragraph, each with its own sections, so that a heading in a bilaga never counts as minutes.

Parsing runs on the text with page furniture masked (same length), so every span is an offset into
the stored source; text a page break cut is joined again. A full protocol's OCR damage is repaired
while reading, never in the text: a paragraph number ("§ I2" is § 12 when the count runs so) and a
Dnr ("KFKS 2020/ I I 09" is KFKS 2020/1109), each repair recorded in ``ParsedCase.repairs``. A
paragraph may name several Dnr (``ParsedCase.dnrs``); its votes are read by ``votes.parse_votes``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from datetime import date

from .. import dnr as dnr_parser
from .actionplan import parse_action_plans
from .actors import parse_actor, parse_actors
from .furniture import OPEN_ENDING, SECTION_HEADINGS, heading_key, mask_furniture
from .parties import party_abbreviation, party_name
from .statements import parse_statements
from .text import Block, blocks, fold, fuzzy, lines, parse_swedish_date
from .types import (
    Actor,
    ParsedAttachment,
    ParsedCase,
    ParsedEnclosure,
    ParsedProposal,
    ParsedReference,
    ParsedReservation,
    ParsedStatement,
    ParseError,
    Span,
)
from .votes import parse_votes

_PARAGRAPH = re.compile(r"^[ \t*#]*§[ \t]*(?P<number>\d{1,4})\b(?P<rest>[^\n]*)$", re.MULTILINE)
# The same heading as OCR may have read it: "§ I2" (a letter for a digit), "§ 1 2" (a split number).
_OCR_PARAGRAPH = re.compile(
    r"^[ \t*#]*§[ \t]*(?P<number>[0-9IlO](?:[ \t]?[0-9IlO]){0,3})\b(?P<rest>[^\n]*)$", re.MULTILINE
)
_OCR_DIGITS = str.maketrans("IlO", "110", " \t")
_GLUED_HEADING = re.compile(r"\*\*(?P<heading>[^*\n]+)\*\*[ \t]*$")
_GENRE_MARKER = re.compile(
    r"^[ \t*#]*(?:beslut|"
    + fuzzy("beslutsgång")
    + "|"
    + fuzzy("förslag till beslut")
    + r"|yrkanden?)[ \t*:]*$"
    r"|\*\*beslut\*\*",
    re.IGNORECASE | re.MULTILINE,
)

# A diarienummer as written: "KS 2016.371", "KFKS 2019/475", "KS/2019/0001/0009", "1.2.1./747-2017".
_DNR = r"(?:[A-ZÅÄÖ]{1,8}(?:[ \t]|/|-))?\d[\d./-]*\d"
_DNR_LABEL = r"(?i:dnr|diarienummer|diarienr)\.?:?"
_DNR_LIST = re.compile(rf"[ \t*]*(?:{_DNR_LABEL}[ \t]*)?(?P<dnrs>[^\s*](?:[^\n]*[^\s*])?)[ \t*]*")
_DNR_SEPARATOR = re.compile(r"[ \t]*(?:[,;]|\boch\b)[ \t]*")
_DNR_OPENING = re.compile(r"[A-ZÅÄÖ]{1,8}\b|\d")
_DNR_MENTION = re.compile(rf"\b{_DNR_LABEL}\s*(?P<dnr>{_DNR})")
_TITLE_DNR = re.compile(
    rf"\s*(?:\(\s*(?:{_DNR_LABEL}\s*)?(?P<paren>{_DNR})\s*\)|,?\s*{_DNR_LABEL}\s*(?P<labelled>{_DNR}))\s*$"
)
_NOT_A_DNR = re.compile(r"\d{4}-\d\d-\d\d|(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d")

_BODY_WORD = (
    r"[\wÅÄÖåäö-]*(?:n\S{1,2}?mnd(?:en)?|styrelsen?|utskott(?:et)?|fullm\S{1,2}?ktige|beredning(?:en)?)"
)
_BODY = rf"(?:[A-ZÅÄÖa-zåäö][\wÅÄÖåäö-]*s[ \t]+)?{_BODY_WORD}"
_DATE = r"\d{4}-\d\d-\d\d|\d{1,2}[ \t]+[A-Za-zÅÄÖåäö]+[ \t]+\d{4}"
_BODY_LINE = re.compile(rf"[ \t*#]*(?P<body>(?=[A-ZÅÄÖ]){_BODY})(?:[ \t,]+(?P<date>{_DATE}))?[ \t*]*")
_DATE_LABEL = "|".join(fuzzy(label) for label in ("sammanträdesdatum", "sammanträde", "mötesdatum", "datum"))
_HEADER_TOWN = re.compile(
    r"^[ \t*#]*[A-ZÅÄÖ][\wÅÄÖåäö-]*[ \t]+(?:kommun|stad|region)[ \t]*,?[ \t]+(?=[A-ZÅÄÖ])"
)
_HEADER_BANNER = re.compile(r"[ \t,]+(?-i:SAMMANTR\S{1,2}?DESPROT[O0]KOLL|PROTOKOLLSUTDRAG)[ \t]*$")
_DATE_LINE = re.compile(rf"[ \t]*(?:(?:{_DATE_LABEL})[ \t]*:?[ \t]*)?(?P<date>{_DATE})[ \t]*", re.IGNORECASE)
_DECIDING_BODY = re.compile(
    rf"(?:^|{fuzzy('finner att')}\s+|\.\s+)(?P<body>{_BODY})\s+(?:beslutar|beslutade|{fuzzy('föreslår')}|"
    rf"{fuzzy('godkänner')}|bifaller|antar|noterar|uppdrar|{fuzzy('överlämnar')}|fastställer|har\s+beslutat)\b",
    re.IGNORECASE,
)

_NUMBERED = re.compile(r"^[ \t]*(?P<number>\d{1,2})[.)][ \t]+(?P<item>\S[^\n]*)$", re.MULTILINE)
_REFERRED_BACK = re.compile(fuzzy("återremitt") + "|" + fuzzy("återremiss"), re.IGNORECASE)
_TABLED = re.compile(fuzzy("bordlägg") + "|" + fuzzy("bordlagt"), re.IGNORECASE)
_IMMEDIATE = re.compile(fuzzy("omedelbar justering") + "|" + fuzzy("omedelbart justera"), re.IGNORECASE)

_NAME = r"[A-ZÅÄÖÉÜ][\w'’-]+(?:[ \t]+[A-ZÅÄÖÉÜ][\w'’-]+){1,3}"
_PARTY = r"\(\s*[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,3}\s*\)"
_CHAIR_TITLE = "|".join(fuzzy(title) for title in ("tjänstgörande ordförande", "ordföranden", "ordförande"))
_CHAIR = re.compile(rf"(?i:{_CHAIR_TITLE}),?\s+{_NAME}\s*{_PARTY}")
_AUTHOR_LINE = re.compile(rf"[ \t]*{_NAME}(?:[ \t]+m\.?[ \t]?fl\.?)?[ \t]*{_PARTY}[ \t]*")
_PERSON_LINE = re.compile(rf"[ \t]*{_NAME}[ \t]*")
_TITLE_LINE = re.compile(r"[ \t]*[A-ZÅÄÖ][\wÅÄÖåäö-]+(?:[ \t]+[\wÅÄÖåäö-]+){0,3}[ \t]*")
_ATTACHED_DOCUMENT = re.compile(r"^[ \t*]*Bilaga(?:[ \t]+\d{1,2})?[ \t]*:[ \t]*\S", re.MULTILINE)


@dataclass(frozen=True)
class _Heading:
    """A paragraph heading: its match, its number and, when OCR damaged the number, the repair."""

    match: re.Match[str]
    number: str
    repair: tuple[str, str] | None = None


@dataclass(frozen=True)
class _Section:
    """One heading's content inside a part: from after the heading to the next heading."""

    key: str | None  # heading_key(), None for the text before the first heading
    heading: str
    start: int
    end: int


@dataclass(frozen=True)
class _Part:
    """The minutes of a paragraph, or one document enclosed after them."""

    kind: str  # minutes | tjänsteskrivelse | tjänsteutlåtande | bilaga
    start: int
    end: int
    sections: tuple[_Section, ...]

    def sections_of(self, key: str) -> list[_Section]:
        return [section for section in self.sections if section.key == key]


@dataclass
class _Draft:
    """A proposal being collected from the sentences that mention it."""

    kind: str
    origin: str | None
    span: Span
    authors: list[Actor] = field(default_factory=list)
    supporters: list[Actor] = field(default_factory=list)
    points: tuple[str, ...] = ()
    text: str = ""
    enclosed: bool = False  # read from an enclosed document, not proposed at the meeting
    base: bool = False  # the prepared proposal the meeting starts from ("förvaltningens förslag")
    outcome: str = "unknown"


@dataclass(frozen=True)
class _Paragraph:
    """What every reader of one paragraph needs: the texts, the range and the parts."""

    text: str  # masked
    start: int
    end: int
    minutes: _Part
    enclosures: tuple[_Part, ...]


def is_protocol(text: str) -> bool:
    """True when ``text`` has a paragraph heading ("§ 20 ...", "§138") and genre markers such as
    Beslut, Beslutsgång, Förslag till beslut or Yrkanden."""
    return bool(_PARAGRAPH.search(text)) and bool(_GENRE_MARKER.search(text))


def parse_protocol(text: str, *, filename: str = "") -> list[ParsedCase]:
    """One ParsedCase per paragraph (§) of a protocol or protocol extract, with spans into ``text``.

    Raises ParseError (file and line) when no paragraph heading can be found or a table is truncated.
    """
    masked = mask_furniture(text)
    headings = _headings(masked)
    if not headings:
        raise ParseError("no paragraph heading (§) found", filename=filename, line=1)
    leads = [_lead_start(masked, heading.match.start()) for heading in headings]
    document_header = text[: leads[0]]
    cases = []
    for index, heading in enumerate(headings):
        end = leads[index + 1] if index + 1 < len(headings) else len(text)
        cases.append(_case(masked, heading, leads[index], end, document_header, filename))
    return cases


def _headings(masked: str) -> list[_Heading]:
    """The paragraph headings in order. A number OCR damaged ("§ I2", "§ 1 2") is read repaired
    only when that reading carries on the count from the heading before or into the one after."""
    readings = [_readings(masked, match) for match in _OCR_PARAGRAPH.finditer(masked)]
    found: list[_Heading] = []
    for index, (plain, repaired) in enumerate(readings):
        previous = int(found[-1].number) if found else None
        following = {int(h.number) for h in readings[index + 1] if h} if index + 1 < len(readings) else set()
        if repaired and _in_sequence(int(repaired.number), previous, following):
            found.append(repaired)
        elif plain:
            found.append(plain)
    return found


def _readings(masked: str, match: re.Match[str]) -> tuple[_Heading | None, _Heading | None]:
    """The heading read as written (digits only) and read with OCR damage repaired, when they differ."""
    plain_match = _PARAGRAPH.match(masked, match.start())
    plain = _Heading(plain_match, plain_match["number"]) if plain_match else None
    number = match["number"].translate(_OCR_DIGITS)
    if not re.search(r"\d", match["number"]) or (plain and plain.number == number):
        return plain, None
    written = masked[masked.index("§", match.start()) : match.end("number")]
    return plain, _Heading(match, str(int(number)), (written, f"§ {int(number)}"))


def _in_sequence(number: int, previous: int | None, following: set[int]) -> bool:
    return (previous is not None and number == previous + 1) or number + 1 in following


def _lead_start(masked: str, heading_start: int) -> int:
    """Where a paragraph begins once the Dnr line(s) standing just above its heading are counted in."""
    start = heading_start
    for line in reversed(lines(masked, max(0, heading_start - 400), heading_start)[-3:]):
        if not _dnr_line(line.text):
            break
        start = line.start
    return start


def _dnr_line(line: str) -> list[str]:
    """The Dnr a line consists of, as written: "Dnr KFKS 2019/475, KFKS 2019/476", "KS 2016.371",
    or OCR-damaged "KFKS 2020/ I I 09"; empty when the line is anything else."""
    match = _DNR_LIST.fullmatch(line)
    if not match:
        return []
    pieces = _DNR_SEPARATOR.split(match["dnrs"].strip(" \t*"))
    return pieces if all(_is_dnr(piece) for piece in pieces) else []


def _is_dnr(piece: str) -> bool:
    # A series is written in capitals ("KFKS"); "Budget 2021/22" in a title is no Dnr.
    return bool(_DNR_OPENING.match(piece)) and _plausible_dnr(piece) and dnr_parser.parse_dnr(piece).parsed


def _plausible_dnr(value: str) -> bool:
    # A date or a period ("2016-2017") has the shape of a Dnr but is none.
    return not _NOT_A_DNR.fullmatch(value.strip())


# ---------------------------------------------------------------------------------------------------
# One paragraph


def _case(masked: str, heading: _Heading, lead: int, end: int, header: str, filename: str) -> ParsedCase:
    start = heading.match.start()
    glued = _glued_heading(heading.match)
    paragraph = _paragraph(masked, heading.match, glued, end)
    minutes = paragraph.minutes
    title, dnrs, repairs = _identity(masked, heading, glued, lead, minutes, end)
    points = _points_of(masked, minutes.sections_of("decision"))
    body = _body(paragraph, header)
    status = _status(points)
    drafts = _proposals(paragraph, points, status)
    return ParsedCase(
        title=title,
        dnr=dnrs[0] if dnrs else None,
        kind="protocol_extract",
        body=body,
        preparing_body=None,
        date=_date(paragraph, header),
        paragraph=f"§ {heading.number}",
        status=status,
        presenter=None,
        chair=_chair(masked, minutes),
        decision_points=points,
        immediate_adjustment=any(_IMMEDIATE.search(point) for point in points)
        or bool(_IMMEDIATE.search(masked, minutes.start, minutes.end)),
        proposals=tuple(_finish(draft) for draft in drafts),
        statements=_statements(masked, minutes, body),
        reservations=tuple(_reservations(paragraph, drafts)),
        votes=tuple(parse_votes(masked, minutes.start, minutes.end)),
        action_plans=tuple(parse_action_plans(masked, start, end, filename=filename)),
        attachments=tuple(_attachments(paragraph)),
        enclosures=tuple(_enclosure(masked, part) for part in paragraph.enclosures if part.kind != "bilaga"),
        references=tuple(_references(masked, start, end, dnrs)),
        signatories=tuple(_signatories(masked, paragraph)),
        recipients=tuple(_recipients(masked, paragraph)),
        span=(start, start + len(masked[start:end].rstrip())),
        dnrs=dnrs,
        repairs=repairs,
    )


def _identity(
    masked: str, heading: _Heading, glued: re.Match[str] | None, lead: int, minutes: _Part, end: int
) -> tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The title, the paragraph's own Dnr (OCR damage repaired) and the repairs made to read them
    and the § number, each as (as written, repaired); the source text itself is never changed."""
    title_text, title_span = _title(masked, heading.match, glued, end)
    title, title_dnr = _split_title_dnr(title_text)
    written = [title_dnr] if title_dnr else _dnr(masked, lead, heading.match, title_span, minutes)
    dnrs, repairs = _repaired(written)
    if heading.repair:
        repairs.insert(0, heading.repair)
    return title, tuple(dnrs), tuple(repairs)


def _repaired(written: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Each Dnr once, OCR-damaged ones in their repaired form; and the repairs made."""
    dnrs: list[str] = []
    repairs = []
    for value in written:
        mended = dnr_parser.repair_dnr(value)
        if mended:
            repairs.append((value, mended))
        if dnr_parser.normalize_dnr(mended or value) not in {dnr_parser.normalize_dnr(d) for d in dnrs}:
            dnrs.append(mended or value)
    return dnrs, repairs


def _glued_heading(heading: re.Match[str]) -> re.Match[str] | None:
    """A section heading written on the § line itself: "§ 20 Tertialrapport 2, 2017**Beslut**"."""
    glued = _GLUED_HEADING.search(heading["rest"])
    return glued if glued and heading_key(glued["heading"]) else None


def _title(masked: str, heading: re.Match[str], glued: re.Match[str] | None, end: int) -> tuple[str, Span]:
    """The paragraph's title: the rest of the § line, or the first plain line after it."""
    rest = heading["rest"][: glued.start()] if glued else heading["rest"]
    if rest.strip(" \t*#"):
        start = heading.start("rest") + len(rest) - len(rest.lstrip(" \t*"))
        return _clean(rest), (start, heading.start("rest") + len(rest.rstrip(" \t*")))
    for line in lines(masked, heading.end(), end)[:4]:
        if heading_key(line.text) or _dnr_line(line.text):
            continue
        return _clean(line.text), line.span
    return "", (heading.end(), heading.end())


def _split_title_dnr(title: str) -> tuple[str, str | None]:
    """ "Handlingsplan ... 2016-2017 (KS 2016.371)" -> ("Handlingsplan ... 2016-2017", "KS 2016.371")."""
    match = _TITLE_DNR.search(title)
    dnr = match and (match["paren"] or match["labelled"])
    if dnr and _plausible_dnr(dnr):
        return title[: match.start()].strip(), dnr
    return title, None


def _dnr(masked: str, lead: int, heading: re.Match[str], title_span: Span, minutes: _Part) -> list[str]:
    """The case's Dnr as written: a line standing above the §, a "Dnr ..." line under the title
    (either may list several), or the first "dnr ..." the minutes mention (the tjänsteutlåtande
    they present)."""
    for line in lines(masked, lead, heading.start()):
        if _dnr_line(line.text):
            return _dnr_line(line.text)
    for line in lines(masked, title_span[1], minutes.sections[0].end):
        if _dnr_line(line.text):
            return _dnr_line(line.text)
    mention = _DNR_MENTION.search(masked, minutes.start, minutes.end)
    return [mention["dnr"]] if mention else []


def _references(masked: str, start: int, end: int, own: tuple[str, ...]) -> list[ParsedReference]:
    """Dnr cited in the paragraph (OCR-damaged ones too) other than the case's own, each once."""
    found = []
    seen = {dnr_parser.normalize_dnr(dnr) for dnr in own}
    for verbatim, begin, finish in dnr_parser.find_dnrs(masked[start:end]):
        key = dnr_parser.normalize_dnr(verbatim)
        if key not in seen:
            seen.add(key)
            found.append(ParsedReference(verbatim, (start + begin, start + finish)))
    return found


def _clean(value: str) -> str:
    return " ".join(value.replace("**", " ").strip(" \t*#").split())


# ---------------------------------------------------------------------------------------------------
# Parts and sections


def _paragraph(masked: str, heading: re.Match[str], glued: re.Match[str] | None, end: int) -> _Paragraph:
    starts = _enclosure_starts(masked, heading.end(), end)
    minutes_end = starts[0][0] if starts else end
    first = (heading.end(), "decision", glued["heading"]) if glued else None
    minutes = _Part(
        "minutes", heading.start(), minutes_end, _sections(masked, heading.end(), minutes_end, first)
    )
    enclosures = []
    for index, (start, kind) in enumerate(starts):
        limit = starts[index + 1][0] if index + 1 < len(starts) else end
        enclosures.append(_enclosed_part(masked, start, limit, kind))
    return _Paragraph(masked, heading.start(), end, minutes, tuple(enclosures))


def _enclosure_starts(masked: str, start: int, end: int) -> list[tuple[int, str]]:
    """Where enclosed documents begin: a "Tjänsteskrivelse" heading, or a "Bilaga: ..." line that
    opens the attached document itself (not the list of bilagor under the "Bilaga" heading)."""
    found = []
    for line in lines(masked, start, end):
        if heading_key(line.text) == "enclosure":
            found.append((line.start, _enclosure_kind(line.text)))
    listed = _listed_lines(masked, start, end)
    for match in _ATTACHED_DOCUMENT.finditer(masked, start, end):
        if match.start() not in listed:
            found.append((match.start(), "bilaga"))
    return sorted(found)


def _enclosure_kind(line: str) -> str:
    """The document kind as the genre spells it, whatever OCR made of the heading."""
    bare = _clean(line).rstrip(":")
    return next(p for p in SECTION_HEADINGS["enclosure"] if re.fullmatch(fuzzy(p), bare, re.IGNORECASE))


def _listed_lines(masked: str, start: int, end: int) -> set[int]:
    """Start offsets of the lines listed directly under a "Bilaga"/"Bilagor" heading."""
    listed: set[int] = set()
    all_blocks = blocks(masked, start, end)
    for index, block in enumerate(all_blocks[:-1]):
        if heading_key(block.text) == "attachments":
            listed.update(line.start for line in lines(masked, *all_blocks[index + 1].span))
    return listed


def _enclosed_part(masked: str, start: int, limit: int, kind: str) -> _Part:
    sections = _sections(masked, start, limit, None)
    end = limit
    recipients = [s for s in sections if s.key == "recipients"]
    if kind != "bilaga" and recipients:
        # A tjänsteskrivelse closes with its "Ska expedieras till" list; what follows is another document.
        list_blocks = blocks(masked, recipients[-1].start, recipients[-1].end)
        end = list_blocks[0].end if list_blocks else recipients[-1].end
        sections = tuple(_clip(section, end) for section in sections if section.start <= end)
    return _Part(kind, start, end, sections)


def _clip(section: _Section, end: int) -> _Section:
    return _Section(section.key, section.heading, section.start, min(section.end, end))


def _sections(masked: str, start: int, end: int, first: tuple[int, str, str] | None) -> tuple[_Section, ...]:
    """The part's sections in order; the text before the first heading is a section with key None.
    ``first`` is a heading glued to the § line, whose content starts at ``start``."""
    marks = [
        (line.start, line.end, heading_key(line.text), _clean(line.text))
        for line in lines(masked, start, end)
    ]
    marks = [mark for mark in marks if mark[2]]
    if first:
        marks.insert(0, (start, start, first[1], first[2]))
    sections = [_Section(None, "", start, marks[0][0] if marks else end)]
    for index, (_, content_start, key, text) in enumerate(marks):
        section_end = marks[index + 1][0] if index + 1 < len(marks) else end
        sections.append(_Section(key, text, content_start, section_end))
    return tuple(sections)


# ---------------------------------------------------------------------------------------------------
# Body, date, chair, decision points, status


def _body(paragraph: _Paragraph, header: str) -> str | None:
    """The body that minutes the paragraph: a header line naming it, else the decision's subject."""
    named = _header_body(header) or _paragraph_header(paragraph)[0]
    if named:
        return named
    minutes = paragraph.minutes
    for section in minutes.sections_of("procedure") + minutes.sections_of("decision"):
        match = _DECIDING_BODY.search(" ".join(paragraph.text[section.start : section.end].split()))
        if match:
            return _capitalise(match["body"])
    return None


def _header_body(header: str) -> str | None:
    for line in lines(header):
        match = _BODY_LINE.fullmatch(_header_core(line.text))
        if match:
            return _capitalise(" ".join(match["body"].split()))
    return None


def _paragraph_header(paragraph: _Paragraph) -> tuple[str | None, str | None]:
    """A body line followed by a date line inside the paragraph ("Skärholmens stadsdelsnämnd" /
    "2017-09-21", heading a bilaga written for the meeting); (body, date) or (None, None)."""
    found = lines(paragraph.text, paragraph.start, paragraph.end)
    for line, following in zip(found, found[1:], strict=False):
        body = _BODY_LINE.fullmatch(line.text)
        date = _DATE_LINE.fullmatch(following.text)
        if body and not body["date"] and date and parse_swedish_date(date["date"]):
            return _capitalise(" ".join(body["body"].split())), date["date"]
    return None, None


def _date(paragraph: _Paragraph, header: str) -> date | None:
    """The meeting date from the document header or a body header inside the paragraph; never a
    date read from a table, a list of documents or running text."""
    for line in lines(header):
        core = _header_core(line.text)
        match = _BODY_LINE.fullmatch(core) or _DATE_LINE.fullmatch(core)
        if match and match["date"] and parse_swedish_date(match["date"]):
            return parse_swedish_date(match["date"])
    written = _paragraph_header(paragraph)[1]
    return parse_swedish_date(written) if written else None


def _header_core(line: str) -> str:
    """A running header without the municipality before and the banner after the body and date:
    "Nackaby kommun Kommunstyrelsen 2021-06-14 SAMMANTRÄDESPROTOKOLL" -> "Kommunstyrelsen 2021-06-14"."""
    return _HEADER_BANNER.sub("", _HEADER_TOWN.sub("", line))


def _capitalise(value: str) -> str:
    return value[:1].upper() + value[1:]


def _chair(masked: str, minutes: _Part) -> Actor | None:
    """The chair as the minutes name them ("Ordföranden Lorena Delgado (V) ..."), Beslutsgång first."""
    sections = minutes.sections_of("procedure") + list(minutes.sections)
    for section in sections:
        match = _CHAIR.search(masked, section.start, section.end)
        if match:
            actor = parse_actor(match.group(), match.start())
            if actor:
                return Actor(actor.name, actor.party, actor.span, "ordförande")
    return None


def _points_of(masked: str, sections: list[_Section]) -> tuple[str, ...]:
    return _points(masked, sections[0].start, sections[0].end) if sections else ()


def _points(masked: str, start: int, end: int) -> tuple[str, ...]:
    return tuple(point.text for point in _point_blocks(masked, start, end))


def _point_blocks(masked: str, start: int, end: int) -> list[Block]:
    """Numbered points ("1. ...") of the first numbered run in the range, or else its paragraphs up
    to the first line that reads as a heading; text with line breaks folded, spans into the source."""
    run = _numbered_run(masked, start, end)
    if run:
        return run
    found = []
    for block in _joined(blocks(masked, start, end)):
        if found and _heading_like(block):
            break
        found.append(block)
    return found


def _heading_like(block: Block) -> bool:
    # "Handlingsplan för trygghet 2021-2022" after a tjänsteutlåtande's proposal opens another text.
    return len(block.text) < 80 and "\n" not in block.text and not re.search(r"[.:!?;]$", block.text)


def _numbered_run(masked: str, start: int, end: int) -> list[Block]:
    """The items of the first numbered list in the range: a block of "1. ..." lines, continued by
    following blocks only while they go on counting; a wrapped item keeps its continuation lines,
    also those a page break moved to the next page."""
    items: list[Block] = []
    for block in blocks(masked, start, end):
        numbered = list(_NUMBERED.finditer(masked, block.start, block.end))
        first = numbered[0].start() if numbered else block.end
        if first > _line_start(masked, block.start):  # the block opens with unnumbered text
            if not items:
                continue
            if not _carries_on(items[-1].text, masked[block.start : first].strip()):
                break
            items[-1] = _extended(masked, items[-1], first)
        if not numbered:
            continue
        if items and int(numbered[0]["number"]) != len(items) + 1:
            break
        items.extend(_items(masked, numbered, block.end))
    return items


def _extended(masked: str, item: Block, end: int) -> Block:
    raw = masked[item.start : end].rstrip()
    return Block(" ".join(raw.split()), item.start, item.start + len(raw))


def _items(masked: str, numbered: list[re.Match[str]], block_end: int) -> list[Block]:
    ends = [match.start() for match in numbered[1:]] + [block_end]
    found = []
    for match, item_end in zip(numbered, ends, strict=True):
        raw = masked[match.start("item") : item_end].rstrip()
        found.append(Block(" ".join(raw.split()), match.start("item"), match.start("item") + len(raw)))
    return found


def _line_start(masked: str, offset: int) -> int:
    return masked.rfind("\n", 0, offset) + 1


def _carries_on(previous: str, following: str) -> bool:
    """Whether ``following`` goes on with a sentence ``previous`` left open, as when a page break
    cut it: no closing punctuation, and a lower-case start or a comma or function word before the
    cut ("... de boende längs" + "Uddenvägen. ...")."""
    if not previous or not following or previous[-1] in '.:!?;”"':
        return False
    if heading_key(previous) or heading_key(following):
        return False
    return following[:1].islower() or bool(OPEN_ENDING.search(previous))


def _joined(found: list[Block]) -> list[Block]:
    """Blocks with those a page break split joined again (see ``_carries_on``)."""
    joined: list[Block] = []
    for block in found:
        if joined and _carries_on(joined[-1].text, block.text):
            joined[-1] = Block(f"{joined[-1].text} {block.text}", joined[-1].start, block.end)
        else:
            joined.append(block)
    return joined


def _status(points: tuple[str, ...]) -> str:
    """decided, or referred_back / tabled when the decision sends the case back or postpones it."""
    decision = " ".join(points)
    if _REFERRED_BACK.search(decision):
        return "referred_back"
    if _TABLED.search(decision):
        return "tabled"
    return "decided"


# ---------------------------------------------------------------------------------------------------
# Sentences


def _sentences(masked: str, start: int, end: int, *, by_mention: bool = False) -> list[Block]:
    """Sentences of the range (raw text kept, so regex offsets are source offsets); a sentence ends
    at . ! ? or : followed by a capital letter, or at a paragraph break. ``by_mention`` keeps a
    sentence that names nobody with the one before it, so that a yrkande going on over two
    sentences ("... 2016-2017. Samt uppdrar ...") stays one."""
    found: list[Block] = []
    for block in _joined(blocks(masked, start, end)):  # a page break may cut a sentence in two
        pieces = _block_sentences(masked, block)
        for index, piece in enumerate(pieces):
            if by_mention and index and not _opens_mention(piece.text):
                found[-1] = Block(masked[found[-1].start : piece.end], found[-1].start, piece.end)
            else:
                found.append(piece)
    return found


def _block_sentences(masked: str, block: Block) -> list[Block]:
    found = []
    position = block.start
    for stop in re.finditer(r"[.!?:](?=\s+[A-ZÅÄÖ\"”])", masked[block.start : block.end]):
        found.append(Block(masked[position : block.start + stop.end()], position, block.start + stop.end()))
        position = block.start + stop.end()
        position += len(masked[position : block.end]) - len(masked[position : block.end].lstrip())
    found.append(Block(masked[position : block.end], position, block.end))
    return found


_PERSON_WITH_PARTY = re.compile(rf"{_NAME}\s*(?:m\.?\s?fl\.?\s*)?{_PARTY}")
_REFERRING_START = re.compile(
    rf"(?:Hon|Han|De|Hen|{fuzzy('Ordförande')}n?|I\s+(?:yrkandet|detta)|Mot\s+beslutet)\b", re.IGNORECASE
)


def _opens_mention(sentence: str) -> bool:
    return bool(_PERSON_WITH_PARTY.search(sentence) or _REFERRING_START.match(sentence))


def _minutes_sentences(
    paragraph: _Paragraph, keys: tuple[str | None, ...], *, by_mention: bool = False
) -> list[Block]:
    found = []
    for section in paragraph.minutes.sections:
        if section.key in keys:
            found.extend(_sentences(paragraph.text, section.start, section.end, by_mention=by_mention))
    return found


def _group_actors(match: re.Match[str], group: str, sentence: Block) -> list[Actor]:
    """People named in a group of a match made on ``sentence.text``, spans moved into the source."""
    value = match[group]
    return parse_actors(value, sentence.start + match.start(group)) if value else []


# ---------------------------------------------------------------------------------------------------
# Proposals

_PROPOSAL_KEYS = (None, "proposal", "motions", "procedure")
_PRESENTS_VERB = "|".join(fuzzy(verb) for verb in ("anmäler", "anmälde", "lämnar", "lämnade"))
_PRESENTS = re.compile(
    rf"(?P<who>.+?)\s+(?:{_PRESENTS_VERB}(?:\s+in)?|(?:{fuzzy('lägger')}|lade)\s+fram)\s+"
    rf"(?:{fuzzy('för')}\s+(?P<origin>.+?)\s*,?\s+)?(?:som\s+sitt\s+{fuzzy('ersättaryttrande')}\s*,?\s+)?"
    rf"(?:ett\s+)?(?:eget\s+)?{fuzzy('förslag')}\s+till\s+beslut(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_MOTION = re.compile(
    rf"(?P<who>.+?)\s+yrka(?:r|de),?(?:\s+med\s+(?:bifall|{fuzzy('instämmande')}|{fuzzy('stöd')})\s+(?:{fuzzy('från')}|av)\s+"
    rf"(?P<support>.+?)\s*,?)?\s+(?P<what>(?:att|bifall|avslag|{fuzzy('återremiss')}|{fuzzy('bordläggning')})\b.+)",
    re.IGNORECASE | re.DOTALL,
)
_CONCURS = fuzzy("instäm") + "(?:mer|mde|de|t)"  # instämmer, instämde
_CONCUR_AFTER = re.compile(
    rf"I\s+(?:yrkandet|detta|{fuzzy('förslaget')})\s+{_CONCURS}\s+(?P<names>.+?)\.?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_CONCUR_BEFORE = re.compile(rf"(?P<names>.+?)\s+{_CONCURS}\b", re.IGNORECASE | re.DOTALL)
_SUPPORT = re.compile(r"bifall\s+till\s+(?P<ref>[^.]+)", re.IGNORECASE)
_POINT = re.compile(r"att\s+(?P<point>.+?)\s*$", re.IGNORECASE | re.DOTALL)
_FINDS = r"(?:finner|fann)"
_OUTCOMES = (
    re.compile(
        rf"proposition\s+{fuzzy('på')}\s+(?P<ref>.+?)\s+och\s+{_FINDS}\s+att\s+.+?"
        rf"(?:i\s+enlighet\s+{fuzzy('därmed')}|bifall)",
        re.IGNORECASE | re.DOTALL,
    ),
    re.compile(
        rf"{_FINDS}\s+att\s+.+?\s+(?:beslutar|beslutat)\s+(?:i\s+enlighet\s+med|enligt)\s+(?P<ref>[^.]+)",
        re.IGNORECASE | re.DOTALL,
    ),
    re.compile(
        rf"(?:{fuzzy('hör')}|{_FINDS})\s+(?:att\s+.{{0,80}}?\s+)?bifall\s+till\s+(?P<ref>[^.]+)",
        re.IGNORECASE | re.DOTALL,
    ),
    re.compile(rf"{_FINDS}\s+att\s+.{{0,80}}?\s+bifaller\s+(?P<ref>[^.]+)", re.IGNORECASE | re.DOTALL),
    # The result of a vote: "... har kommunstyrelsen beslutat enligt X:s yrkande", "Kommunstyrelsen
    # har således beslutat enligt ...".
    re.compile(
        rf"(?:\bhar\s+{_BODY}|\b{_BODY}\s+har)\s+(?:{fuzzy('därmed')}\s+|{fuzzy('således')}\s+|alltså\s+)?"
        r"beslutat\s+(?:i\s+enlighet\s+med|enligt)\s+(?P<ref>[^.]+)",
        re.IGNORECASE | re.DOTALL,
    ),
)
# "Vinner nej har kommunstyrelsen beslutat enligt ..." states a condition, not an outcome.
_CONDITIONAL = re.compile(r"\bvinner\s+(?:ja|nej)\b|\b(?:ja|nej)-?\s?r\S{1,2}?st\s", re.IGNORECASE)
_OWNER = re.compile(rf"(?P<owner>[\wÅÄÖåäö]+?)s\s+{fuzzy('förslag')}", re.IGNORECASE)


def _proposals(paragraph: _Paragraph, points: tuple[str, ...], status: str) -> list[_Draft]:
    """The proposals of the paragraph in order: the prepared proposal first, then those put
    forward at the meeting, then those of enclosed documents; outcomes from the Beslutsgång."""
    drafts: list[_Draft] = []
    bilagor = [part for part in paragraph.enclosures if part.kind == "bilaga"]
    last: _Draft | None = None
    for sentence in _minutes_sentences(paragraph, _PROPOSAL_KEYS, by_mention=True):
        last = _read_mention(paragraph, sentence, drafts, bilagor) or last
        _read_concurrence(paragraph.text, sentence, last)
    adopted = _adopted(paragraph, drafts)
    drafts.extend(_enclosed_proposals(paragraph))
    ordered = sorted(drafts, key=lambda draft: (not draft.base, draft.enclosed, draft.span[0]))
    _settle(ordered, adopted, points, status)
    return ordered


def _read_mention(
    paragraph: _Paragraph, sentence: Block, drafts: list[_Draft], bilagor: list[_Part]
) -> _Draft | None:
    presents = _PRESENTS.match(sentence.text)
    if presents:
        return _presented(paragraph, sentence, presents, drafts, bilagor)
    motion = _MOTION.match(sentence.text)
    if motion:
        return _motion(paragraph.text, sentence, motion, drafts)
    return None


def _presented(
    paragraph: _Paragraph, sentence: Block, match: re.Match[str], drafts: list[_Draft], bilagor: list[_Part]
) -> _Draft:
    """ "X (L) anmäler för Liberalerna ... ett förslag till beslut enligt bilaga": a group's own
    proposal, its points and authors read from the bilaga when it is enclosed."""
    presenters = _group_actors(match, "who", sentence)
    origin = " ".join(match["origin"].split()) if match["origin"] else None
    draft = _Draft("proposal", origin, sentence.span, authors=list(presenters))
    if re.search("bilaga", match["rest"], re.IGNORECASE) and bilagor:
        _fill_from_bilaga(paragraph.text, draft, bilagor.pop(0), presenters)
    drafts.append(draft)
    return draft


def _fill_from_bilaga(masked: str, draft: _Draft, part: _Part, presenters: list[Actor]) -> None:
    roles = {fold(actor.name): actor.role for actor in presenters}
    authors = [_with_role(actor, roles.get(fold(actor.name))) for actor in _author_lines(masked, part)]
    named = {fold(actor.name) for actor in authors}
    draft.authors = authors + [actor for actor in presenters if fold(actor.name) not in named]
    draft.points = _points_of(masked, part.sections_of("proposal"))
    draft.text = _passage(masked, part.start, part.end)
    draft.span = (part.start, part.end)


def _author_lines(masked: str, part: _Part) -> list[Actor]:
    """Authors written one per line at the head of a bilaga: "Jan Jönsson m fl (L)"."""
    head = part.sections[0]
    found = []
    for line in lines(masked, head.start, head.end):
        if _AUTHOR_LINE.fullmatch(line.text):
            found.extend(parse_actors(line.text, line.start))
    return found


def _with_role(actor: Actor, role: str | None) -> Actor:
    return Actor(actor.name, actor.party, actor.span, role or actor.role)


def _motion(masked: str, sentence: Block, match: re.Match[str], drafts: list[_Draft]) -> _Draft | None:
    """ "X (L) yrkar, med bifall från Y (S), att ...": a motion; "yrkar bifall till ...": support."""
    movers = _group_actors(match, "who", sentence)
    if not movers:
        return None
    backers = _group_actors(match, "support", sentence)
    support = _SUPPORT.match(match["what"])
    if support:
        target = _resolve(support["ref"], drafts) or _base_draft(support["ref"], sentence, drafts)
        if target:
            target.supporters.extend(movers + backers)
        return target
    draft = _Draft("motion", None, sentence.span, authors=movers, supporters=backers)
    draft.points = (_point_text(match["what"]),)
    drafts.append(draft)
    return draft


def _point_text(what: str) -> str:
    point = _POINT.match(what)
    return _capitalise(" ".join((point["point"] if point else what).split()))


def _base_draft(ref: str, sentence: Block, drafts: list[_Draft]) -> _Draft | None:
    """The prepared proposal named by its owner ("förvaltningens förslag"), created at first mention."""
    owner = _OWNER.search(ref)
    if not owner or owner["owner"][:1].isupper() and parse_actors(ref):
        return None
    draft = _Draft("proposal", owner["owner"].lower(), sentence.span, base=True)
    drafts.append(draft)
    return draft


def _read_concurrence(masked: str, sentence: Block, last: _Draft | None) -> None:
    """ "I yrkandet instämmer Y (V) och Z (MP)." adds supporters to the proposal just mentioned."""
    if last is None or _MOTION.match(sentence.text) or _PRESENTS.match(sentence.text):
        return
    match = _CONCUR_AFTER.match(sentence.text) or _CONCUR_BEFORE.match(sentence.text)
    if match:
        last.supporters.extend(_group_actors(match, "names", sentence))


def _resolve(ref: str, drafts: list[_Draft]) -> _Draft | None:
    """The proposal a phrase points at: a person's yrkande, an owner's förslag, a group's bilaga."""
    key = fold(ref)
    for people in (lambda draft: draft.authors, lambda draft: draft.supporters):
        for draft in drafts:
            if any(fold(actor.name) in key for actor in people(draft)):
                return draft
    for draft in drafts:
        if draft.origin and _origin_key(draft.origin) and _origin_key(draft.origin) in _origin_key(ref):
            return draft
    owner = _OWNER.search(ref)
    if owner:
        for draft in drafts:
            if draft.origin and fold(draft.origin).startswith(fold(owner["owner"])):
                return draft
    return None


def _origin_key(value: str) -> str:
    # "Liberalernas och Moderaternas samt Centerpartiet" and "Liberalerna och Moderaterna samt
    # Centerpartiet" name the same group: compare the first word without its genitive s.
    words = fold(value).split()
    return words[0].rstrip("s") if words else ""


def _adopted(paragraph: _Paragraph, drafts: list[_Draft]) -> _Draft | None:
    """The proposal the Beslutsgång says was adopted (the last finding counts)."""
    adopted = None
    for sentence in _minutes_sentences(paragraph, ("procedure",), by_mention=True):
        adopted = _finding(sentence, drafts) or adopted
    return adopted


def _finding(sentence: Block, drafts: list[_Draft]) -> _Draft | None:
    """The proposal one sentence of the Beslutsgång finds adopted; the first form that names one."""
    if _CONDITIONAL.search(sentence.text):
        return None
    for pattern in _OUTCOMES:
        match = pattern.search(sentence.text)
        found = match and (_resolve(match["ref"], drafts) or _base_draft(match["ref"], sentence, drafts))
        if found:
            return found
    return None


def _enclosed_proposals(paragraph: _Paragraph) -> list[_Draft]:
    """ "Förslag till beslut" of an enclosed tjänsteskrivelse: its origin is the document kind."""
    found = []
    for part in paragraph.enclosures:
        if part.kind == "bilaga":
            continue
        for section in part.sections_of("proposal")[:1]:
            points = _point_blocks(paragraph.text, section.start, section.end)
            if points:
                span = (points[0].start, points[-1].end)
                texts = tuple(point.text for point in points)
                found.append(_Draft("proposal", part.kind, span, points=texts, enclosed=True))
    return found


def _settle(drafts: list[_Draft], adopted: _Draft | None, points: tuple[str, ...], status: str) -> None:
    """Outcomes: the adopted one; the others rejected, or sent back / tabled with the case; enclosed
    proposals unknown. A prepared proposal that was adopted carries the decision points."""
    if adopted is None and status != "decided":
        adopted = next((d for d in drafts if d.kind == "motion" and _status(d.points) == status), None)
    for draft in drafts:
        draft.outcome = _outcome(draft, adopted, status)
        if draft is adopted and draft.base and not draft.points:
            draft.points = points


def _outcome(draft: _Draft, adopted: _Draft | None, status: str) -> str:
    if draft.enclosed:
        return "unknown"
    if draft is adopted:
        return "adopted"
    if adopted and draft.kind == "motion":
        return "rejected"  # a motion that lost; only proposals go back or wait with the case
    if status != "decided":
        return status
    return "rejected" if adopted else "unknown"


def _finish(draft: _Draft) -> ParsedProposal:
    return ParsedProposal(
        kind=draft.kind,
        origin=draft.origin,
        authors=tuple(draft.authors),
        supporters=tuple(_unique(draft.supporters)),
        points=draft.points,
        outcome=draft.outcome,
        span=draft.span,
        text=draft.text,
    )


def _unique(actors: list[Actor]) -> list[Actor]:
    seen: set[str] = set()
    kept = []
    for actor in actors:
        if fold(actor.name) not in seen:
            seen.add(fold(actor.name))
            kept.append(actor)
    return kept


# ---------------------------------------------------------------------------------------------------
# Reservations

_RESERVES = re.compile(
    r"(?P<who>.+?)\s+(?:reserverar\s+sig|reserverade\s+sig|"
    + fuzzy("anmäler")
    + r"\s+reservation|"
    + fuzzy("anmälde")
    + r"\s+reservation)(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_RESERVES_AFTER = re.compile(
    rf"Mot\s+beslutet\s+(?:reserverar|reserverade)\s+sig\s+(?P<who>.+?)(?P<rest>(?:\s+till\s+{fuzzy('förmån')}.*)?[.:]?\s*)$",
    re.IGNORECASE | re.DOTALL,
)
_IN_FAVOUR = re.compile(
    rf"till\s+{fuzzy('förmån')}\s+{fuzzy('för')}\s+(?P<favour>.+?)[.:]?\s*$", re.IGNORECASE | re.DOTALL
)
_FOR_PARTY = re.compile(
    rf"^\s*{fuzzy('för')}\s+(?P<party>[A-ZÅÄÖ][\wÅÄÖåäö-]*(?:\s+[\wÅÄÖåäö-]+){{0,3}}?)"
    r"(?=\s+(?:och|med|samt|till|mot)\b|\s*[.,:;]|\s*$)"
)
# How the name of a party not known beforehand ends: "Nackaby Lokalparti", "Ortslistan", "Öpartiet".
_PARTY_NAME_ENDING = re.compile(r"(?:parti|partiet|listan?|alliansen?|demokraterna|erna|arna)$")
_REASON_FOLLOWS = re.compile(
    rf"(?:{fuzzy('följande')}|motivering|{fuzzy('skäl')})\s*[.:]\s*$|:\s*$", re.IGNORECASE
)
_REASON_INLINE = re.compile(
    rf"(?:motivering|{fuzzy('följande')}|{fuzzy('skäl')})\s*:\s*(?P<reason>\S.*)$", re.IGNORECASE | re.DOTALL
)
_OWN = re.compile(r"(?:eget|egna|sitt|sin|partiets|gruppens)\b", re.IGNORECASE)
_STOPS_REASON = ("reservation", "statement", "recipients", "basis", "attachments", "decision", "procedure")


def _reservations(paragraph: _Paragraph, drafts: list[_Draft]) -> list[ParsedReservation]:
    """Each member's reservation, with the proposal it favours and the reason when one is written."""
    found: list[ParsedReservation] = []
    keys = tuple(s.key for s in paragraph.minutes.sections if s.key not in ("matter",))
    sentences = _minutes_sentences(paragraph, keys)
    for index, sentence in enumerate(sentences):
        match = _RESERVES_AFTER.match(sentence.text) or _RESERVES.match(sentence.text)
        if not match:
            continue
        people = _reserving(sentence, match)
        reason, end = _reason(paragraph, sentence, match["rest"], sentences[index + 1 :])
        favour = _IN_FAVOUR.search(match["rest"])
        favour_text = " ".join(favour["favour"].split()) if favour else None
        for person in people:
            target = _favoured(person, favour_text, drafts)
            found.append(ParsedReservation(person, target, favour_text, reason, (sentence.start, end)))
    return found


def _reserving(sentence: Block, match: re.Match[str]) -> list[Actor]:
    people = _group_actors(match, "who", sentence)
    party = _FOR_PARTY.match(match["rest"])
    abbreviation = _party_abbreviation(party["party"]) if party else None
    return [Actor(p.name, p.party or abbreviation, p.span, p.role) for p in people]


def _party_abbreviation(name: str) -> str | None:
    """A known party's abbreviation, or the initials of a local party whose name reads as one
    ("Nackaby Lokalparti" -> "NL"); None for words that name no party ("för Att ...")."""
    abbreviation = party_abbreviation(name)
    if party_name(abbreviation) or _PARTY_NAME_ENDING.search(fold(name)):
        return abbreviation
    return None


def _reason(
    paragraph: _Paragraph, sentence: Block, rest: str, following: list[Block]
) -> tuple[str | None, int]:
    """The written reason: after "motivering:" in the sentence itself, or the paragraphs that follow
    "... och angav följande." up to the next heading or reservation; (reason, end of the passage)."""
    inline = _REASON_INLINE.search(rest)
    if inline:
        return " ".join(inline["reason"].split()), sentence.end
    if not _REASON_FOLLOWS.search(rest):
        return None, sentence.end
    parts: list[Block] = []
    for candidate in following:
        if _RESERVES.match(candidate.text) or _section_at(paragraph, candidate.start) != _section_at(
            paragraph, sentence.start
        ):
            break
        parts.append(candidate)
    if not parts:
        return None, sentence.end
    paragraphs = _joined(blocks(paragraph.text, parts[0].start, parts[-1].end))
    return "\n\n".join(block.text for block in paragraphs), parts[-1].end


def _section_at(paragraph: _Paragraph, offset: int) -> int:
    sections = paragraph.minutes.sections
    return next((i for i, section in enumerate(sections) if section.start <= offset < section.end), -1)


def _favoured(person: Actor, favour: str | None, drafts: list[_Draft]) -> int | None:
    """Index of the proposal a reservation favours: "eget förslag" is the one the member or the
    member's party put forward; otherwise the proposal the phrase names."""
    if not favour:
        return None
    if _OWN.match(favour):
        for test in (_authored_by, _of_party):
            hit = next((i for i, d in enumerate(drafts) if not d.base and test(d, person)), None)
            if hit is not None:
                return hit
        return None
    target = _resolve(favour, drafts)
    return drafts.index(target) if target else None


def _authored_by(draft: _Draft, person: Actor) -> bool:
    return any(fold(actor.name) == fold(person.name) for actor in draft.authors)


def _of_party(draft: _Draft, person: Actor) -> bool:
    if not person.party:
        return False
    if any(actor.party == person.party for actor in draft.authors):
        return True
    full = fold(party_name(person.party)).split()[:1]
    return bool(full and draft.origin and full[0] in fold(draft.origin))


# ---------------------------------------------------------------------------------------------------
# Statements, lists, enclosures


def _statements(masked: str, minutes: _Part, body: str | None) -> tuple[ParsedStatement, ...]:
    """Statements recorded in the minutes. They are read from the minutes alone, so that a body
    listed in an earlier paragraph ("Expedieras till / Kommunfullmäktige") is never their forum."""
    found = parse_statements(masked[minutes.start : minutes.end], default_forum=body)
    return tuple(_moved_statement(statement, minutes.start) for statement in found)


def _moved_statement(statement: ParsedStatement, offset: int) -> ParsedStatement:
    authors = tuple(replace(actor, span=_moved(actor.span, offset)) for actor in statement.authors)
    return replace(statement, authors=authors, span=_moved(statement.span, offset))


def _moved(span: Span, offset: int) -> Span:
    return (span[0] + offset, span[1] + offset)


_LIST_KIND = {"attachments": "bilaga", "basis": "beslutsunderlag"}


def _attachments(paragraph: _Paragraph) -> list[ParsedAttachment]:
    """Bilagor and beslutsunderlag listed in the minutes, then an enclosed document's "Handlingar"
    unless they repeat what is already listed."""
    found: list[ParsedAttachment] = []
    for part in (paragraph.minutes, *paragraph.enclosures):
        for section in part.sections:
            if section.key in _LIST_KIND:
                kind = _list_kind(section)
                for item in _list_items(paragraph.text, section):
                    if not any(_same_title(item.text, known.title) for known in found):
                        found.append(ParsedAttachment(item.text, kind, item.span))
    return found


def _list_kind(section: _Section) -> str:
    if section.key == "basis" and fold(section.heading).startswith("handling"):
        return "handling"
    return _LIST_KIND[section.key or ""]


def _same_title(one: str, other: str) -> bool:
    # Lists are retyped by hand ("våldbejakande" for "våldsbejakande"): nearly equal is equal.
    return difflib.SequenceMatcher(None, fold(one), fold(other)).ratio() > 0.9


def _list_items(masked: str, section: _Section) -> list[Block]:
    """Items of a list section: its numbered lines, or else the lines of its first block."""
    numbered = list(_NUMBERED.finditer(masked, section.start, section.end))
    if numbered:
        return [Block(" ".join(m["item"].split()), m.start("item"), m.end("item")) for m in numbered]
    first = blocks(masked, section.start, section.end)[:1]
    return [
        Block(line.text.strip(), line.start, line.end)
        for block in first
        for line in lines(masked, *block.span)
    ]


def _recipients(masked: str, paragraph: _Paragraph) -> list[str]:
    """Who the decision is sent to ("Expedieras till"), each once."""
    found: list[str] = []
    for part in (paragraph.minutes, *paragraph.enclosures):
        for section in part.sections_of("recipients"):
            for item in _list_items(masked, section):
                if fold(item.text) not in {fold(known) for known in found}:
                    found.append(item.text)
    return found


def _signatories(masked: str, paragraph: _Paragraph) -> list[Actor]:
    """Who signs an enclosed tjänsteskrivelse: a name line with a title line under it."""
    found = []
    for part in paragraph.enclosures:
        if part.kind == "bilaga":
            continue
        for block in blocks(masked, part.start, part.end):
            signature = _signature(masked, block)
            if signature:
                found.append(signature)
    return found


def _signature(masked: str, block: Block) -> Actor | None:
    block_lines = lines(masked, *block.span)
    if not 2 <= len(block_lines) <= 3:
        return None
    name, title = block_lines[0], block_lines[1]
    if (
        not _PERSON_LINE.fullmatch(name.text)
        or not _TITLE_LINE.fullmatch(title.text)
        or heading_key(title.text)
    ):
        return None
    if heading_key(name.text) or _BODY_LINE.fullmatch(title.text):
        return None
    stripped = name.text.strip()
    begin = name.start + name.text.find(stripped)
    return Actor(stripped, None, (begin, begin + len(stripped)), title.text.strip().lower())


def _enclosure(masked: str, part: _Part) -> ParsedEnclosure:
    """An enclosed tjänsteskrivelse/tjänsteutlåtande; its date when a "Datum" line gives one."""
    dated = None
    for line in lines(masked, part.start, part.end)[:6]:
        match = _DATE_LINE.fullmatch(line.text)
        if match and not _BODY_LINE.fullmatch(line.text):
            dated = parse_swedish_date(match["date"])
            break
    return ParsedEnclosure(part.kind, None, dated, (part.start, part.end))


def _passage(masked: str, start: int, end: int) -> str:
    """The text of a range with masked furniture and runs of blank lines squeezed out."""
    kept = [line.rstrip() for line in masked[start:end].split("\n")]
    text = "\n".join(kept).strip()
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"\n[ \t]+\n", "\n\n", text))


__all__ = ["is_protocol", "parse_protocol"]
