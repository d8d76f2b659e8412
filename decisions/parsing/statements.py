"""Recorded statements that are not dissent: särskilt uttalande/yttrande, ersättaryttrande,
protokollsanteckning.

A statement is introduced by a sentence ("Särskilt uttalande gjordes av A (M) och B (L) enligt
följande.", "Ersättaryttrande gjordes X (KD) med hänvisning till ...", "X (S) lät anteckna följande
till protokollet.") or by a heading line ("Protokollsanteckning"). It belongs to the forum named by the
nearest body heading above it ("Kommunstyrelsen") or by a sentence such as "Borgarrådsberedningen
tillstyrker ...". The module also holds the layout reading the PM parser shares: ``segments`` splits a
text into headings, structural sentences and paragraphs, and ``body_name`` cleans an OCR-damaged body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .actors import parse_actors
from .furniture import mask_furniture
from .text import Block, fold, fuzzy, lines
from .types import Actor, ParsedStatement

_KIND_OF_LABEL = (
    ("särskilt uttalande", "special_statement"),
    ("särskilt yttrande", "special_statement"),
    ("ersättaryttrande", "substitute_statement"),
    ("protokollsanteckning", "minutes_note"),
)
_MINUTES_NOTE_LABEL = "Protokollsanteckning"  # the term, for a note written without one


def _alternatives(*phrases: str) -> str:
    return "(?:" + "|".join(fuzzy(phrase) for phrase in phrases) + ")"


# A statement sentence starts a line; a phrase like "särskilda uttalande i ..." mid-sentence is a
# reference to one, not a statement.
_LINE_START = r"(?:^|(?<=\n))[ \t]*"
_LABEL = "(?P<label>" + _alternatives(*(label for label, _ in _KIND_OF_LABEL)) + ")"
_FOLLOWING = r"\s+" + fuzzy("enligt följande") + r"\s*[.:]?"
_REFERENCE = r"\s+" + fuzzy("med hänvisning till")
_INTRO = re.compile(
    _LINE_START
    + _LABEL
    + r"\s+"
    + _alternatives("gjordes", "lämnades", "anfördes", "avgavs")
    + r"(?:\s+av)?\s+(?P<who>[^.:]+?)"
    + rf"(?P<end>(?P<following>{_FOLLOWING})|(?P<reference>{_REFERENCE})|\s*[.:](?=\s|$))",
    re.IGNORECASE,
)
_NOTE = re.compile(
    _LINE_START
    + r"(?P<who>[A-ZÅÄÖ][^.:\n]*?)\s+"
    + fuzzy("lät anteckna")
    + r"\s+(?:"
    + fuzzy("följande")
    + r"\s+)?"
    + fuzzy("till protokollet")
    + r"(?:\s+"
    + fuzzy("för")
    + r"\s+[^.:\n]+?)?\s*[.:]",
    re.IGNORECASE,
)
_LABEL_HEADING = re.compile(r"[ \t]*" + _LABEL + r"[ \t]*:?[ \t]*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<!\bm)(?<!\bfl)(?<!\bbl\.a)(?<!\bt\.ex)\.(?=\s|$)")

# The endings of the genre's body names. OCR may damage å/ä/ö, so they are matched with fuzzy().
_BODY_ENDINGS = (
    "beredningen",
    "beredning",
    "styrelsen",
    "styrelse",
    "fullmäktige",
    "nämnden",
    "nämnd",
    "utskottet",
    "utskott",
    "presidiet",
)
# Clean spellings of the body words that carry å/ä/ö, to repair "Borgarradsberedningen".
_CLEAN_BODY_WORDS = ("borgarrådsberedningen", "fullmäktige", "nämnden", "nämnd")
_BODY_NAME = (
    r"(?=[A-ZÅÄÖ])(?:(?:[A-ZÅÄÖ][\w-]*|och)[ \t]+){0,2}?[\w-]*?(?i:" + _alternatives(*_BODY_ENDINGS) + r")"
)
_BODY_HEADING = re.compile(_BODY_NAME + r"[ \t]*:?")
# "Borgarrådsberedningen tillstyrker ...": the statements after it were made in that body.
_BODY_SENTENCE = re.compile(
    _LINE_START
    + rf"(?P<body>{_BODY_NAME})(?:[ \t]+\n?|\n)[ \t]*"  # one line break at most: not past a heading
    + "(?i:"
    + _alternatives("tillstyrker", "avstyrker", "beslutade", "beslöt")
    + r")\b"
)
_RESERVATION = re.compile(
    _LINE_START + fuzzy("reservation") + r"\s+" + _alternatives("anfördes", "lämnades", "gjordes"),
    re.IGNORECASE,
)
_REFERRED_KINDS = (
    (re.compile(fuzzy("särskild"), re.IGNORECASE), "special_statement"),
    (re.compile(fuzzy("ersättaryttrande"), re.IGNORECASE), "substitute_statement"),
    (re.compile(fuzzy("protokollsanteckning"), re.IGNORECASE), "minutes_note"),
)
STATEMENT_STARTS = (_INTRO, _NOTE, _BODY_SENTENCE, _RESERVATION)

_TERMINAL = ".:!?;”\"'"
_HEADING_WORDS = 6
_HEADING_CHARS = 70
# A page break after one of these words cut a sentence, whatever case the next page starts in.
_FUNCTION_WORDS = frozenset(
    "att och i for till med som av pa en ett den det de om samt eller fran vid mot under inom".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Segment:
    """A unit of the layout: a heading line, a structural sentence or a paragraph, with its lines."""

    kind: str  # heading | structural | text
    lines: tuple[Block, ...]

    @property
    def start(self) -> int:
        """Offset of the first line in the source."""
        return self.lines[0].start

    @property
    def end(self) -> int:
        """Offset just past the last line in the source."""
        return self.lines[-1].end

    @property
    def text(self) -> str:
        """The segment with its whitespace collapsed."""
        return " ".join(" ".join(line.text.split()) for line in self.lines)


def segments(
    text: str, start: int = 0, end: int | None = None, *, structural: Sequence[re.Pattern[str]] = ()
) -> list[Segment]:
    """Split ``text[start:end]`` into headings, structural sentences and paragraphs.

    Pass text whose page furniture is masked (``furniture.mask_furniture``). A heading is a short
    line on its own; a structural sentence is a line where one of ``structural`` (or a statement,
    body or reservation sentence) matches. Paragraphs split by a page break mid-sentence are joined.
    """
    patterns = (*STATEMENT_STARTS, *structural)
    found: list[Segment] = []
    previous: Block | None = None
    for line in lines(text, start, end):
        gap = previous is None or text.count("\n", previous.end, line.start) > 1
        kind = _line_kind(text, line, found, gap, patterns)
        if kind == "text" and not gap and _open(found):
            found[-1] = Segment(found[-1].kind, (*found[-1].lines, line))
        else:
            found.append(Segment(kind, (line,)))
        previous = line
    return _join_page_breaks(found)


def _line_kind(
    text: str, line: Block, found: list[Segment], gap: bool, patterns: Sequence[re.Pattern[str]]
) -> str:
    if any(pattern.match(text, line.start) for pattern in patterns):
        return "structural"
    # A short line that continues an unfinished sentence is the tail of a wrapped line, no heading.
    follows_break = gap or found[-1].kind == "heading" or _ends_sentence(found[-1].lines[-1].text)
    return "heading" if follows_break and is_heading_shaped(line.text) else "text"


def _open(found: list[Segment]) -> bool:
    """Whether the last segment takes the next line: a paragraph, or an unfinished structural sentence."""
    if not found or found[-1].kind == "heading":
        return False
    return found[-1].kind == "text" or not _ends_sentence(found[-1].lines[-1].text)


def _join_page_breaks(found: list[Segment]) -> list[Segment]:
    joined: list[Segment] = []
    for segment in found:
        previous = joined[-1] if joined else None
        if previous and segment.kind == "text" and _continues(previous, segment):
            joined[-1] = Segment(previous.kind, (*previous.lines, *segment.lines))
        else:
            joined.append(segment)
    return joined


def _continues(previous: Segment, following: Segment) -> bool:
    if previous.kind == "heading" or _ends_sentence(previous.text):
        return False
    last_word = fold(previous.text.split()[-1])
    return following.text[:1].islower() or last_word in _FUNCTION_WORDS


def _ends_sentence(value: str) -> bool:
    value = value.rstrip()
    return bool(value) and value[-1] in _TERMINAL


def is_heading_shaped(line: str) -> bool:
    """A short line starting with a capital and ending without punctuation: "Ärendet",
    "Kommunstyrelsen", "Stockholm den 11 april 2018"."""
    bare = line.strip()
    return (
        bool(bare)
        and bare[0].isupper()
        and len(bare) <= _HEADING_CHARS
        and len(bare.split()) <= _HEADING_WORDS
        and bare[-1] not in _TERMINAL + ","
    )


def names_body(line: str) -> bool:
    """Whether ``line`` is nothing but the name of a body: "Kommunstyrelsen",
    "Kommunstyrelsens arbetsutskott", "Borgarradsberedningen" (OCR)."""
    return bool(_BODY_HEADING.fullmatch(line.strip()))


def body_name(written: str, text: str = "") -> str:
    """The clean spelling of a body named in ``text``: a spelling with å/ä/ö used elsewhere in the
    text when one folds alike, else the genre's word repaired ("Borgarradsberedningen" ->
    "Borgarrådsberedningen"), else as written. The first letter keeps its case."""
    clean_words = _diacritic_words(text)
    words = [_clean_word(word, clean_words) for word in written.strip().rstrip(":").split()]
    return " ".join(words)


def _diacritic_words(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for word in re.findall(r"[^\W\d_]*[åäöÅÄÖ][^\W\d_]*", text):
        found.setdefault(fold(word), word)
    return found


def _clean_word(word: str, clean_words: dict[str, str]) -> str:
    clean = clean_words.get(fold(word)) or next(
        filter(None, (_repaired(word, w) for w in _CLEAN_BODY_WORDS)), word
    )
    first = clean[0].upper() if word[0].isupper() else clean[0].lower()
    return first + clean[1:]


def _repaired(word: str, clean: str) -> str | None:
    match = re.fullmatch(r"(?P<stem>.*?)" + fuzzy(clean), word, re.IGNORECASE)
    return match["stem"] + clean if match else None


def parse_statements(
    text: str, start: int = 0, end: int | None = None, *, default_forum: str | None = None
) -> list[ParsedStatement]:
    """Every statement in ``text[start:end]``, in order, with authors, forum and text.

    ``forum`` is the nearest body heading (or "Body tillstyrker ..." sentence) above the statement,
    else ``default_forum``. ``refers_to`` is the index of the earlier statement that a "med
    hänvisning till ... särskilda uttalande i borgarrådsberedningen" points to.
    """
    masked = mask_furniture(text)
    end = len(masked) if end is None else end
    layout = segments(masked, 0, end)
    found = sorted(
        [*_introduced(masked, layout, start, end), *_notes(masked, layout, start, end)],
        key=lambda item: item[0].span[0],
    )
    marks = _forum_marks(masked, layout)
    result: list[ParsedStatement] = []
    for statement, reference in found:
        forum = _forum_at(marks, statement.span[0], default_forum)
        result.append(replace(statement, forum=forum, refers_to=_refers_to(reference, result, masked)))
    return result


# A statement before its forum and reference are known, with the "med hänvisning till ..." sentence.
_Found = tuple[ParsedStatement, str | None]


def _introduced(text: str, layout: list[Segment], start: int, end: int) -> list[_Found]:
    found = []
    for match in _INTRO.finditer(text, start, end):
        authors = tuple(parse_actors(match["who"], match.start("who")))
        if match["reference"]:
            body, text_end = _reference_sentence(text, match.start("reference"), end)
        else:
            body, text_end = _following_paragraphs(layout, match.end())
        statement = _statement(match["label"], match.start("label"), authors, body, text_end)
        found.append((statement, body if match["reference"] else None))
    return found


def _notes(text: str, layout: list[Segment], start: int, end: int) -> list[_Found]:
    """Protokollsanteckningar: "X (S) lät anteckna följande till protokollet." under an optional
    "Protokollsanteckning" heading, and headings over a plain paragraph."""
    found = []
    for index, segment in enumerate(layout):
        if not start <= segment.start < end:
            continue
        heading = _label_heading(segment)
        note = _NOTE.match(text, segment.start) if segment.kind == "structural" else None
        if note and not _label_heading(layout[index - 1] if index else None):
            found.append(_note(text, layout, note, None))
        elif heading and index + 1 < len(layout):
            found.extend(_headed(text, layout, segment, layout[index + 1], heading))
    return found


def _headed(
    text: str, layout: list[Segment], heading: Segment, following: Segment, label: str
) -> list[_Found]:
    note = _NOTE.match(text, following.start) if following.kind == "structural" else None
    if note:
        return [_note(text, layout, note, heading)]
    if following.kind != "text":
        return []  # a heading over a statement sentence: the sentence is the statement
    body, text_end = _following_paragraphs(layout, heading.end)
    return [(_statement(label, heading.start, (), body, text_end), None)]


def _note(text: str, layout: list[Segment], note: re.Match[str], heading: Segment | None) -> _Found:
    authors = tuple(parse_actors(note["who"], note.start("who")))
    body, text_end = _following_paragraphs(layout, note.end())
    if heading is None:
        return (_statement(_MINUTES_NOTE_LABEL, note.start("who"), authors, body, text_end), None)
    label = _label_heading(heading) or _MINUTES_NOTE_LABEL
    return (_statement(label, heading.start, authors, body, text_end), None)


def _label_heading(segment: Segment | None) -> str | None:
    if segment is None or segment.kind != "heading":
        return None
    match = _LABEL_HEADING.fullmatch(segment.lines[0].text)
    return match["label"] if match else None


def _statement(label: str, start: int, authors: tuple[Actor, ...], body: str, end: int) -> ParsedStatement:
    return ParsedStatement(
        kind=_kind_of(label), label=label, forum=None, authors=authors, text=body, span=(start, end)
    )


def _kind_of(label: str) -> str:
    for written, kind in _KIND_OF_LABEL:
        if re.fullmatch(fuzzy(written), label, re.IGNORECASE):
            return kind
    return "minutes_note"  # the label given to a note written without one


def _reference_sentence(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence from "med hänvisning" to its full stop, whitespace collapsed, and its end."""
    start = start + len(text[start:]) - len(text[start:].lstrip())
    stop = _SENTENCE_END.search(text, start, end)
    sentence_end = stop.end() if stop else end
    return " ".join(text[start:sentence_end].split()), sentence_end


