"""Votes (votering) in the minutes of a protocol paragraph.

A vote opens with "Votering begärdes" or "Votering begärs och verkställs" and then gives, in the
order the secretary chose:

* the proposition: "Ja-röst för bifall till X:s yrkande, Nej-röst för bifall till Y:s yrkande", or
  "Den som vill bifalla X:s yrkande röstar ja, den det ej vill röstar nej. Vinner nej har ...";
* the members by name: lists after a label ("Ja röstar: A (S), B (V)", "Följande röstar nej:",
  "Avstår:"), or a tab-separated table "Ledamot / Parti / Ja / Nej / Avstår" with an X in a column;
* the totals: "Med 7 ja-röster mot 6 nej-röster", "7 ja, 6 nej och 1 avstår",
  "Omröstningsresultat: 7 ja, 6 nej, 1 avstår" (numbers also written as words), or a "Summa" row;
* the result: "... har kommunstyrelsen beslutat enligt Anna Lindqvists (S) yrkande."

Announced totals are checked against the named ballots; a difference is reported in
``ParsedVote.mismatch``, never raised. When no totals are announced the named ballots are counted.
The parser reads masked text (page furniture blanked, same length), so a table or a list that a
page break cuts reads on, and every span is an offset into the stored source.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .actors import PARTY, parse_actor, parse_actors
from .furniture import heading_key
from .parties import party_abbreviation
from .text import Block, blocks, fold, fuzzy, lines
from .types import Actor, ParsedBallot, ParsedVote, Span

__all__ = ["parse_votes"]


def _any(*phrases: str) -> str:
    return "(?:" + "|".join(fuzzy(phrase) for phrase in phrases) + ")"


_START = re.compile(
    _any("votering", "omröstning", "sluten omröstning")
    + r"\s+"
    + _any("begärdes", "begärs", "har begärts", "verkställdes", "verkställs", "genomfördes", "genomförs")
    + r"\b",
    re.IGNORECASE,
)
_ROST = fuzzy("röst")
_YES_MEANS = re.compile(
    rf"\bja-?\s?{_ROST}(?:en)?\s+{_any('för', 'innebär')}\s+(?P<what>.+?)"
    rf"(?=\s*[,;]\s*(?:och\s+)?nej-?\s?{_ROST}|\.(?:\s|$)|\n[ \t]*\n)",
    re.IGNORECASE | re.DOTALL,
)
_NO_MEANS = re.compile(
    rf"\bnej-?\s?{_ROST}(?:en)?\s+{_any('för', 'innebär')}\s+(?P<what>.+?)(?=\.(?:\s|$)|\n[ \t]*\n)",
    re.IGNORECASE | re.DOTALL,
)
_WHO_WANTS = re.compile(
    rf"\bden\s+som\s+vill\s+(?P<what>.+?)\s*,?\s+{_any('röstar')}\s+ja\b"
    rf"(?:\s*[,;]?\s*(?:och\s+)?den\s+(?:det|som)\s+(?:ej|inte)\s+vill,?\s+{_any('röstar')}\s+nej\b)?",
    re.IGNORECASE | re.DOTALL,
)
_IF_NO_WINS = re.compile(
    r"\bvinner\s+nej,?\s+(?:har|blir|är)\s+\S+\s+(?:beslutat\s+|att\s+)?(?P<what>.+?)(?=\.(?:\s|$))",
    re.IGNORECASE | re.DOTALL,
)
_CONDITIONAL = re.compile(rf"\bvinner\s+(?:ja|nej)\b|{_any('röstar')}\s+(?:ja|nej)\b", re.IGNORECASE)

_LIST_LABEL = re.compile(
    rf"^[ \t]*(?:{_any('följande', 'de som')}(?:\s+{_any('ledamöter', 'ledamot')})?\s+)?"
    rf"(?:(?P<first>ja|nej)[- \t]?{_any('röstar', 'röstade', 'röster')}"
    rf"|{_any('röstar', 'röstade')}\s+(?P<after>ja|nej)"
    rf"|(?P<abstain>{_any('avstår', 'avstod', 'avstående')}(?:\s+{_any('från att rösta')})?)"
    rf"|(?P<absent>{_any('frånvarande', 'frånvarande ledamöter')}))"
    r"[ \t]*(?:\(\s*\d+\s*\))?[ \t]*(?::|$)",
    re.IGNORECASE | re.MULTILINE,
)
_NAME = r"[A-ZÅÄÖÉÜ][\w'’-]+(?:[ \t]+[A-ZÅÄÖÉÜ][\w'’-]+){1,3}"
_GROUP = rf"\(\s*(?:(?:alla|samtliga|{fuzzy('båda')})\s+)?{PARTY}\s*\)"
_MEMBER = rf"{_NAME}(?:[ \t]*{_GROUP})?"
_NAMES_ONLY = re.compile(rf"[ \t]*{_MEMBER}(?:[ \t]*(?:,|och|samt)[ \t]*{_MEMBER})*[ \t]*,?[ \t]*")

_NAME_COLUMN = _any("ledamot", "ledamöter", "namn", "ersättare", "tjänstgörande", "ledamot/ersättare")
_COLUMNS = {
    "yes": _any("ja"),
    "no": _any("nej"),
    "abstain": _any("avstår", "avstod", "avstående"),
    "absent": _any("frånvarande", "frånv"),
    "party": _any("parti"),
}
_TOTAL_ROW = re.compile(_any("summa", "summa röster", "totalt", "antal", "resultat"), re.IGNORECASE)
_MARK = re.compile(r"[xX×1]|ja", re.IGNORECASE)

# Counts written as words; the index is the number ("en" and "ett" are both read as one).
_NUMBER_WORDS = ("en", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio")
_NUMBER_WORDS += (
    "elva",
    "tolv",
    "tretton",
    "fjorton",
    "femton",
    "sexton",
    "sjutton",
    "arton",
    "nitton",
    "tjugo",
)
_COUNT = re.compile(
    rf"(?<![\w,.])(?P<n>\d{{1,3}}|{_any(*_NUMBER_WORDS)})\s+(?:st\s+)?"
    rf"(?:{_any('ledamöter', 'ledamot', 'som')}\s+){{0,2}}"
    rf"(?P<kind>ja|nej|{_any('avstår', 'avstod', 'avstående', 'nedlagda', 'nedlagd', 'blanka')})\b",
    re.IGNORECASE,
)
_KIND_OF_COUNT = {"ja": "yes", "nej": "no"}
_DECIDES = re.compile(
    r"\b(?:beslutat|beslutar|beslutade|beslöt|bifallit|avslagit|bifaller|avslår|vunnit|segrat)\b"
    + "|"
    + fuzzy("utslagsröst"),
    re.IGNORECASE,
)
_LABELS = (("yes", "ja"), ("no", "nej"), ("abstain", "avstår"))
_VOTE_COLUMNS = ("yes", "no", "abstain", "absent")


@dataclass(frozen=True)
class _Found:
    """What one reader found: the ballots or counts, and the range it read."""

    start: int
    end: int
    ballots: tuple[ParsedBallot, ...] = ()
    counts: tuple[tuple[str, int], ...] = ()


def parse_votes(text: str, start: int = 0, end: int | None = None) -> list[ParsedVote]:
    """Every votering in ``text[start:end]`` (masked minutes of one paragraph), in text order."""
    end = len(text) if end is None else end
    opened = list(_START.finditer(text, start, end))
    found = []
    for index, match in enumerate(opened):
        limit = opened[index + 1].start() if index + 1 < len(opened) else end
        found.append(_vote(text, match.start(), _section_end(text, match.end(), limit)))
    return found


def _section_end(text: str, start: int, limit: int) -> int:
    """A vote stays in its section: it ends at the next heading that is not Votering/Beslutsgång."""
    for line in lines(text, start, limit):
        key = heading_key(line.text)
        if key and key != "procedure":
            return line.start
    return limit


def _vote(text: str, start: int, end: int) -> ParsedVote:
    question, yes_means, no_means, asked_end = _proposition(text, start, end)
    named = _named_lists(text, start, end) + _tables(text, start, end)
    ballots = tuple(ballot for part in named for ballot in part.ballots)
    totals = _totals(text, start, end, named)
    read_end = max([asked_end, *(part.end for part in named)])
    result = _result(text, totals.start if totals else read_end, end)
    yes, no, abstain, mismatch = _tally(totals, ballots)
    last = max(read_end, totals.end if totals else 0, result.end if result else 0)
    return ParsedVote(
        yes_means=yes_means,
        no_means=no_means,
        yes=yes,
        no=no,
        abstain=abstain,
        ballots=ballots,
        result=result.text if result else None,
        span=(start, last),
        question=question,
        mismatch=mismatch,
    )


def _tally(totals: _Found | None, ballots: tuple[ParsedBallot, ...]) -> tuple[int, int, int, str | None]:
    """(ja, nej, avstår, mismatch): the announced totals, a count the text leaves out taken from
    the names; the mismatch says which announced totals the named ballots contradict."""
    announced = dict(totals.counts) if totals else {}
    named = Counter(ballot.vote for ballot in ballots)
    counts = [announced.get(key, named[key]) for key, _ in _LABELS]
    return counts[0], counts[1], counts[2], _mismatch(announced, named) if ballots else None


# --- Proposition ----------------------------------------------------------------------------------


def _proposition(text: str, start: int, end: int) -> tuple[str | None, str, str, int]:
    """(question as written, what ja means, what nej means, end of the proposition); "" for a
    meaning the text leaves unstated, as in "den det ej vill röstar nej"."""
    yes = _YES_MEANS.search(text, start, end)
    wants = _WHO_WANTS.search(text, start, end)
    if wants and (not yes or wants.start() < yes.start()):
        opened, no = wants, _IF_NO_WINS.search(text, wants.end(), end)
    elif yes:
        opened, no = yes, _NO_MEANS.search(text, yes.end(), end)
    else:
        return None, "", "", start
    closed = (no or opened).end()
    return _question(text, opened.start(), closed), _flat(opened["what"]), _meaning(no), closed


def _meaning(match: re.Match[str] | None) -> str:
    return _flat(match["what"]) if match else ""


def _question(text: str, start: int, end: int) -> str:
    stop = end + 1 if text[end : end + 1] == "." else end
    return _flat(text[start:stop])


def _flat(value: str) -> str:
    return " ".join(value.split())


# --- Named lists ----------------------------------------------------------------------------------


def _named_lists(text: str, start: int, end: int) -> list[_Found]:
    """Ballots from labelled lists: "Ja röstar: A (S), B (V)", the names going on over lines."""
    found = []
    for label in _LIST_LABEL.finditer(text, start, end):
        line_end = text.find("\n", label.end(), end)
        spans = [(label.end(), end if line_end < 0 else line_end)]
        for line in lines(text, spans[0][1], end):
            if _LIST_LABEL.match(line.text) or not _NAMES_ONLY.fullmatch(line.text):
                break
            spans.append(line.span)
        actors = [actor for s, e in spans for actor in parse_actors(text[s:e], s)]
        ballots = tuple(ParsedBallot(actor, _label_vote(label)) for actor in actors)
        found.append(_Found(label.start(), spans[-1][1], ballots))
    return found


def _label_vote(label: re.Match[str]) -> str:
    said = label["first"] or label["after"]
    if said:
        return _KIND_OF_COUNT[said.lower()]
    return "abstain" if label["abstain"] else "absent"


# --- Tables ---------------------------------------------------------------------------------------


def _tables(text: str, start: int, end: int) -> list[_Found]:
    """Ballots from tab tables whose header names a member column and Ja and Nej columns; the rows
    run on over a page break (masked lines are blank) until a line without a tab."""
    found = []
    all_lines = lines(text, start, end)
    for index, line in enumerate(all_lines):
        columns = _header_columns(line.text)
        if columns:
            rows = []
            for row in all_lines[index + 1 :]:
                if "\t" not in row.text:
                    break
                rows.append(row)
            found.append(_table(columns, line, rows))
    return found


def _header_columns(line: str) -> dict[str, int] | None:
    """Column indexes of a vote table header ("name", "yes", "no", ...), or None for other lines."""
    if "\t" not in line:
        return None
    cells = [cell.strip(" *") for cell in line.split("\t")]
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if "name" not in columns and re.fullmatch(_NAME_COLUMN, cell, re.IGNORECASE):
            columns["name"] = index
        for key, pattern in _COLUMNS.items():
            if key not in columns and re.fullmatch(pattern, cell, re.IGNORECASE):
                columns[key] = index
    return columns if {"name", "yes", "no"} <= columns.keys() else None


def _table(columns: dict[str, int], header: Block, rows: list[Block]) -> _Found:
    ballots = []
    counts: tuple[tuple[str, int], ...] = ()
    for row in rows:
        cells = row.text.split("\t")
        name = _cell(cells, columns["name"])
        if _TOTAL_ROW.fullmatch(name):
            counts = _row_counts(cells, columns)
            continue
        ballot = _row_ballot(row, cells, columns)
        if ballot:
            ballots.append(ballot)
    end = rows[-1].end if rows else header.end
    return _Found(header.start, end, tuple(ballots), counts)


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _row_counts(cells: list[str], columns: dict[str, int]) -> tuple[tuple[str, int], ...]:
    """Totals from a "Summa" row: the numbers in the Ja, Nej and Avstår columns."""
    found = []
    for key in ("yes", "no", "abstain"):
        value = _cell(cells, columns.get(key))
        if value.isdigit():
            found.append((key, int(value)))
    return tuple(found)


def _row_ballot(row: Block, cells: list[str], columns: dict[str, int]) -> ParsedBallot | None:
    """One member's row: the first vote column with a mark (X) in it; None for an unmarked row."""
    marked = [key for key in _VOTE_COLUMNS if _MARK.fullmatch(_cell(cells, columns.get(key)))]
    vote = marked[0] if marked else None
    name = _cell(cells, columns["name"])
    if not vote or not name:
        return None
    offset = row.start + sum(len(cell) + 1 for cell in cells[: columns["name"]])
    offset += cells[columns["name"]].find(name)
    actor = parse_actor(name, offset) or Actor(name, None, (offset, offset + len(name)))
    party = actor.party or _party(_cell(cells, columns.get("party")))
    return ParsedBallot(Actor(actor.name, party, actor.span, actor.role), vote)


