"""The Stockholm PM genre (a rotel's PM, an utlåtande): a proposal to a deciding body, presented by
a föredragande borgarråd, with the handling in the preparing and deciding bodies appended.

The shape read here:

    PM Rotel I (Dnr KS 2018/550)                      heading with the Dnr (may be missing)
    Medlemskap i ...                                  title
    Borgarrådsberedningen föreslår att kommunstyrelsen beslutar följande.
    <decision points>
    Föredragande borgarrådet X anför följande.
    Ärendet / Beredning / Mina synpunkter ...
    Jag föreslår att ... beslutar följande. <points>
    Stockholm den 11 april 2018 / X Y (signature)     place and date, signatory
    Bilaga / <attachments>
    Borgarrådsberedningen tillstyrker föredragande borgarrådets förslag.
    <statements>, Kommunstyrelsen <statements>
    Remissammanställning ... "Xs tjänsteutlåtande daterat den 28 mars 2018" ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .actors import parse_actor
from .furniture import mask_furniture
from .statements import STATEMENT_STARTS, Segment, body_name, names_body, parse_statements, segments
from .text import Block, fold, fuzzy, line_number, lines, parse_swedish_date
from .types import Actor, ParsedAttachment, ParsedCase, ParsedEnclosure, ParsedProposal, ParseError

_LINE = r"(?m:^)[ \t]*"
_PM_HEADING = re.compile(_LINE + r"PM\b[^\n]*?(?:\bRotel\b|\bDnr\b)[^\n]*")
_DNR = re.compile(r"\bDnr\.?:?[ \t]*(?P<dnr>[^()\n]*?[^\s()])[ \t]*(?:\)|$)", re.IGNORECASE | re.MULTILINE)
# "<Body> föreslår att <body> beslutar följande." and "Jag föreslår att <body> föreslår att ...".
_PROPOSAL = re.compile(
    _LINE
    + r"(?P<proposer>[A-ZÅÄÖ][^\n.]{0,60}?)\s+"
    + fuzzy("föreslår")
    + r"\s+(?:att\s+)?(?P<chain>[^.]{1,160}?)\s+(?:att\s+)?"
    + fuzzy("besluta")
    + r"r?\s+"
    + fuzzy("följande")
    + r"\s*[.:]",
    re.IGNORECASE,
)
_CHAIN_LINK = re.compile(r"\s+" + fuzzy("föreslår") + r"\s+(?:att\s+)?", re.IGNORECASE)
_PRESENTER = re.compile(
    _LINE
    + fuzzy("föredragande")
    + r"\s+(?P<who>[^\n.]{3,80}?)\s+"
    + fuzzy("anför")
    + r"(?:de)?\s+"
    + fuzzy("följande")
    + r"\s*[.:]?",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    _LINE
    + r"(?P<place>[A-ZÅÄÖ][\w-]*(?:[ \t]+[A-ZÅÄÖ][\w-]*){0,2})[ \t]+(?:den[ \t]+)?"
    + r"(?P<date>\d{1,2}[ \t]+[^\W\d_]+[ \t]+\d{4}|\d{4}-\d{2}-\d{2})[ \t]*$",
    re.MULTILINE,
)
_SIGNATURE = re.compile(
    r"[ \t]*(?P<name>[A-ZÅÄÖÉÜ][A-ZÅÄÖÉÜ0-9'’.-]+(?:[ \t]+[A-ZÅÄÖÉÜ][A-ZÅÄÖÉÜ0-9'’.-]+)+)[ \t]*"
)
_ENDORSEMENT = re.compile(
    _LINE
    + r"(?P<body>[A-ZÅÄÖ][^\n.]{0,60}?)\s+(?P<verb>"
    + fuzzy("tillstyrker")
    + "|"
    + fuzzy("avstyrker")
    + r")\s+"
    + fuzzy("föredragande"),
    re.IGNORECASE,
)
_DECISION_WORD = re.compile(fuzzy("beslut"), re.IGNORECASE)
_MATTER_HEADING = re.compile(fuzzy("ärendet"), re.IGNORECASE)
_ATTACHMENT_HEADING = re.compile(
    r"[ \t]*(?:"
    + fuzzy("bilagor")
    + "|"
    + fuzzy("bilaga")
    + r")(?:[ \t]+\d+)?[ \t]*(?::[ \t]*(?P<title>\S.*))?",
    re.IGNORECASE,
)
_ENCLOSURE_KINDS = ("tjänsteutlåtande", "tjänsteskrivelse", "remissvar", "yttrande")
# "Stadsledningskontorets tjänsteutlåtande daterat den 28 mars 2018", "Tekniska nämndens yttrande
# daterat 2021-03-02": the author is the genitive, with a leading adjective ("Tekniska") kept.
_ENCLOSURE = re.compile(
    r"(?P<author>(?:[A-ZÅÄÖ][\w-]*a[ \t]+)?[^\W\d_][\w-]*?)s\s+(?i:(?P<kind>"
    + "|".join(fuzzy(kind) for kind in _ENCLOSURE_KINDS)
    + r"))\s+(?i:"
    + fuzzy("daterat")
    + "|"
    + fuzzy("daterad")
    + r")\s+(?:den\s+)?(?P<date>\d{1,2}\s+[^\W\d_]+\s+\d{4}|\d{4}-\d{2}-\d{2})",
)
_POINT_MARKER = re.compile(r"[ \t]*(?:\d{1,2}[.)]|[a-zåäö][)]|[-–•])[ \t]+")
_STRUCTURE = (_PROPOSAL, _PRESENTER, _ENDORSEMENT)
_SIGNATORY_ROLE = "undertecknare"


@dataclass(frozen=True)
class _Landmarks:
    """The sentences and lines that give a PM its shape (any may be missing)."""

    top: re.Match[str] | None  # the proposal to the deciding body
    own: re.Match[str] | None  # "Jag föreslår att ..."
    presenter: re.Match[str] | None
    date_line: re.Match[str] | None

    @property
    def top_end(self) -> int:
        """Where the head of the PM (title, proposal, presenter) ends."""
        ends = [match.end() for match in (self.top, self.presenter) if match]
        return max(ends, default=0)


def is_pm(text: str) -> bool:
    """True for the PM/utlåtande genre: a "PM Rotel ..." heading, a proposal such as
    "Borgarrådsberedningen föreslår att kommunstyrelsen beslutar följande." or a
    "Föredragande borgarrådet X anför följande." line."""
    return bool(_PM_HEADING.search(text) or _top_proposal(text) or _PRESENTER.search(text))


def parse_pm(text: str, *, filename: str = "") -> ParsedCase:
    """Read a PM into a ParsedCase: title, Dnr, bodies, date, presenter, decision points, status,
    summary, the presenter's proposal, statements, attachments, enclosures and signatories.

    Raises ParseError (naming file and line) when the text is no PM or has no title.
    """
    masked = mask_furniture(text)
    if not is_pm(masked):
        raise ParseError(
            "inget PM: varken PM-rubrik, beslutsförslag eller föredragande", filename=filename, line=1
        )
    marks = _landmarks(masked)
    title = _title(masked, marks, filename)
    points, _ = _points_after(masked, marks.top or marks.own)
    preparing, body = _bodies(masked, marks.top or marks.own)
    presenter = _presenter(marks.presenter)
    statements_start = marks.date_line.end() if marks.date_line else marks.top_end
    statements = parse_statements(masked, statements_start, default_forum=preparing)
    return ParsedCase(
        title=title,
        dnr=_dnr(masked, marks),
        kind="pm",
        body=body,
        preparing_body=preparing,
        date=parse_swedish_date(marks.date_line["date"]) if marks.date_line else None,
        paragraph=None,
        status=_status(masked, marks, body),
        presenter=presenter,
        chair=None,
        decision_points=points,
        summary=_summary(masked),
        proposals=_proposals(masked, marks, presenter, points, preparing),
        statements=tuple(statements),
        attachments=tuple(_attachments(masked)),
        enclosures=tuple(_enclosures(masked)),
        signatories=tuple(_signatories(masked, marks.date_line)),
        span=(0, len(text)),
    )


def _landmarks(text: str) -> _Landmarks:
    top = _top_proposal(text)
    presenter = _PRESENTER.search(text)
    after_head = max((m.end() for m in (top, presenter) if m), default=0)
    own = next((m for m in _PROPOSAL.finditer(text, after_head) if _is_own(m)), None)
    date_line = _date_line(text, own.end() if own else after_head)
    return _Landmarks(top=top, own=own, presenter=presenter, date_line=date_line)


def _date_line(text: str, start: int) -> re.Match[str] | None:
    """The first place-and-date line after ``start``: "Stockholm den 11 april 2018"."""
    return next((m for m in _DATE_LINE.finditer(text, start) if parse_swedish_date(m["date"])), None)


def _top_proposal(text: str) -> re.Match[str] | None:
    """The first proposal sentence that is a body's, not the presenter's own ("Jag föreslår")."""
    return next((m for m in _PROPOSAL.finditer(text) if not _is_own(m)), None)


def _is_own(proposal: re.Match[str]) -> bool:
    return fold(proposal["proposer"]) == "jag"


def _title(text: str, marks: _Landmarks, filename: str) -> str:
    """The last paragraph before the proposal (or presenter line), leaving out heading and Dnr lines."""
    anchor = marks.top or marks.presenter
    groups = _head_groups(text, anchor.start() if anchor else len(text))
    if not groups:
        line = line_number(text, anchor.start() if anchor else 0)
        raise ParseError("PM utan rubrik (ärendets titel saknas)", filename=filename, line=line)
    chosen = groups[-1] if anchor else groups[0]
    return " ".join(" ".join(line.text.split()) for line in chosen)


def _head_groups(text: str, end: int) -> list[list[Block]]:
    """The lines before ``end`` in blank-line separated groups, without heading and Dnr lines."""
    groups: list[list[Block]] = []
    previous: Block | None = None
    for line in lines(text, 0, end):
        if _PM_HEADING.fullmatch(line.text) or _DNR.fullmatch(line.text.strip()):
            previous = None
            continue
        if previous is None or text.count("\n", previous.end, line.start) > 1:
            groups.append([])
        groups[-1].append(line)
        previous = line
    return groups


def _dnr(text: str, marks: _Landmarks) -> str | None:
    """The Dnr written in the head of the PM ("(Dnr KS 2018/550)"), verbatim; None when missing."""
    anchor = marks.top or marks.presenter
    match = _DNR.search(text, 0, anchor.start() if anchor else len(text))
    return match["dnr"].strip() if match else None


def _bodies(text: str, proposal: re.Match[str] | None) -> tuple[str | None, str | None]:
    """(preparing body, deciding body) from "X föreslår att [Y föreslår att] Z beslutar följande"."""
    if proposal is None:
        return None, None
    links = _CHAIN_LINK.split(proposal["chain"])
    proposer = links[0] if _is_own(proposal) and len(links) > 1 else proposal["proposer"]
    return _capitalised(body_name(proposer, text)), _capitalised(body_name(links[-1], text))


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def _presenter(match: re.Match[str] | None) -> Actor | None:
    """The föredragande, with role "föredragande <title>" ("föredragande borgarråd")."""
    if match is None:
        return None
    actor = parse_actor(match["who"], match.start("who"))
    if actor is None:
        return None
    role = f"föredragande {actor.role}" if actor.role else "föredragande"
    return Actor(name=actor.name, party=actor.party, span=actor.span, role=role)


def _points_after(text: str, proposal: re.Match[str] | None) -> tuple[tuple[str, ...], int]:
    """The decision points after a proposal sentence, one per paragraph or numbered line, up to
    the next heading or structural sentence; and where the last one ends."""
    if proposal is None:
        return (), 0
    points: list[str] = []
    end = proposal.end()
    for segment in segments(text, proposal.end(), structural=_STRUCTURE):
        if segment.kind != "text":
            break
        points.extend(_split_points(segment))
        end = segment.end
    return tuple(points), end


def _split_points(segment: Segment) -> list[str]:
    """A paragraph may hold several points: numbered lines, or lines that each end a sentence."""
    groups: list[list[str]] = []
    for line in segment.lines:
        previous = groups[-1][-1] if groups else ""
        starts_point = _POINT_MARKER.match(line.text) or (
            previous.endswith(".") and line.text.lstrip()[:1].isupper()
        )
        if not groups or starts_point:
            groups.append([])
        groups[-1].append(line.text)
    return [" ".join(_POINT_MARKER.sub("", " ".join(group), count=1).split()) for group in groups]


def _status(text: str, marks: _Landmarks, body: str | None) -> str:
    """Decided when the deciding body's own heading follows the signature with statements or a
    decision under it; else prepared."""
    if body is None or marks.date_line is None:
        return "prepared"
    layout = segments(text, marks.date_line.end(), structural=_STRUCTURE)
    for index, segment in enumerate(layout[:-1]):
        if _is_body_heading(segment, body, text) and _records_handling(layout[index + 1]):
            return "decided"
    return "prepared"


def _is_body_heading(segment: Segment, body: str, text: str) -> bool:
    return (
        segment.kind == "heading"
        and names_body(segment.text)
        and fold(body_name(segment.text, text)) == fold(body)
    )


def _records_handling(segment: Segment) -> bool:
    return segment.kind == "structural" or bool(_DECISION_WORD.search(segment.text))


def _summary(text: str) -> str | None:
    """The first paragraph under the first "Ärendet" heading."""
    layout = segments(text, structural=_STRUCTURE)
    for index, segment in enumerate(layout):
        if segment.kind == "heading" and _MATTER_HEADING.fullmatch(segment.text):
            following = layout[index + 1] if index + 1 < len(layout) else None
            return following.text if following and following.kind == "text" else None
    return None


def _proposals(
    text: str, marks: _Landmarks, presenter: Actor | None, points: tuple[str, ...], preparing: str | None
) -> tuple[ParsedProposal, ...]:
    """The presenter's proposal, adopted when the preparing body endorses it ("tillstyrker")."""
    passage = marks.own or marks.top
    if passage is None or not points:
        return ()
    _, end = _points_after(text, passage)
    title = presenter.role.removeprefix("föredragande").strip() if presenter else ""
    proposal = ParsedProposal(
        kind="proposal",
        origin=f"föredragande {_definite(title)}".strip() if presenter else None,
        authors=(presenter,) if presenter else (),
        supporters=(),
        points=points,
        outcome=_outcome(text, preparing),
        span=(passage.start("proposer"), end),
    )
    return (proposal,)