def _following_paragraphs(layout: list[Segment], start: int) -> tuple[str, int]:
    """The paragraphs after ``start`` up to the next heading or structural sentence."""
    paragraphs: list[Segment] = []
    for segment in layout:
        if segment.start < start:
            continue
        if segment.kind != "text":
            break
        paragraphs.append(segment)
    end = paragraphs[-1].end if paragraphs else start
    return "\n\n".join(p.text for p in paragraphs), end


def _forum_marks(text: str, layout: list[Segment]) -> list[tuple[int, str]]:
    """Where each forum begins: body headings and "Body tillstyrker ..." sentences."""
    marks = []
    for segment in layout:
        if segment.kind == "heading" and names_body(segment.text):
            marks.append((segment.start, body_name(segment.text, text)))
        elif segment.kind == "structural" and (sentence := _BODY_SENTENCE.match(text, segment.start)):
            marks.append((segment.start, body_name(sentence["body"], text)))
    return marks


def _forum_at(marks: list[tuple[int, str]], offset: int, default: str | None) -> str | None:
    above = [name for start, name in marks if start < offset]
    return above[-1] if above else default


def _referred_forum(sentence: str) -> str | None:
    """The body in "... särskilda uttalande i borgarrådsberedningen.", if the sentence names one."""
    for match in reversed(list(re.finditer(r"\bi\s+", sentence))):
        candidate = sentence[match.end() :].rstrip(" .")
        if names_body(candidate[:1].upper() + candidate[1:]):
            return candidate
    return None


def _referred_kind(sentence: str) -> str | None:
    """The kind of statement a reference names: "särskilda uttalande" -> special_statement."""
    for pattern, kind in _REFERRED_KINDS:
        if pattern.search(sentence):
            return kind
    return None


def _refers_to(reference: str | None, earlier: list[ParsedStatement], text: str) -> int | None:
    """The latest earlier statement made in the forum the reference names, of the kind it names
    when one of that kind exists there."""
    forum = _referred_forum(reference) if reference else None
    if forum is None:
        return None
    key = fold(body_name(forum, text))
    in_forum = [i for i, statement in enumerate(earlier) if statement.forum and fold(statement.forum) == key]
    kind = _referred_kind(reference)
    of_kind = [i for i in in_forum if earlier[i].kind == kind]
    chosen = of_kind or in_forum
    return chosen[-1] if chosen else None
