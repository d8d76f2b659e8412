"""A synthetic register for measuring the register at scale: ``corpus_generate``.

Everything it writes is new: municipalities named "Syntetiska kommunen N" with their own bodies,
units and politicians, and cases in them. Rows that exist are never changed. The words come from
the source documents in ``fixtures/sources`` at run time: sentences are new ones walked from a
word chain over the sources' sentences, titles are phrases of those, names are the sources' first
names and surnames mixed, and the units (and the committees they serve) are the action plan's
glossary. The same seed and the same register give the same rows.

Each municipality draws its cases from a random stream of its own and is written in a transaction
of its own, so on PostgreSQL several processes write municipalities side by side. Cases and their
parts are written with ``bulk_create``, which bypasses the history (django-simple-history):
synthetic cases have no history entries.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import random
import re
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, reset_queries, transaction

from . import dnr as dnr_parser
from .models import (
    ActionPlan,
    Activity,
    Attachment,
    Body,
    Case,
    FollowUp,
    Municipality,
    Party,
    Person,
    Proceeding,
    Proposal,
    ProposalAuthor,
    Reference,
    Reservation,
    SourceDocument,
    Statement,
    StatementAuthor,
    Unit,
)
from .parsing import parse_document, read_text
from .parsing.parties import KNOWN_PARTIES, party_name
from .resolve import body_kind, cleanliness, person_key, tidy_name

SOURCES = settings.BASE_DIR / "fixtures" / "sources"
SYNTHETIC_PREFIX = "Syntetiska kommunen"
FIRST_YEAR = 2001
LAST_DAY = date(2026, 6, 30)  # fixed, so that a seed gives the same register whenever it runs
LIBERALS_RENAMED = 2015  # Folkpartiet liberalerna (FP) became Liberalerna (L)
REASON = "generate_corpus"
BATCH_SIZE = 1000

# How often a case has each part; with these a case brings about seven rows with it.
SHARE_CONTESTED = 0.22
SHARE_MAJORITY_MOTION = 0.4
SHARE_RESERVED = 0.75
SHARE_STATEMENT = 0.07
SHARE_ACTION_PLAN = 0.015
SHARE_CONFIDENTIAL = 0.01
SHARE_REFERENCE = 0.05
SHARE_TABLED_FIRST = 0.08
SHARE_IMMEDIATE = 0.1
SHARE_MEMO = 0.3
SHARE_ENCLOSURE = 0.1
MEETINGS_PER_YEAR = 10
PEOPLE_PER_CASE = 1 / 25
PEOPLE_PER_TOWN = (40, 600)
PROMINENCE = 2.5  # Pareto shape of how often a politician speaks: a few do so far more often
CITABLE = 500  # recent cases a new case may cite

BLOCS = {"left": ("S", "V", "MP"), "right": ("M", "L", "C", "KD"), "sd": ("SD",)}
GOVERNING = ("left", "right")
BLOC_OF = {party: bloc for bloc, parties in BLOCS.items() for party in parties}
PARTY_WEIGHTS = {"C": 7, "KD": 5, "L": 7, "M": 22, "MP": 7, "S": 30, "SD": 10, "V": 7}
SECRECY_REFERENCES = ("OSL 18 kap. 1 §", "OSL 21 kap. 1 §", "OSL 23 kap. 1 §", "OSL 26 kap. 1 §")
# House styles of diarienummer, each one the Dnr parser reads (see decisions/dnr.py).
HOUSE_STYLES = ("{series} {year}/{serial}", "{series} {year}.{serial}", "{cls}/{serial}-{year}")
CLASSIFICATIONS = ("1.2.1.", "1.4.2.", "2.1.", "3.1.", "4.3.1.")
# The bodies every municipality has; committees are derived from the units that serve them.
COUNCIL, EXECUTIVE, WORKING = "Kommunfullmäktige", "Kommunstyrelsen", "Kommunstyrelsens arbetsutskott"
MAIN_SERIES = "KS"
ADMINISTRATION, COMMITTEE = "förvaltningen", "nämnden"
PLAN_WORD = "Handlingsplan"
STATEMENT_LABELS = {
    Statement.Kind.SPECIAL: "Särskilt uttalande",
    Statement.Kind.MINUTES_NOTE: "Protokollsanteckning",
}
CASE_OUTCOMES = {
    Case.Status.DECIDED: (Proposal.Outcome.ADOPTED, Proceeding.Outcome.DECIDED),
    Case.Status.CLOSED: (Proposal.Outcome.ADOPTED, Proceeding.Outcome.DECIDED),
    Case.Status.REFERRED_BACK: (Proposal.Outcome.REFERRED_BACK, Proceeding.Outcome.REFERRED_BACK),
    Case.Status.TABLED: (Proposal.Outcome.TABLED, Proceeding.Outcome.TABLED),
    Case.Status.PREPARED: (Proposal.Outcome.PENDING, Proceeding.Outcome.PREPARED),
    Case.Status.RECEIVED: (Proposal.Outcome.PENDING, Proceeding.Outcome.PREPARED),
}

# The order rows are inserted in, so that every foreign key points to a saved row.
INSERT_ORDER = (
    Case,
    SourceDocument,
    SourceDocument.cases.through,
    Proceeding,
    Proposal,
    ProposalAuthor,
    Statement,
    StatementAuthor,
    Reservation,
    Attachment,
    Reference,
    ActionPlan,
    Activity,
    Activity.responsible.through,
    FollowUp,
)


# Vocabulary: what the sources offer, read at run time.


@dataclass(frozen=True)
class Vocabulary:
    """Sentences, title phrases, names and units to build a register from."""

    sentences: tuple[str, ...]
    phrases: tuple[str, ...]
    names: tuple[str, ...]
    real_name_keys: frozenset[str]
    units: tuple[tuple[str, str], ...]


_SENTENCE = re.compile(r"[A-ZÅÄÖ][^.!?\n\t]{20,300}[.!?](?=\s)")
_NOT_PROSE = re.compile(r"\d{3,}|[<=|*#]")


def source_texts(sources: Path = SOURCES) -> list[str]:
    return [read_text(path.read_bytes(), filename=path.name) for path in sorted(sources.glob("*.txt"))]


def vocabulary_harvest(texts: list[str], rng: random.Random, *, pool: int = 2400) -> Vocabulary:
    """New sentences walked from the sources' word chain, and the names and units they use."""
    written = " ".join(" ".join(text.split()) for text in texts)
    sentences = _new_sentences(_sentences(texts), written, rng, pool)
    parsed = [parse_document(text) for text in texts]
    people = _cleanest_spellings(_actor_names(parsed))
    return Vocabulary(
        sentences=sentences,
        phrases=_phrases(sentences),
        names=_mixed_names(people, rng),
        real_name_keys=frozenset(person_key(name) for name in people),
        units=_units(parsed),
    )


