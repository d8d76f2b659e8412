"""The pages that read one thing by its key run their reads as prepared statements on PostgreSQL
(``registry.postgresql``): planned once per connection, with the same answers as before."""

import datetime
import os
import re
import subprocess
import sys
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from registry.postgresql import prepared_reads
from registry.postgresql.base import Prepared, numbered, parameter_types

from ..ui.helpers import case_by_dnr

CASE_PAGE_READS = ("decisions_proposal", "decisions_statementauthor", "decisions_reservation")


def test_placeholders_are_numbered_and_a_written_percent_stays_one():
    sql = "SELECT %s, 'a %% b' FROM t WHERE x LIKE %s AND y = ANY(%s)"
    assert numbered(sql) == "SELECT $1, 'a % b' FROM t WHERE x LIKE $2 AND y = ANY($3)"


def test_values_are_declared_with_the_type_psycopg2_would_write_them_as():
    values = (
        True,
        7,
        1.5,
        Decimal("2.5"),
        datetime.datetime(2018, 5, 2),
        datetime.date(2018, 5, 2),
        "KS",
        None,
        [1],
    )
    assert parameter_types(values) == (
        "boolean",
        "bigint",
        "double precision",
        "numeric",
        "timestamptz",
        "date",
        "unknown",
        "unknown",
        "unknown",
    )


