"""Action plans (handlingsplaner) written as tab-separated tables, and their abbreviation glossaries.

A plan is a title line ("Handlingsplan mot ... 2016-2017"), prose sections ("Syfte", "Mål") and one
or more tables whose header row names the columns: Fokusområde, Aktivitet, Genomförande, Ansvarig,
Genomfört, Uppföljning. A page break starts a new table with the header repeated, so all tables
under one title are one plan. A blank focus-area cell continues the focus area above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import Block, fold, fuzzy, line_number, lines, parse_swedish_date, strip_tags
from .types import ParsedActionPlan, ParsedActivity, ParsedUnit, ParseError

# Column key -> the header names that mean it. The column headed "Genomfört" holds the planned
# completion date in practice, so it is read as the deadline (and as "done" only when it is no date).
_COLUMNS: dict[str, tuple[str, ...]] = {
    "focus_area": ("fokusområde", "fokusområden", "område", "insatsområde"),
    "title": ("aktivitet", "aktiviteter", "åtgärd", "åtgärder"),
    "implementation": ("genomförande", "metod", "beskrivning"),
    "responsible": ("ansvarig", "ansvariga", "ansvar"),
    "deadline": ("genomfört", "klart senast", "tidplan", "tidpunkt", "deadline", "när"),
    "done": ("status", "klart", "utfört"),
    "follow_up": ("uppföljning", "kommentar"),
}
_COLUMN_RES = {
    key: re.compile("|".join(fuzzy(name) for name in names), re.IGNORECASE) for key, names in _COLUMNS.items()
}
_MIN_KNOWN_COLUMNS = 3
_PLAN_TITLE = re.compile(
    r"^[ \t*#]*(?:handlingsplan|"
    + fuzzy("åtgärdsplan")
    + r"|aktivitetsplan)[ \t]+(?:mot|"
    + fuzzy("för")
    + r"|om)[ \t]"
    r"[^\n]{3,150}$",
    re.IGNORECASE | re.MULTILINE,
)
_PERIOD = re.compile(r"\b((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?\b")
_TRAILING_DNR = re.compile(r"\s*\([^()]*\d{4}[^()]*\)\s*$")
_BROKEN_HYPHEN = re.compile(r"(?<=[^\W\d_]{3})-(?=[a-zåäöéü])")
_LIST_SEPARATOR = re.compile(r"\s*(?:,|\boch\b|\bsamt\b|&)\s*")


@dataclass(frozen=True)
class _Table:
    header: dict[str, int]  # column key -> cell index
    header_line: Block
    rows: tuple[Block, ...]

    @property
    def start(self) -> int:
        return self.header_line.start

    @property
    def end(self) -> int:
        return self.rows[-1].end


def parse_action_plans(
    text: str, start: int = 0, end: int | None = None, *, filename: str = ""
) -> list[ParsedActionPlan]:
    """Every action plan in ``text[start:end]``: tables under the same title line are merged into
    one plan, activities numbered 1..n across them. Raises ParseError for a truncated table."""
    end = len(text) if end is None else end
    tables = _tables(text, start, end, filename)
    groups: dict[int, list[_Table]] = {}
    for table in tables:
        groups.setdefault(_title_offset(text, start, table.start), []).append(table)
    return [_plan(text, title_at, grouped) for title_at, grouped in groups.items()]


def _tables(text: str, start: int, end: int, filename: str) -> list[_Table]:
    found: list[_Table] = []
    all_lines = lines(text, start, end)
    index = 0
    while index < len(all_lines):
        header = _header(all_lines[index].text)
        if header is None:
            index += 1
            continue
        rows = _rows(all_lines, index + 1, text)
        _check_rows(text, all_lines[index], rows, filename)
        found.append(_Table(header, all_lines[index], tuple(rows)))
        index += 1 + len(rows)
    return found


def _header(line: str) -> dict[str, int] | None:
    """Column key -> index when ``line`` is a header row naming at least three known columns."""
    if "\t" not in line:
        return None
    header: dict[str, int] = {}
    for position, cell in enumerate(line.split("\t")):
        key = _column_key(strip_tags(cell).strip())
        if key and key not in header:
            header[key] = position
    return header if len(header) >= _MIN_KNOWN_COLUMNS and "title" in header else None


def _column_key(cell: str) -> str | None:
    for key, pattern in _COLUMN_RES.items():
        if pattern.fullmatch(cell):
            return key
    return None


def _rows(all_lines: list[Block], index: int, text: str) -> list[Block]:
    """The rows after a header: consecutive lines (no blank line between) that carry a tab."""
    rows: list[Block] = []
    previous_end = all_lines[index - 1].end
    while index < len(all_lines):
        line = all_lines[index]
        if "\t" not in line.text or text[previous_end : line.start].count("\n") > 1:
            break
        if _header(line.text) is not None:
            break
        rows.append(line)
        previous_end = line.end
        index += 1
    return rows


def _check_rows(text: str, header_line: Block, rows: list[Block], filename: str) -> None:
    if not rows:
        raise ParseError(
            "truncated table: a header row without rows",
            filename=filename,
            line=line_number(text, header_line.start),
        )
    width = len(header_line.text.rstrip("\t ").split("\t"))
    for row in rows:
        cells = len(row.text.split("\t"))
        if cells < width:
            raise ParseError(
                f"truncated table: {cells} cells where the header has {width}",
                filename=filename,
                line=line_number(text, row.start),
            )


def _title_offset(text: str, start: int, before: int) -> int:
    """Offset of the nearest plan title line before ``before``; ``before`` itself when there is none."""
    titles = [m for m in _PLAN_TITLE.finditer(text, start, before) if not m.group().rstrip().endswith(".")]
    return titles[-1].start() if titles else before


def _plan(text: str, title_at: int, tables: list[_Table]) -> ParsedActionPlan:
    has_title = title_at < tables[0].start
    line_end = text.find("\n", title_at)
    title = _plan_title(text[title_at : line_end if line_end >= 0 else len(text)]) if has_title else ""
    period = _PERIOD.search(title)
    prose_end = tables[0].start
    return ParsedActionPlan(
        title=title,
        period_start=int(period[1]) if period else None,
        period_end=int(period[2] or period[1]) if period else None,
        purpose=_section(text, title_at, prose_end, "syfte"),
        goal=_section(text, title_at, prose_end, "mål"),
        activities=tuple(_activities(text, tables)),
        span=(title_at, tables[-1].end),
    )


def _plan_title(line: str) -> str:
    return _TRAILING_DNR.sub("", " ".join(strip_tags(line).split()))


def _activities(text: str, tables: list[_Table]) -> list[ParsedActivity]:
    activities: list[ParsedActivity] = []
    focus_area = ""
    for table in tables:
        for row in table.rows:
            cells = _cells(row.text, table.header)
            focus_area = cells.get("focus_area") or focus_area
            activities.append(_activity(len(activities) + 1, focus_area, cells, row))
    return activities


def _cells(row: str, header: dict[str, int]) -> dict[str, str]:
    raw = row.split("\t")
    return {key: clean_cell(raw[index]) for key, index in header.items()}


def clean_cell(cell: str) -> str:
    """A table cell as read: tags stripped, spaces collapsed, and a word that an old line break
    split with a hyphen ("Trygghets-samordnaren") joined again; "Kultur- och" stays as it is."""
    return _BROKEN_HYPHEN.sub("", " ".join(strip_tags(cell).split()))


def _activity(position: int, focus_area: str, cells: dict[str, str], row: Block) -> ParsedActivity:
    completion = cells.get("deadline") or ""
    deadline = parse_swedish_date(completion) if completion else None
    done = cells.get("done") or (completion if completion and deadline is None else None)
    responsible_text = cells.get("responsible", "")
    return ParsedActivity(
        position=position,
        focus_area=focus_area,
        title=cells.get("title", ""),
        implementation=cells.get("implementation") or None,
        responsible=split_responsible(responsible_text),
        responsible_text=responsible_text,
        deadline=deadline,
        done=done or None,
        follow_up=cells.get("follow_up") or None,
        span=row.span,
    )


def split_responsible(cell: str) -> tuple[str, ...]:
    """ "KLK, BUF och Lopo Täby" -> ("KLK", "BUF", "Lopo Täby"); commas, "och", "samt" separate."""
    return tuple(part for part in (p.strip() for p in _LIST_SEPARATOR.split(cell)) if part)


def _section(text: str, start: int, end: int, heading: str) -> str | None:
    """The prose under ``heading`` ("Syfte", "Mål") up to the next heading-like line, lines joined
    with newlines; None when there is no such heading."""
    found: list[str] = []
    collecting = False
    for line in lines(text, start, end):
        bare = line.text.strip()
        if _is_heading_like(text, line):
            if collecting:
                break
            collecting = bool(re.fullmatch(fuzzy(heading) + r"\s*:?", bare, re.IGNORECASE))
        elif collecting:
            found.append(bare)
    return "\n".join(found) or None


def _is_heading_like(text: str, line: Block) -> bool:
    """A short line standing alone (blank lines around it) that ends no sentence: "Syfte", "Mål"."""
    bare = line.text.strip()
    alone = text[: line.start].endswith("\n\n") or text[: line.start].rstrip(" \t").endswith("\n\n")
    return (
        alone
        and len(bare) < 60
        and bare[:1].isupper()
        and not re.search(r"[.:;!?,]$", bare)
        and "\t" not in bare
        and not re.match(r"[-•*]\s", bare)
    )


_GLOSSARY = re.compile(
    r"^[ \t]*(?P<abbr>[A-ZÅÄÖ][\wÅÄÖåäö]{0,9}(?:[ \t][A-ZÅÄÖ][\wÅÄÖåäö]{1,14})?)[ \t]+=[ \t]+"
    r"(?P<name>[^\n]*?\S)[ \t]*$",
    re.MULTILINE,
)
_TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")


def parse_glossary(text: str) -> list[ParsedUnit]:
    """Units defined by glossary lines ("KLK = Kommunledningskontoret"); a trailing parenthesis is
    no part of the name; a definition repeated on a later page is kept once (the first)."""
    units: dict[str, ParsedUnit] = {}
    for match in _GLOSSARY.finditer(text):
        name = _TRAILING_PARENTHESIS.sub("", match["name"]).strip()
        key = fold(match["abbr"])
        if name and key not in units:
            units[key] = ParsedUnit(match["abbr"], name, (match.start("abbr"), match.end()))
    return list(units.values())
