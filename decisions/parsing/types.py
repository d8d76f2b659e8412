"""What the parser returns: plain frozen dataclasses, no database.

Every extracted item carries ``span``: the (start, end) character offsets of the passage in the
source text it was read from, so that a page can show and highlight that passage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

Span = tuple[int, int]


class ParseError(ValueError):
    """The text cannot be read as a document of this genre; names the file and the line."""

    def __init__(self, message: str, *, filename: str = "", line: int | None = None):
        self.filename = filename
        self.line = line
        where = filename or "<text>"
        if line is not None:
            where = f"{where}, rad {line}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Actor:
    """A person as named at one appearance, with the party given there (abbreviation as written)."""

    name: str
    party: str | None
    span: Span
    role: str | None = None  # e.g. "borgarråd", "ordförande", "vice ordförande", "supporter"


@dataclass(frozen=True)
class ParsedProposal:
    """A proposal for a decision: förslag till beslut, yrkande."""

    kind: str  # "proposal" (förslag till beslut) | "motion" (yrkande)
    origin: str | None  # who put it forward, as written: "förvaltningen", "Liberalerna och ..."
    authors: tuple[Actor, ...]
    supporters: tuple[Actor, ...]
    points: tuple[str, ...]
    outcome: str  # adopted | rejected | partly_adopted | referred_back | tabled | withdrawn | ...
    span: Span
    text: str = ""  # the whole passage, when it carries more than the points


@dataclass(frozen=True)
class ParsedStatement:
    """A recorded statement that is not dissent: särskilt uttalande/yttrande, ersättaryttrande,
    protokollsanteckning."""

    kind: str  # special_statement | substitute_statement | minutes_note
    label: str  # the Swedish term as written, e.g. "Särskilt uttalande"
    forum: str | None  # the body where it was made: "Borgarrådsberedningen", "Kommunstyrelsen"
    authors: tuple[Actor, ...]
    text: str
    span: Span
    refers_to: int | None = None  # index of an earlier statement in the same case it points to


@dataclass(frozen=True)
class ParsedReservation:
    """Formal dissent by one member."""

    person: Actor
    in_favour_of: int | None  # index into the case's proposals, when it names one
    in_favour_text: str | None  # as written: "eget förslag till beslut", "eget ersättaryttrande"
    reason: str | None
    span: Span


@dataclass(frozen=True)
class ParsedBallot:
    """One member's vote in a votering."""

    person: Actor
    vote: str  # yes | no | abstain | absent


@dataclass(frozen=True)
class ParsedVote:
    """A votering: what ja and nej meant, the named ballots and the announced totals."""

    yes_means: str
    no_means: str
    yes: int
    no: int
    abstain: int
    ballots: tuple[ParsedBallot, ...]
    result: str | None
    span: Span
    question: str | None = None
    # Which announced totals differ from the named ballots, e.g. "ja: 7 redovisade, 6 namngivna";
    # None when they agree or there is nothing to check them against.
    mismatch: str | None = None


@dataclass(frozen=True)
class ParsedActivity:
    """One row of an action plan table."""

    position: int
    focus_area: str
    title: str
    implementation: str | None
    responsible: tuple[str, ...]  # unit abbreviations or names as written: "KLK", "Lopo Täby"
    responsible_text: str  # the cell verbatim (tags stripped)
    deadline: date | None
    done: str | None  # the "Genomfört" cell
    follow_up: str | None  # the "Uppföljning" cell
    span: Span


@dataclass(frozen=True)
class ParsedActionPlan:
    """A handlingsplan with its activities."""

    title: str
    period_start: int | None
    period_end: int | None
    purpose: str | None
    goal: str | None
    activities: tuple[ParsedActivity, ...]
    span: Span


@dataclass(frozen=True)
class ParsedUnit:
    """A glossary line defining an organisational unit: "KLK = Kommunledningskontoret"."""

    abbreviation: str
    name: str
    span: Span


@dataclass(frozen=True)
class ParsedReference:
    """A Dnr cited in the text (not the case's own)."""

    text: str
    span: Span


@dataclass(frozen=True)
class ParsedAttachment:
    """A document listed with the case: bilaga, beslutsunderlag, handling."""

    title: str
    kind: str  # bilaga | beslutsunderlag | handling
    span: Span


@dataclass(frozen=True)
class ParsedEnclosure:
    """A document quoted or enclosed in the case, e.g. a tjänsteutlåtande "daterat den 28 mars 2018"."""

    kind: str  # tjänsteutlåtande | tjänsteskrivelse | remissvar ...
    author: str | None  # the office: "Stadsledningskontoret"
    date: date | None
    span: Span


@dataclass(frozen=True)
class ParsedCase:
    """One case as one document (or one paragraph of a protocol) records it."""

    title: str
    dnr: str | None  # verbatim, as written
    kind: str  # pm | protocol_extract | ...
    body: str | None  # the body that decides or minutes the case
    preparing_body: str | None  # e.g. "Borgarrådsberedningen"
    date: date | None
    paragraph: str | None  # "§ 20"
    status: str  # prepared | decided | referred_back | tabled
    presenter: Actor | None
    chair: Actor | None
    decision_points: tuple[str, ...]
    immediate_adjustment: bool = False  # omedelbar justering
    summary: str | None = None
    proposals: tuple[ParsedProposal, ...] = ()
    statements: tuple[ParsedStatement, ...] = ()
    reservations: tuple[ParsedReservation, ...] = ()
    votes: tuple[ParsedVote, ...] = ()
    action_plans: tuple[ParsedActionPlan, ...] = ()
    attachments: tuple[ParsedAttachment, ...] = ()
    enclosures: tuple[ParsedEnclosure, ...] = ()
    references: tuple[ParsedReference, ...] = ()
    signatories: tuple[Actor, ...] = ()
    recipients: tuple[str, ...] = ()  # expedieras till
    span: Span = (0, 0)
    dnrs: tuple[str, ...] = ()  # every Dnr the paragraph names as its own (dnr is the first), repaired
    repairs: tuple[tuple[str, str], ...] = ()  # OCR repairs made while reading: (as written, repaired)


@dataclass(frozen=True)
class ParsedDocument:
    """A whole source document: what kind it is, where it comes from, and the cases it records."""

    filename: str
    kind: str  # pm | protocol_extract | protocol
    is_ocr: bool
    municipality: str | None
    date: date | None
    cases: tuple[ParsedCase, ...]
    units: tuple[ParsedUnit, ...] = ()
    warnings: tuple[str, ...] = field(default=())