def _party(cell: str) -> str | None:
    """A party cell as an abbreviation: "S" and a local "NL" as written, "Socialdemokraterna" -> "S"."""
    bare = cell.strip("() ")
    if not bare:
        return None
    return bare if re.fullmatch(PARTY, bare) else party_abbreviation(bare)


# --- Totals and result ----------------------------------------------------------------------------


def _totals(text: str, start: int, end: int, named: list[_Found]) -> _Found | None:
    """The announced totals: counts written in the text outside the named lists and tables (the
    first of each kind), else the "Summa" row of a table; None when no ja or nej count is given."""
    taken = [(part.start, part.end) for part in named]
    counts: dict[str, tuple[int, Span]] = {}
    for match in _COUNT.finditer(text, start, end):
        if any(s <= match.start() < e for s, e in taken):
            continue
        kind = _KIND_OF_COUNT.get(match["kind"].lower(), "abstain")
        counts.setdefault(kind, (_number(match["n"]), match.span()))
    if {"yes", "no"} & counts.keys():
        spans = [span for _, span in counts.values()]
        found = tuple((kind, n) for kind, (n, _) in counts.items())
        return _Found(min(s for s, _ in spans), max(e for _, e in spans), counts=found)
    summed = next((part for part in named if part.counts), None)
    return _Found(summed.end, summed.end, counts=summed.counts) if summed else None