def _definite(title: str) -> str:
    # The presenter's title in the definite form the genre writes: "borgarråd" -> "borgarrådet".
    return f"{title}et" if title.endswith("råd") else title


def _outcome(text: str, preparing: str | None) -> str:
    for match in _ENDORSEMENT.finditer(text):
        if preparing is None or fold(body_name(match["body"], text)) == fold(preparing):
            endorses = re.fullmatch(fuzzy("tillstyrker"), match["verb"], re.IGNORECASE)
            return "adopted" if endorses else "rejected"
    return "pending"


def _attachments(text: str) -> list[ParsedAttachment]:
    """The lines under a "Bilaga"/"Bilagor" heading (or "Bilaga 1: title" lines)."""
    found = []
    all_lines = lines(text)
    for index, line in enumerate(all_lines):
        heading = _ATTACHMENT_HEADING.fullmatch(line.text)
        if heading and heading["title"]:
            found.append(_attachment(heading["title"], line.start + heading.start("title")))
        elif heading:
            found.extend(_attachment(item.text, item.start) for item in _listed_after(text, all_lines, index))
    return found


def _listed_after(text: str, all_lines: list[Block], index: int) -> list[Block]:
    """The lines of the block that follows a heading line: its own block, else the next one."""
    items: list[Block] = []
    for previous, line in zip(all_lines[index:], all_lines[index + 1 :], strict=False):
        gap = text.count("\n", previous.end, line.start) > 1
        if (gap and items) or any(p.match(text, line.start) for p in (*_STRUCTURE, *STATEMENT_STARTS)):
            break
        items.append(line)
    return items