def without_form_token(content: bytes) -> str:
    """A page's HTML without its CSRF token, which is new at every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content.decode())


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'register_read_%%'")
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def nothing_prepared(db):
    """The connection as new: statements prepared by earlier tests dropped and forgotten."""
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    connection.prepared = Prepared(connection.refused)


@pytest.mark.postgres
def test_the_case_page_prepares_its_reads_once_per_connection(client, register, nothing_prepared):
    case = case_by_dnr("KS 2018/550")
    url = reverse("decisions:case_detail", args=[case.pk])
    client.get(url)
    first = prepared_statements()
    assert all(any(table in sql for sql in first) for table in CASE_PAGE_READS)
    response = client.get(url)
    assert sorted(prepared_statements()) == sorted(first)
    assert "Cecilia Brinck" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    "dnr", ["KS 2018/550", "1.2.1./747-2017", "KS 2021/346"], ids=["statements", "reservations", "actionplan"]
)
def test_a_case_page_is_the_same_with_prepared_reads_and_without(client, register, dnr):
    url = reverse("decisions:case_detail", args=[case_by_dnr(dnr).pk])
    prepared = without_form_token(client.get(url).content)
    connection.prepares = False
    try:
        written = without_form_token(client.get(url).content)
    finally:
        connection.prepares = True
    assert prepared == written
    assert prepared_statements()


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_person_page_prepares_its_reads_and_lists_the_same_cases(client, register):
    from decisions.models import Person

    person = Person.objects.get(name="Cecilia Brinck")
    url = reverse("decisions:person_detail", args=[person.pk])
    prepared = without_form_token(client.get(url).content)
    assert any("decisions_statementauthor" in sql for sql in prepared_statements())
    connection.prepares = False
    try:
        assert without_form_token(client.get(url).content) == prepared
    finally:
        connection.prepares = True


@pytest.mark.postgres
@pytest.mark.django_db
def test_values_come_back_with_their_own_types():
    with prepared_reads(), connection.cursor() as cursor:
        cursor.execute("SELECT %s AS n, %s AS day, %s AS word", [1, datetime.date(2018, 5, 2), "KS"])
        assert cursor.fetchone() == (1, datetime.date(2018, 5, 2), "KS")
    assert any("$1 AS n" in sql for sql in prepared_statements())


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_read_postgresql_will_not_prepare_runs_as_written_and_the_transaction_goes_on():
    # make_interval takes an integer: a value declared bigint has no such function, a written 3 does.
    with prepared_reads(), connection.cursor() as cursor:
        cursor.execute("SELECT make_interval(days => %s)", [3])
        assert cursor.fetchone() == (datetime.timedelta(days=3),)
        cursor.execute("SELECT count(*) FROM decisions_case")
        assert cursor.fetchone()[0] >= 0
    assert not any("make_interval" in sql for sql in prepared_statements())
    assert any("make_interval" in query for query, _types in connection.refused)


@pytest.mark.postgres
def test_a_search_prepares_only_reads_whose_plan_no_word_changes(client, register, nothing_prepared):
    """A narrow search alone (``RankedSearch``) reads each index by the query's words whatever they
    are, so its plan is made once; so are the snippets and the page's rows, read by the page's
    keys. A search beside another filter is planned afresh for its words and values."""
    response = client.get(reverse("decisions:case_list"), {"q": "terrorattentat"})
    assert "KS 2018/550" in response.content.decode()
    prepared = prepared_statements()
    snippets, ranked = '::text) AS "stems"', "others AS MATERIALIZED"
    assert any(snippets in sql for sql in prepared)
    assert any(ranked in sql for sql in prepared)
    assert any("= ANY($1)" in sql and snippets not in sql for sql in prepared)
    assert all(snippets in sql or ranked in sql or "@@" not in sql for sql in prepared)
    response = client.get(reverse("decisions:case_list"), {"q": "terrorattentat", "year": 2018})
    assert "KS 2018/550" in response.content.decode()
    assert all(snippets in sql or ranked in sql or "@@" not in sql for sql in prepared_statements())


@pytest.mark.postgres
def test_a_broad_search_alone_walks_by_one_plan_making_its_words_once(
    client, register, nothing_prepared, monkeypatch
):
    """A broad search alone walks the newest cases checking each for its words, whatever the words
    are: its first page is prepared, and each tsquery is made once per run (an InitPlan), not at
    every case walked. It lists what the search lists unprepared: "terrorattentat" is in KS
    2018/550's special statement and in Skärholmen's protocol for 1.2.1./747-2017."""
    from decisions import selectors

    monkeypatch.setattr(selectors, "SEARCH_RANK_LIMIT", 0)
    response = client.get(reverse("decisions:case_list"), {"q": "terrorattentat"})
    assert response.context["broad_search"]
    listed = [case.dnr for case in response.context["object_list"]]
    assert set(listed) == {"KS 2018/550", "1.2.1./747-2017"}
    walks = [sql for sql in prepared_statements() if "@@ (SELECT to_tsquery(" in sql]
    assert len(walks) == 1
    assert walks[0].count("(SELECT to_tsquery(") == 4 and "@@ to_tsquery(" not in walks[0]
    connection.prepares = False
    try:
        unprepared = client.get(reverse("decisions:case_list"), {"q": "terrorattentat"})
    finally:
        connection.prepares = True
    assert [case.dnr for case in unprepared.context["object_list"]] == listed
    # Beside another filter the walk is planned for its values, as before.
    client.get(reverse("decisions:case_list"), {"q": "terrorattentat", "year": 2018})
    assert [sql for sql in prepared_statements() if "@@ (SELECT to_tsquery(" in sql] == walks


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_read_whose_statement_is_gone_runs_as_written_and_is_prepared_again(client, register):
    url = reverse("decisions:case_detail", args=[case_by_dnr("KS 2018/550").pk])
    client.get(url)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    assert "Cecilia Brinck" in client.get(url).content.decode()
    assert "Cecilia Brinck" in client.get(url).content.decode()
    assert any("decisions_statementauthor" in sql for sql in prepared_statements())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_its_reads_afresh(client, register):
    url = reverse("decisions:case_detail", args=[case_by_dnr("KS 2018/550").pk])
    client.get(url)
    connection.close()
    assert "Cecilia Brinck" in client.get(url).content.decode()
    assert any("decisions_statementauthor" in sql for sql in prepared_statements())


def test_database_prepared_reads_0_turns_preparing_off():
    code = "from django.conf import settings; print(settings.DATABASES['default'].get('PREPARED_READS'))"
    environment = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:5432/unused",
        "DJANGO_SETTINGS_MODULE": "registry.settings",
    }
    shown = {}
    for flag in ("0", "1"):
        result = subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); " + code],
            env={**environment, "DATABASE_PREPARED_READS": flag},
            capture_output=True,
            text=True,
            check=True,
        )
        shown[flag] = result.stdout.strip()
    assert shown == {"0": "False", "1": "True"}