def _number(value: str) -> int:
    if value.isdigit():
        return int(value)
    words = {fold(word): index for index, word in enumerate(_NUMBER_WORDS)}
    return max(1, words[fold(value)])


def _result(text: str, start: int, end: int) -> Block | None:
    """The sentence that gives the outcome ("... har kommunstyrelsen beslutat enligt X:s yrkande."),
    from the sentence holding ``start`` on; never the proposition's "Vinner nej har ..."."""
    for sentence in _sentences(text, start, end):
        if sentence.end > start and _DECIDES.search(sentence.text) and not _CONDITIONAL.search(sentence.text):
            return sentence
    return None


def _sentences(text: str, start: int, end: int) -> list[Block]:
    """Sentences from the block holding ``start`` to ``end``, whitespace folded, spans into ``text``."""
    found = []
    for block in blocks(text, _block_start(text, start), end):
        position = block.start
        for stop in re.finditer(r"[.!?](?=\s+[A-ZÅÄÖ0-9]|\s*$)", text[block.start : block.end]):
            found.append(_sentence(text, position, block.start + stop.end()))
            position = _skip_space(text, block.start + stop.end(), block.end)
        if position < block.end:
            found.append(_sentence(text, position, block.end))
    return found


def _block_start(text: str, offset: int) -> int:
    """Where the paragraph holding ``offset`` begins: after the last blank line before it."""
    breaks = list(re.finditer(r"\n[ \t]*\n", text[:offset]))
    return breaks[-1].end() if breaks else 0


def _sentence(text: str, start: int, end: int) -> Block:
    return Block(_flat(text[start:end]), start, end)


def _skip_space(text: str, position: int, end: int) -> int:
    while position < end and text[position].isspace():
        position += 1
    return position


def _mismatch(announced: dict[str, int], named: Counter[str]) -> str | None:
    """Which announced totals differ from the named ballots, in words; None when all agree."""
    differing = [
        f"{label}: {announced[key]} redovisade, {named[key]} namngivna"
        for key, label in _LABELS
        if key in announced and announced[key] != named[key]
    ]
    return "; ".join(differing) or None