def _sentences(texts: list[str]) -> list[list[str]]:
    found = []
    for text in texts:
        for match in _SENTENCE.finditer(text):
            if not _NOT_PROSE.search(match.group(0)) and len(match.group(0).split()) >= 5:
                found.append(match.group(0).split())
    return found


def _new_sentences(originals: list[list[str]], written: str, rng: random.Random, pool: int) -> tuple:
    """Sentences from a second-order word chain, none of them written in the sources."""
    chain: dict[tuple[str, str], list[str]] = defaultdict(list)
    for words in originals:
        for a, b, c in zip(words, words[1:], words[2:], strict=False):
            chain[(a, b)].append(c)
    starts = [(words[0], words[1]) for words in originals]
    made: dict[str, None] = {}
    for _ in range(pool):
        sentence = _walk(chain, rng.choice(starts), rng)
        if sentence and sentence not in written:
            made[sentence] = None
    return tuple(made)


def _walk(chain, start: tuple[str, str], rng: random.Random, longest: int = 40) -> str | None:
    words = list(start)
    while len(words) < longest:
        following = chain.get((words[-2], words[-1]))
        if not following:
            return None
        words.append(rng.choice(following))
        if words[-1][-1] in ".!?":
            return " ".join(words)
    return None


def _phrases(sentences: tuple[str, ...]) -> tuple[str, ...]:
    """Title-like phrases: three to seven words of a sentence from one long word to another."""
    phrases: dict[str, None] = {}
    for sentence in sentences:
        words = [w.strip(",.;:!?()\"'") for w in sentence.split()]
        long_at = [i for i, w in enumerate(words) if len(w) >= 7 and w.isalpha()]
        for start, end in zip(long_at, long_at[1:], strict=False):
            if 2 <= end - start <= 6:
                phrase = " ".join(words[start : end + 1])
                phrases[phrase[:1].upper() + phrase[1:]] = None
    return tuple(phrases)


def _actor_names(parsed) -> list[str]:
    names = []
    for document in parsed:
        for case in document.cases:
            actors = [case.presenter, case.chair, *case.signatories]
            actors += [a for p in case.proposals for a in (*p.authors, *p.supporters)]
            actors += [a for s in case.statements for a in s.authors]
            actors += [r.person for r in case.reservations]
            names += [a.name for a in actors if a is not None]
    return names


def _cleanest_spellings(names: list[str]) -> list[str]:
    """One spelling per person, the cleanest (as the importer chooses it): "Karin Wanngård", not
    "KARIN WANNGARD" or "Karin Wanngard"."""
    best: dict[str, str] = {}
    for name in names:
        spelling, key = tidy_name(name), person_key(name)
        if key not in best or cleanliness(spelling) > cleanliness(best[key]):
            best[key] = spelling
    return sorted(best.values())


def _mixed_names(people: list[str], rng: random.Random) -> tuple[str, ...]:
    """First names and surnames of the sources crossed: single surnames first, then double ones."""
    first = sorted({name.split()[0] for name in people})
    last = sorted({" ".join(name.split()[1:]) for name in people if " " in name})
    singles = [f"{f} {s}" for f in first for s in last]
    doubles = [f"{f} {a} {b}" for f in first for a in last for b in last if a != b and " " not in a + b]
    rng.shuffle(singles)
    rng.shuffle(doubles)
    return tuple(singles + doubles)


