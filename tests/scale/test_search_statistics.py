"""The estimate that decides whether a search is broad is worked out from PostgreSQL's statistics
of the search vectors, the planner's way, without asking the planner (``search_statistics``)."""

import math

import pytest
from django.db import connection

from decisions import search_statistics, selectors
from decisions.search_statistics import DEFAULT_MATCH, VectorWords

OWN = ("decisions_case", "decisions_statement", "decisions_reservation")


def words(frequencies: dict[str, float], rows: float = 1_000) -> VectorWords:
    least, most = min(frequencies.values()), max(frequencies.values())
    return VectorWords.of(rows, 0.0, list(frequencies), [*frequencies.values(), least, most])


def test_a_prefix_adds_up_the_common_elements_it_begins_and_a_share_of_the_rest():
    common = {f"ord{n:03}": 0.01 for n in range(200)} | {"nätverk": 0.30, "nätverksträff": 0.10}
    vector = words(common)
    in_any = 1 - 0.99**200 * 0.70 * 0.90
    matched = 1 - 0.70 * 0.90
    assert math.isclose(vector.prefix_share("nätverk"), matched + (1 - in_any) * 2 / 202)
    # A prefix no common element begins with is still as likely as a rare word.
    assert vector.prefix_share("lånecykel") == min(DEFAULT_MATCH, 0.01 / 2)


def test_words_combine_as_the_planner_combines_them_and_never_estimate_below_one_row():
    vector = words({f"ord{n:03}": 0.02 for n in range(150)} | {"skola": 0.5, "förskola": 0.2}, rows=10_000)
    skola, forskola = vector.prefix_share("skola"), vector.prefix_share("förskola")
    assert 0.5 < skola < 0.51 and 0.2 < forskola < 0.21
    assert vector.matching_rows([["skola", "förskola"]]) == round((1 - (1 - skola) * (1 - forskola)) * 10_000)
    assert vector.matching_rows([["skola"], ["förskola"]]) == round(skola * forskola * 10_000)
    assert vector.matching_rows([["xyzzy"], ["qwerty"]]) == 1


def test_without_enough_common_elements_a_prefix_gets_the_planners_default():
    assert words({"skola": 0.5}).prefix_share("skola") == DEFAULT_MATCH * 4


@pytest.mark.postgres
def test_after_analyze_the_estimate_is_the_planners(register):
    with connection.cursor() as cursor:
        for table in (*OWN, "decisions_sourcedocument", "decisions_sourcedocument_cases"):
            cursor.execute(f"ANALYZE {table}")
    search_statistics.forget()
    for text in ["nätverket", "terrorattentat", "Nordic Safe Cities", "handlingsplan"]:
        raw = selectors.swedish_prefix_query(text)
        ours, _cases = search_statistics.matching_rows(
            raw,
            own=OWN,
            documents="decisions_sourcedocument",
            links="decisions_sourcedocument_cases",
            using="default",
        )
        planner = []
        for table in OWN:
            matching = f"SELECT 1 FROM {table} WHERE search_vector @@ to_tsquery('swedish', %s)"
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (FORMAT JSON) " + matching, [raw])
                planner.append(selectors._plan_rows(cursor.fetchone()[0]))
        assert ours[:3] == planner, text


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_stems_of_a_query_are_asked_for_once_and_grouped_by_its_words():
    """What the Swedish dictionary makes of a query never changes: the second time the same words
    are searched, their stems come without a query. "nätverket" is cut to the stem of "nätverk"
    and searched as a prefix; the query's two words stay two groups."""
    from django.test.utils import CaptureQueriesContext

    raw = selectors.swedish_prefix_query("nätverket terrorattentat")
    with CaptureQueriesContext(connection) as first:
        groups = search_statistics.stem_groups(raw, "default")
    with CaptureQueriesContext(connection) as again:
        assert search_statistics.stem_groups(raw, "default") == groups
    assert len(first) == 1 and len(again) == 0
    assert len(groups) == 2 and "nätverk" in groups[0] and any(s.startswith("terror") for s in groups[1])
    search_statistics.forget()
    with CaptureQueriesContext(connection) as after_forgetting:
        search_statistics.stem_groups(raw, "default")
    assert len(after_forgetting) == 1
