"""How many rows a search's words match, estimated from PostgreSQL's statistics of the search
vectors, as its planner estimates them, without asking the planner.

A search asks first whether it is broad (``selectors.case_search_broad_estimate``). Asking the
planner (EXPLAIN) cost 1.0-1.5 ms a search, nearly all of it planning a query that is never run.
The planner's estimate of ``vector @@ 'stem':*`` comes from the column's most common elements
(``pg_stats.most_common_elems``) and their frequencies; those, and each table's size, are read
here once a minute per process, and the estimate is worked out the planner's way
(``tsquery_opr_selec`` in PostgreSQL's ``ts_selfuncs.c``) by a binary search of the sorted
elements instead of a pass over all of them.

The words are the stems the database makes of the query (``to_tsquery``), read in one short query:
stemming and stop words are the database's.
"""

from __future__ import annotations

import math
import re
import time
from bisect import bisect_left
from dataclasses import dataclass

from django.db import connections

# The planner's selectivity of a lexeme it has no statistics for (DEFAULT_TS_MATCH_SEL), and its
# fewest most common elements for a prefix to be estimated from them.
DEFAULT_MATCH = 0.005
FEWEST_ELEMENTS = 100
STATISTICS_SECONDS = 60.0
# A frequency of 1 would make a logarithm infinite.
NEARLY_ALL = 1 - 1e-12


@dataclass(frozen=True)
class VectorWords:
    """The statistics of one table's search vector: its rows, the share of them without a vector,
    and its most common elements, sorted, with the running sum of log(1 - frequency) before each
    (so that the chance that a row holds none of a range of them is one subtraction)."""

    rows: float
    null_share: float
    elements: tuple[str, ...]
    missed_before: tuple[float, ...]
    least_frequency: float

    @classmethod
    def of(cls, rows: float, null_share: float | None, elements, frequencies) -> VectorWords:
        elements, frequencies = list(elements or []), list(frequencies or [])
        if len(frequencies) != len(elements) + 2:  # the elements' frequencies, then the least and most
            elements, frequencies = [], [0.0, 0.0]
        pairs = sorted(zip(elements, frequencies, strict=False))
        missed_before = [0.0]
        for _element, frequency in pairs:
            missed_before.append(missed_before[-1] + math.log1p(-min(frequency, NEARLY_ALL)))
        return cls(
            rows=rows,
            null_share=null_share or 0.0,
            elements=tuple(element for element, _frequency in pairs),
            missed_before=tuple(missed_before),
            least_frequency=frequencies[-2],
        )

    def prefix_share(self, prefix: str) -> float:
        """The share of rows whose vector holds a word beginning with ``prefix``."""
        length = len(self.elements)
        if length < FEWEST_ELEMENTS:
            return DEFAULT_MATCH * 4
        first = bisect_left(self.elements, prefix)
        last = bisect_left(self.elements, prefix + "\U0010ffff", first)
        matched = 1 - math.exp(self.missed_before[last] - self.missed_before[first])
        in_any = 1 - math.exp(self.missed_before[-1])
        share = matched + (1 - in_any) * (last - first) / length
        return max(min(DEFAULT_MATCH, self.least_frequency / 2), share)

    def matching_rows(self, groups: list[list[str]]) -> float:
        """The rows the planner expects to match every group of prefixes (any prefix of each)."""
        share = 1.0
        for group in groups:
            missed = 1.0
            for prefix in group:
                missed *= 1 - self.prefix_share(prefix)
            share *= 1 - missed
        return max(round(share * (1 - self.null_share) * self.rows), 1)


@dataclass(frozen=True)
class Statistics:
    vectors: dict[str, VectorWords]
    links_per_document: float
    read_at: float


_read: dict[str, Statistics] = {}
# The stems of recent queries, by raw query and database (``stem_groups``).
_stems: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {}
STEMS_KEPT = 1000


def forget() -> None:
    """Read the statistics and the stems again at the next search."""
    _read.clear()
    _stems.clear()


def _statistics(using: str, tables: tuple[str, ...], links: str) -> Statistics | None:
    """The statistics of ``tables``' search vectors on ``using``, read again after
    STATISTICS_SECONDS; None while a table has never been analysed (its size is unknown)."""
    kept = _read.get(using)
    if kept is not None and time.monotonic() - kept.read_at < STATISTICS_SECONDS:
        return kept
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reltuples, s.null_frac, s.most_common_elems::text::text[],"
            " s.most_common_elem_freqs FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " AND n.nspname = current_schema() LEFT JOIN pg_stats s ON s.schemaname = n.nspname"
            " AND s.tablename = c.relname AND s.attname = 'search_vector'"
            " WHERE c.relname = ANY(%s) AND c.relkind = 'r'",
            [[*tables, links]],
        )
        rows = {name: row for name, *row in cursor.fetchall()}
    if set(rows) != {*tables, links} or any(rows[name][0] < 0 for name in rows):
        return None
    vectors = {name: VectorWords.of(*rows[name]) for name in tables}
    links_rows = rows[links][0]
    documents = max(vectors[tables[-1]].rows, 1.0)
    kept = _read[using] = Statistics(vectors, links_rows / documents, time.monotonic())
    return kept


def stem_groups(raw_query: str, using: str) -> list[list[str]]:
    """The stems the database makes of a raw prefix query (``selectors.swedish_prefix_query``),
    grouped as the query's words: each group's stems are alternatives, every group is required.
    What the Swedish dictionary makes of a query never changes, so the stems of the last
    STEMS_KEPT queries are kept: the next page of a search, or the same words searched again,
    needs no round trip to the database for them."""
    key = (raw_query, using)
    groups = _stems.get(key)
    if groups is None:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT to_tsquery('swedish'::regconfig, %s)::text", [raw_query])
            text = cursor.fetchone()[0]
        groups = tuple(tuple(group) for group in tsquery_stems(text))
        if len(_stems) >= STEMS_KEPT:
            _stems.pop(next(iter(_stems)))  # the oldest
        _stems[key] = groups
    return [list(group) for group in groups]


def tsquery_stems(tsquery_text: str) -> list[list[str]]:
    """The stems of a tsquery as PostgreSQL writes it (``'stem':* | ... & ...``), grouped by the
    words of the query: each group's stems are alternatives, every group is required."""
    return [
        [stem.replace("''", "'") for stem in re.findall(r"'((?:[^']|'')+)'", part)]
        for part in tsquery_text.split("&")
    ]


def matching_rows(
    raw_query: str, *, own: tuple[str, ...], documents: str, links: str, using: str
) -> tuple[list[float], float] | None:
    """For each table of ``own`` (whose rows belong to a case each; the first is the cases') and
    for ``documents`` (each of whose rows counts once for each of its cases, through ``links``),
    the rows the planner expects to match ``raw_query``, and the rows of the first table; None
    when a table has no statistics yet."""
    statistics = _statistics(using, (*own, documents), links)
    if statistics is None:
        return None
    rows = statistics.vectors[own[0]].rows
    groups = [group for group in stem_groups(raw_query, using) if group]
    if not groups:
        return [0.0] * (len(own) + 1), rows
    parts = [statistics.vectors[table].matching_rows(groups) for table in own]
    in_documents = statistics.vectors[documents].matching_rows(groups) * statistics.links_per_document
    return [*parts, max(round(in_documents), 1)], rows