def _units(parsed) -> tuple[tuple[str, str], ...]:
    units: dict[str, str] = {}
    for document in parsed:
        for unit in document.units:
            units.setdefault(unit.abbreviation, unit.name)
    return tuple(sorted(units.items()))


# The synthetic municipalities: bodies, units and politicians.


@dataclass
class Seat:
    """A body that decides cases, with its registry series, the unit that prepares its cases and
    the body that prepares them."""

    index: int
    body: Body
    series: str
    unit: Unit
    weight: float
    preparer: Body | None = None


@dataclass
class Politician:
    person: Person
    party: str
    first_year: int
    last_year: int
    weight: float

    def party_in(self, year: int) -> str:
        return "FP" if self.party == "L" and year < LIBERALS_RENAMED else self.party


@dataclass
class Town:
    """A synthetic municipality and what the generator keeps about it between years."""

    number: int
    municipality: Municipality
    seats: list[Seat]
    units: list[Unit]
    politicians: list[Politician]
    style: str
    pm_style: bool
    majority: dict[int, str]
    cited: deque = field(default_factory=lambda: deque(maxlen=CITABLE))


def term_of(year: int) -> int:
    """The first year of the four-year term ``year`` lies in (terms start 2003, 2007, ...)."""
    return 2003 + 4 * ((year - 2003) // 4)


def next_town_number() -> int:
    """The number after the highest synthetic municipality in the register."""
    names = Municipality.objects.filter(name__startswith=SYNTHETIC_PREFIX).values_list("name", flat=True)
    numbers = [int(n.rsplit(" ", 1)[1]) for n in names if n.rsplit(" ", 1)[1].isdigit()]
    return max(numbers, default=0) + 1


def _saved(obj):
    obj._change_reason = REASON
    obj.save()
    return obj


def _committee(unit_name: str) -> str | None:
    """The committee a förvaltning serves: "Socialförvaltningen" -> "Socialnämnden"."""
    if not unit_name.lower().endswith(ADMINISTRATION):
        return None
    return unit_name[: -len(ADMINISTRATION)] + COMMITTEE


def _committee_series(abbreviation: str) -> str:
    """The registry series of the committee a unit serves: BUF (förvaltning) -> BUN (nämnd)."""
    return (abbreviation[:-1] if abbreviation.endswith("F") else abbreviation) + "N"


def _body(municipality: Municipality, name: str, parent: Body | None = None) -> Body:
    kind, _ = body_kind(name)
    return _saved(Body(municipality=municipality, name=name, kind=kind, parent=parent))


def _seats(municipality: Municipality, units: list[Unit]) -> list[Seat]:
    """Council, executive and its working committee, and one committee per förvaltning."""
    council = _body(municipality, COUNCIL)
    executive = _body(municipality, EXECUTIVE, council)
    working = _body(municipality, WORKING, executive)
    office = next((u for u in units if not _committee(u.name)), units[0])
    seats = [
        Seat(0, council, MAIN_SERIES, office, 0.6, executive),
        Seat(1, executive, MAIN_SERIES, office, 1.5, working),
        Seat(2, working, MAIN_SERIES, office, 0.8),
    ]
    for unit in units:
        name = _committee(unit.name)
        if name:
            body = _body(municipality, name, council)
            seats.append(Seat(len(seats), body, _committee_series(unit.abbreviation), unit, 1.2))
    return seats


class Pool:
    """Politicians to draw from, the prominent ones more often."""

    def __init__(self, politicians: list[Politician]):
        self.politicians = politicians
        self.cumulative = list(accumulate(p.weight for p in politicians))

    def __bool__(self):
        return bool(self.politicians)

    def draw(self, rng: random.Random, count: int = 1) -> list[Politician]:
        """Up to ``count`` different politicians."""
        chosen: dict[int, Politician] = {}
        for _ in range(count * 3):
            politician = rng.choices(self.politicians, cum_weights=self.cumulative)[0]
            chosen.setdefault(id(politician), politician)
            if len(chosen) == count:
                break
        return list(chosen.values())


class Active:
    """Who sits in a municipality in one year, by bloc, and which bloc governs."""

    def __init__(self, town: Town, year: int):
        self.year = year
        self.governing = town.majority[term_of(year)]
        serving = [p for p in town.politicians if p.first_year <= year <= p.last_year]
        self.blocs = {bloc: Pool([p for p in serving if BLOC_OF[p.party] == bloc]) for bloc in BLOCS}
        self.everyone = Pool(serving)

    @property
    def majority(self) -> Pool:
        return self.blocs[self.governing]

    def opposition(self, rng: random.Random) -> Pool:
        """An opposition bloc, the bigger one more often."""
        blocs = [bloc for bloc in BLOCS if bloc != self.governing and self.blocs[bloc]]
        if not blocs:
            return Pool([])
        return self.blocs[rng.choices(blocs, weights=[len(self.blocs[b].politicians) for b in blocs])[0]]


# Generation: one municipality-year at a time, into a batch of unsaved rows.


class Batch:
    """Unsaved rows by model; rows point at unsaved parents, whose keys bulk_create fills in."""

    def __init__(self):
        self.rows: dict = defaultdict(list)

    def add(self, obj):
        self.rows[type(obj)].append(obj)
        return obj

    def insert(self, counts: Counter) -> None:
        for model in INSERT_ORDER:
            rows = self.rows.get(model)
            if rows:
                model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
                counts[model._meta.object_name] += len(rows)


class TextWriter:
    """A document's text as it is written, handing back the span of each passage."""

    def __init__(self, heading: str):
        self.parts: list[str] = []
        self.length = 0
        self.write(heading)

    def write(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text + "\n\n")
        self.length += len(text) + 2
        return start, start + len(text)

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Meeting:
    """One meeting of one body: its protocol and the cases it handles."""

    seat: Seat
    day: date
    size: int = 0
    cases: list[Case] = field(default_factory=list)
    writer: TextWriter | None = None
    document: SourceDocument = field(default_factory=SourceDocument)


@dataclass
class Draft:
    """The case being drawn, and the document its passages are written into."""

    case: Case
    meeting: Meeting
    document: SourceDocument
    writer: TextWriter
    proposals: list[Proposal] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.case.date.year

    def passage(self, text: str) -> dict:
        """Write ``text`` into the document; the fields that point an extracted row at it."""
        start, end = self.writer.write(text)
        return {"document": self.document, "span_start": start, "span_end": end}


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def _listing(politicians: list[Politician], year: int) -> str:
    return ", ".join(f"{p.person.name} ({p.party_in(year)})" for p in politicians)


def _document_finish(document: SourceDocument, writer: TextWriter, filename: str, day: date) -> None:
    document.text = writer.text()
    document.sha256 = hashlib.sha256(document.text.encode()).hexdigest()
    document.filename, document.date, document.imported_at = filename, day, _noon(day)


class Generator:
    """Draws a register from one seeded random source; every draw happens in a fixed order."""

    def __init__(self, vocabulary: Vocabulary, rng: random.Random, parties: dict[str, Party]):
        self.words = vocabulary
        self.rng = rng
        self.parties = parties
        self.serials: Counter = Counter()
        self.paragraphs: Counter = Counter()
        self.chairs: dict = {}
        self.names = iter(vocabulary.names)

    def sentences(self, low: int, high: int) -> str:
        return " ".join(self.rng.choices(self.words.sentences, k=self.rng.randint(low, high)))

    def phrase(self) -> str:
        return self.rng.choice(self.words.phrases)

    def chance(self, share: float) -> bool:
        return self.rng.random() < share

    def party(self, politician: Politician, year: int) -> Party:
        return self.parties[politician.party_in(year)]

    # Municipalities and people.

    def town(self, number: int, people: int, taken: set[str]) -> Town:
        """A new municipality with its units, bodies and ``people`` politicians."""
        municipality = _saved(Municipality(name=f"{SYNTHETIC_PREFIX} {number}"))
        units = [
            _saved(Unit(municipality=municipality, abbreviation=abbr, name=name))
            for abbr, name in self.words.units
        ]
        politicians = self.politicians(people, taken)
        Person.objects.bulk_create([p.person for p in politicians], batch_size=BATCH_SIZE)
        terms = range(term_of(FIRST_YEAR), LAST_DAY.year + 1, 4)
        majority = {term: self.rng.choice(GOVERNING) for term in terms}
        style = HOUSE_STYLES[number % len(HOUSE_STYLES)]
        seats = _seats(municipality, units)
        return Town(number, municipality, seats, units, politicians, style, number % 3 == 1, majority)

    def politicians(self, count: int, taken: set[str]) -> list[Politician]:
        """``count`` politicians, each under a name no person in the register has."""
        parties = sorted(PARTY_WEIGHTS)
        weights = [PARTY_WEIGHTS[p] for p in parties]
        politicians = []
        for name in self._free_names(count, taken):
            first = self.rng.randint(FIRST_YEAR - 12, LAST_DAY.year)
            last = first + self.rng.choice((4, 4, 8, 8, 12, 16, 20)) - 1
            party = self.rng.choices(parties, weights=weights)[0]
            person = Person(name=name, key=person_key(name), aliases=[])
            politicians.append(Politician(person, party, first, last, self.rng.paretovariate(PROMINENCE)))
        return politicians

    def _free_names(self, count: int, taken: set[str]) -> list[str]:
        names = []
        for name in self.names:
            key = person_key(name)
            if key not in taken and key not in self.words.real_name_keys:
                taken.add(key)
                names.append(name)
                if len(names) == count:
                    break
        return names

    # One municipality-year: meetings, and the cases handled at each.

    def town_year(self, town: Town, year: int, count: int) -> Batch:
        batch = Batch()
        active = Active(town, year)
        for meeting in self._meetings(town, year, count):
            body = meeting.seat.body.name
            meeting.writer = TextWriter(f"{town.municipality.name}\n{body}\nProtokoll {meeting.day}")
            for _ in range(meeting.size):
                self._case(batch, town, active, meeting)
            self._protocol(batch, town, meeting)
        return batch

    def _meetings(self, town: Town, year: int, count: int) -> list[Meeting]:
        """The year's meetings, each with how many cases it handles, in date order."""
        first, last = date(year, 1, 15), min(LAST_DAY, date(year, 12, 20))
        days = sorted({first + timedelta(days=self.rng.randint(0, (last - first).days)) for _ in range(12)})
        days = days[:MEETINGS_PER_YEAR]
        weights = [seat.weight for seat in town.seats]
        meetings: dict[tuple, Meeting] = {}
        for seat in self.rng.choices(town.seats, weights=weights, k=count):
            day = self.rng.choice(days)
            meetings.setdefault((day, seat.index), Meeting(seat, day)).size += 1
        return [meetings[key] for key in sorted(meetings)]

    def _protocol(self, batch: Batch, town: Town, meeting: Meeting) -> None:
        """The meeting's protocol, one document for all the paragraphs written into it."""
        if not meeting.cases:
            return
        filename = f"syntetiska-kommunen-{town.number}-organ-{meeting.seat.index}-{meeting.day}.txt"
        _document_finish(meeting.document, meeting.writer, filename, meeting.day)
        single = len(meeting.cases) == 1
        meeting.document.kind = (
            SourceDocument.Kind.PROTOCOL_EXTRACT if single else SourceDocument.Kind.PROTOCOL
        )
        batch.add(meeting.document)
        for case in meeting.cases:
            batch.add(SourceDocument.cases.through(sourcedocument=meeting.document, case=case))

    def _case(self, batch: Batch, town: Town, active: Active, meeting: Meeting) -> None:
        draft = self._draft(batch, town, active, meeting)
        self._proposal(batch, draft)
        motions = self._motions(batch, draft, active) if self.chance(SHARE_CONTESTED) else []
        points = draft.case.decision_points
        draft.writer.write("Beslut\n\n" + "\n".join(f"{i}. {p}" for i, p in enumerate(points, 1)))
        if motions and motions[0][0].outcome == Proposal.Outcome.REJECTED and self.chance(SHARE_RESERVED):
            self._reservations(batch, draft, *motions[0])
        if self.chance(SHARE_STATEMENT):
            self._statement(batch, draft, active)
        self._proceedings(batch, draft)
        self._attachments(batch, draft)
        if town.cited and self.chance(SHARE_REFERENCE):
            self._reference(batch, draft, self.rng.choice(town.cited))
        if self.chance(SHARE_ACTION_PLAN):
            self._action_plan(batch, town, draft)
        if draft.case.kind == Case.Kind.PM:
            self._pm(batch, town, draft)
        if not draft.case.confidential:
            town.cited.append(draft.case)

    def _draft(self, batch: Batch, town: Town, active: Active, meeting: Meeting) -> Draft:
        case = batch.add(self._case_row(town, active, meeting))
        if case.kind == Case.Kind.PM:
            writer = TextWriter(f"{town.municipality.name}\nPM {meeting.seat.body.name} (Dnr {case.dnr})")
            draft = Draft(case, meeting, SourceDocument(kind=SourceDocument.Kind.PM), writer)
        else:
            meeting.cases.append(case)
            draft = Draft(case, meeting, meeting.document, meeting.writer)
        draft.writer.write(f"{case.paragraph} {case.title}\n\nDnr {case.dnr}\n\n{case.summary}")
        return draft

    def _case_row(self, town: Town, active: Active, meeting: Meeting) -> Case:
        seat, day = meeting.seat, meeting.day
        self.paragraphs[(town.number, seat.index, day.year)] += 1
        case = Case(
            dnr=self._dnr(town, seat, day.year),
            title=self.phrase(),
            municipality=town.municipality,
            body=seat.body,
            preparing_body=seat.preparer,
            date=day,
            paragraph=f"§ {self.paragraphs[(town.number, seat.index, day.year)]}",
            kind=Case.Kind.PROTOCOL_EXTRACT,
            status=self._status(day),
            decision_points=[self.sentences(1, 1) for _ in range(self.rng.randint(1, 3))],
            immediate_adjustment=self.chance(SHARE_IMMEDIATE),
            summary=self.sentences(1, 3),
            created_at=_noon(day),
        )
        case.set_dnr_parts()
        self._case_people(case, town, active, seat)
        if self.chance(SHARE_CONFIDENTIAL):
            case.confidential, case.secrecy_reference = True, self.rng.choice(SECRECY_REFERENCES)
        return case

    def _dnr(self, town: Town, seat: Seat, year: int) -> str:
        """The next number in the series (or the municipality's one series), with gaps."""
        series = seat.series if "{series}" in town.style else ""
        self.serials[(town.number, series, year)] += self.rng.randint(1, 4)
        serial = self.serials[(town.number, series, year)]
        classification = self.rng.choice(CLASSIFICATIONS)
        return town.style.format(series=series, year=year, serial=serial, cls=classification)

    def _status(self, day: date) -> str:
        if day > LAST_DAY - timedelta(days=45):
            return self.rng.choice((Case.Status.RECEIVED, Case.Status.PREPARED))
        roll = self.rng.random()
        if roll < 0.015:
            return Case.Status.REFERRED_BACK
        if roll < 0.03:
            return Case.Status.TABLED
        return Case.Status.CLOSED if roll < 0.05 else Case.Status.DECIDED

    def _case_people(self, case: Case, town: Town, active: Active, seat: Seat) -> None:
        """The body's chair for the term; in a PM town the executive's cases are PMs presented by
        a borgarråd of the governing bloc."""
        chair = self._chair(town, seat, active)
        if chair:
            case.chair, case.chair_party = chair.person, self.party(chair, active.year)
        if town.pm_style and seat.body.kind == Body.Kind.EXECUTIVE and active.majority:
            presenter = active.majority.draw(self.rng)[0]
            case.kind = Case.Kind.PM
            case.presenter, case.presenter_party = presenter.person, self.party(presenter, active.year)

    def _chair(self, town: Town, seat: Seat, active: Active) -> Politician | None:
        """The chair of ``seat`` for the term: one of the governing bloc who chairs no other body."""
        term = term_of(active.year)
        key = (town.number, seat.index, term)
        if key not in self.chairs:
            chairing = {id(p) for (n, _, t), p in self.chairs.items() if (n, t) == (town.number, term)}
            free = Pool([p for p in active.majority.politicians if id(p) not in chairing])
            self.chairs[key] = free.draw(self.rng)[0] if free else None
        return self.chairs[key]

    def _pm(self, batch: Batch, town: Town, draft: Draft) -> None:
        """A PM is its own document, kept with its case."""
        name = f"syntetiska-kommunen-{town.number}-pm-{draft.case.dnr_key.replace('/', '_')}.txt"
        _document_finish(draft.document, draft.writer, name, draft.case.date)
        batch.add(draft.document)
        batch.add(SourceDocument.cases.through(sourcedocument=draft.document, case=draft.case))

    # The parts of a case.

    def _proposal(self, batch: Batch, draft: Draft) -> None:
        case = draft.case
        origin = case.preparing_body.name if case.preparing_body else draft.meeting.seat.unit.name
        points = case.decision_points
        proposal = Proposal(
            case=case,
            kind=Proposal.Kind.PROPOSAL,
            origin=origin,
            points=points,
            outcome=CASE_OUTCOMES[case.status][0],
            **draft.passage(f"Förslag till beslut\n\n{origin}: " + " ".join(points)),
        )
        draft.proposals.append(batch.add(proposal))
        if case.presenter:
            batch.add(ProposalAuthor(proposal=proposal, person=case.presenter, party=case.presenter_party))

    def _motions(self, batch: Batch, draft: Draft, active: Active) -> list[tuple[Proposal, list]]:
        """An opposition yrkande, rejected when the case is decided, and sometimes a yrkande of the
        governing bloc for the proposal, adopted."""
        decided = draft.case.status in (Case.Status.DECIDED, Case.Status.CLOSED)
        motions = []
        opposition = active.opposition(self.rng)
        if opposition:
            outcome = Proposal.Outcome.REJECTED if decided else Proposal.Outcome.PENDING
            motions.append(self._motion(batch, draft, opposition, outcome, [self.sentences(1, 2)]))
        if active.majority and self.chance(SHARE_MAJORITY_MOTION):
            outcome = Proposal.Outcome.ADOPTED if decided else Proposal.Outcome.PENDING
            motions.append(self._motion(batch, draft, active.majority, outcome, draft.case.decision_points))
        return motions

    def _motion(self, batch: Batch, draft: Draft, pool: Pool, outcome: str, points: list[str]):
        people = pool.draw(self.rng, self.rng.randint(1, 4))
        author, supporters = people[0], people[1:]
        said = f"{author.person.name} ({author.party_in(draft.year)}) yrkar"
        if supporters:
            said += f", med bifall från {_listing(supporters, draft.year)},"
        motion = Proposal(
            case=draft.case,
            kind=Proposal.Kind.MOTION,
            origin=author.person.name,
            points=points,
            outcome=outcome,
            position=len(draft.proposals),
            **draft.passage(f"{said} att " + " ".join(points)),
        )
        draft.proposals.append(batch.add(motion))
        roles = [ProposalAuthor.Role.AUTHOR] + [ProposalAuthor.Role.SUPPORTER] * len(supporters)
        for position, (politician, role) in enumerate(zip(people, roles, strict=True)):
            party = self.party(politician, draft.year)
            author_row = ProposalAuthor(proposal=motion, person=politician.person, party=party, role=role)
            author_row.position = position
            batch.add(author_row)
        return motion, people

    def _reservations(self, batch: Batch, draft: Draft, motion: Proposal, people: list) -> None:
        """Who stood behind a rejected yrkande reserves in favour of it."""
        reason = self.sentences(1, 2) if self.chance(0.3) else ""
        said = f"{_listing(people, draft.year)} reserverar sig till förmån för eget yrkande."
        passage = draft.passage(f"Reservation\n\n{said} {reason}".rstrip())
        for position, politician in enumerate(people):
            reservation = Reservation(
                case=draft.case,
                person=politician.person,
                party=self.party(politician, draft.year),
                in_favour_of=motion,
                in_favour_text="eget yrkande",
                reason=reason,
                position=position,
                **passage,
            )
            batch.add(reservation)

    def _statement(self, batch: Batch, draft: Draft, active: Active) -> None:
        if not active.everyone:
            return
        first = active.everyone.draw(self.rng)[0]
        authors = active.blocs[BLOC_OF[first.party]].draw(self.rng, self.rng.randint(1, 2))
        authors = [first] + [a for a in authors if a is not first][:1]
        kind = self.rng.choice(sorted(STATEMENT_LABELS))
        text = self.sentences(2, 5)
        label = STATEMENT_LABELS[kind]
        statement = Statement(
            case=draft.case,
            kind=kind,
            label=label,
            forum=draft.meeting.seat.body,
            text=text,
            **draft.passage(f"{label}\n\n{_listing(authors, draft.year)}: {text}"),
        )
        batch.add(statement)
        for position, politician in enumerate(authors):
            party = self.party(politician, draft.year)
            batch.add(
                StatementAuthor(statement=statement, person=politician.person, party=party, position=position)
            )

    def _proceedings(self, batch: Batch, draft: Draft) -> None:
        """The handling at this meeting, sometimes after being tabled or sent back at an earlier one."""
        case, body = draft.case, draft.meeting.seat.body
        if self.chance(SHARE_TABLED_FIRST):
            earlier = case.date - timedelta(days=self.rng.randint(20, 70))
            outcome = self.rng.choice((Proceeding.Outcome.TABLED, Proceeding.Outcome.REFERRED_BACK))
            batch.add(Proceeding(case=case, body=body, date=earlier, outcome=outcome))
        proceeding = Proceeding(
            case=case,
            body=body,
            date=case.date,
            paragraph=case.paragraph,
            decision_points=case.decision_points,
            outcome=CASE_OUTCOMES[case.status][1],
            document=draft.document,
        )
        batch.add(proceeding)

    def _attachments(self, batch: Batch, draft: Draft) -> None:
        """Often the memo the case was prepared in, sometimes a bilaga."""
        case, unit = draft.case, draft.meeting.seat.unit
        if self.chance(SHARE_MEMO):
            written = case.date - timedelta(days=self.rng.randint(7, 40))
            kind = Attachment.Kind.OFFICIAL_MEMO
            batch.add(Attachment(case=case, title=case.title, kind=kind, author=unit.name, date=written))
        if self.chance(SHARE_ENCLOSURE):
            batch.add(Attachment(case=case, title=self.phrase(), kind=Attachment.Kind.ATTACHMENT, position=1))

    def _reference(self, batch: Batch, draft: Draft, cited: Case) -> None:
        """A citation of an earlier case of the same municipality, keyed the way Reference.save keys it."""
        text = cited.dnr
        key = dnr_parser.normalize_dnr(text)
        passage = draft.passage(f"Beslutsunderlag\n\nTidigare beslut, dnr {text}.")
        batch.add(Reference(case=draft.case, text=text, key=key, target=cited, **passage))

    # Action plans.

    def _action_plan(self, batch: Batch, town: Town, draft: Draft) -> None:
        start = draft.year
        plan = ActionPlan(
            case=draft.case,
            title=f"{PLAN_WORD}: {self.phrase()}",
            owner=draft.meeting.seat.body,
            period_start=start,
            period_end=start + self.rng.randint(0, 2),
            purpose=self.sentences(1, 2),
            goal=self.sentences(1, 1),
        )
        batch.add(plan)
        focus_areas = [self.phrase() for _ in range(self.rng.randint(2, 4))]
        count = self.rng.randint(4, 12)
        for position in range(count):
            focus_area = focus_areas[position * len(focus_areas) // count]
            self._activity(batch, town, plan, position, focus_area)

    def _activity(self, batch: Batch, town: Town, plan: ActionPlan, position: int, focus_area: str) -> None:
        year = self.rng.randint(plan.period_start, plan.period_end)
        deadline = self.rng.choice((date(year, 6, 30), date(year, 12, 31)))
        status, changed = self._activity_status(deadline)
        units = self.rng.sample(town.units, k=self.rng.randint(1, 2))
        activity = Activity(
            plan=plan,
            position=position,
            focus_area=focus_area,
            title=self.phrase(),
            implementation=self.sentences(1, 1),
            responsible_text=", ".join(unit.abbreviation for unit in units),
            deadline=deadline,
            status=status,
            status_changed_on=changed,
        )
        batch.add(activity)
        for unit in units:
            batch.add(Activity.responsible.through(activity=activity, unit=unit))
        if status != Activity.Status.PLANNED:
            self._follow_ups(batch, activity, units[0])

    def _activity_status(self, deadline: date) -> tuple[str, date | None]:
        """Done or cancelled by its deadline, or still open: open ones past the deadline are overdue."""
        open_statuses = (Activity.Status.PLANNED, Activity.Status.ONGOING)
        if deadline > LAST_DAY:
            return self.rng.choice(open_statuses), None
        roll = self.rng.random()
        changed = deadline - timedelta(days=self.rng.randint(0, 90))
        if roll < 0.65:
            return Activity.Status.DONE, changed
        if roll < 0.7:
            return Activity.Status.CANCELLED, changed
        return self.rng.choice(open_statuses), None

    def _follow_ups(self, batch: Batch, activity: Activity, unit: Unit) -> None:
        last = min(activity.status_changed_on or activity.deadline, LAST_DAY)
        count = self.rng.randint(1, 2)
        for n in range(count):
            day = last - timedelta(days=90 * (count - 1 - n))
            new_status = activity.status if n == count - 1 else ""
            text = self.sentences(1, 1)
            batch.add(
                FollowUp(activity=activity, date=day, author=unit.name, text=text, new_status=new_status)
            )


# The whole run.


def allocate(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights``, in whole numbers that add up (largest remainder)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _parties() -> dict[str, Party]:
    """The known parties; those the register lacks are added, those it has are left as they are."""
    parties = {}
    for abbreviation in sorted(KNOWN_PARTIES):
        found = Party.objects.filter(abbreviation=abbreviation).first()
        parties[abbreviation] = found or _saved(
            Party(abbreviation=abbreviation, name=party_name(abbreviation))
        )
    return parties


def _people_for(cases: int) -> int:
    low, high = PEOPLE_PER_TOWN
    return max(low, min(high, round(cases * PEOPLE_PER_CASE)))


YEARS = list(range(FIRST_YEAR, LAST_DAY.year + 1))
YEAR_WEIGHTS = [1 + 0.05 * (year - FIRST_YEAR) for year in YEARS]  # registers grow over the years


def town_weights(count: int) -> list[float]:
    """Municipalities of falling size: the biggest has about a quarter of ten municipalities' cases."""
    return [1 / (i + 1) ** 0.7 for i in range(count)]


@dataclass
class Work:
    """One municipality's cases: drawn from a random stream of their own, written in one transaction.
    Municipalities share nothing while their cases are drawn, so they can be written side by side."""

    town: Town
    cases: int
    seed: str
    vocabulary: Vocabulary
    parties: dict[str, Party]


def corpus_generate(
    *,
    cases: int,
    seed: int = 1,
    municipalities: int = 10,
    jobs: int = 1,
    sources: Path = SOURCES,
    progress: Callable[[int], None] | None = None,
) -> Counter:
    """Add ``cases`` synthetic cases in ``municipalities`` new municipalities; the rows added per model.

    The municipalities with their bodies, units and people are written first, in one transaction;
    then each municipality's cases, in a transaction per municipality, by ``jobs`` processes side by
    side on PostgreSQL (one process elsewhere, or inside a transaction). The rows are the same for
    a seed whatever ``jobs`` is. ``progress`` hears how many cases are written after each municipality.
    """
    rng = random.Random(seed)
    vocabulary = vocabulary_harvest(source_texts(sources), rng)
    sizes = allocate(cases, town_weights(municipalities))
    with transaction.atomic():
        parties = _parties()
        generator = Generator(vocabulary, rng, parties)
        taken = set(Person.objects.values_list("key", flat=True))
        first = next_town_number()
        towns = [generator.town(first + i, _people_for(size), taken) for i, size in enumerate(sizes)]
    counts = _town_counts(towns)
    work = [
        Work(town, size, f"{seed}:{i}", vocabulary, parties)
        for i, (town, size) in enumerate(zip(towns, sizes, strict=True))
    ]
    done = 0
    for written, town_counts in _run(work, jobs if _can_fork() else 1):
        counts.update(town_counts)
        done += written
        if progress:
            progress(done)
    return counts


def _town_counts(towns: list[Town]) -> Counter:
    counts: Counter = Counter()
    for town in towns:
        counts["Municipality"] += 1
        counts["Body"] += len(town.seats)
        counts["Unit"] += len(town.units)
        counts["Person"] += len(town.politicians)
    return counts


def town_write(work: Work) -> Counter:
    """Draw and insert one municipality's cases, year by year, in one transaction."""
    generator = Generator(work.vocabulary, random.Random(work.seed), work.parties)
    counts: Counter = Counter()
    with transaction.atomic():
        for year, count in zip(YEARS, allocate(work.cases, YEAR_WEIGHTS), strict=True):
            if count:
                generator.town_year(work.town, year, count).insert(counts)
                reset_queries()  # with DEBUG on, the query log would keep every insert's text
    return counts


def _can_fork() -> bool:
    """Side by side needs PostgreSQL, and committed municipalities that other connections can see."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def _run(work: list[Work], jobs: int):
    """(cases, rows per model) for each municipality as it is written."""
    if jobs <= 1:
        for item in work:
            yield item.cases, town_write(item)
        return
    from . import corpus_worker

    databases = {alias: connections[alias].settings_dict for alias in connections}
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(jobs, initializer=corpus_worker.process_setup, initargs=(databases,)) as pool:
        yield from pool.imap_unordered(corpus_worker.town_write, work)