def _attachment(written: str, start: int) -> ParsedAttachment:
    """One listed attachment, its numbering ("1. ") left out of title and span."""
    marker = _POINT_MARKER.match(written)
    skip = marker.end() if marker else len(written) - len(written.lstrip())
    title = written[skip:].rstrip()
    return ParsedAttachment(title=title, kind="bilaga", span=(start + skip, start + skip + len(title)))


def _enclosures(text: str) -> list[ParsedEnclosure]:
    """Quoted documents: "Stadsledningskontorets tjänsteutlåtande daterat den 28 mars 2018"."""
    found = []
    for match in _ENCLOSURE.finditer(text):
        kind = next(k for k in _ENCLOSURE_KINDS if re.fullmatch(fuzzy(k), match["kind"], re.IGNORECASE))
        date = parse_swedish_date(match["date"])
        author = _capitalised(" ".join(match["author"].split()))
        found.append(ParsedEnclosure(kind=kind, author=author, date=date, span=match.span()))
    return found


def _signatories(text: str, date_line: re.Match[str] | None) -> list[Actor]:
    """The upper-case name lines right after the place-and-date line."""
    if date_line is None:
        return []
    found = []
    for line in lines(text, date_line.end()):
        match = _SIGNATURE.fullmatch(line.text)
        if not match:
            break
        start = line.start + match.start("name")
        found.append(
            Actor(
                name=match["name"], party=None, span=(start, start + len(match["name"])), role=_SIGNATORY_ROLE
            )
        )
    return found
