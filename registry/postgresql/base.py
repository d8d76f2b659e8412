"""Django's PostgreSQL backend, with server-side prepared statements for the reads inside
``registry.postgresql.prepared_reads``.

PostgreSQL plans a query each time it receives one. The case page's reads look a case up by its
key: planning them took 3 ms, running them under 1 ms. A prepared statement is planned once per
connection and run with each request's values. Only the reads a page marks are prepared, because a
plan made once suits reads whose values do not change it (a key, the words of a narrow search
alone, which reads the same indexes for any words, or the first page of a broad search alone, which
walks the newest cases for any words); a search beside other filters, or a filter's, depends on its
words and values and is planned afresh. Statements that begin with SELECT or WITH are prepared.

psycopg2 writes the values into the query on the client, so a read is prepared with ``PREPARE`` and
run with ``EXECUTE``. A number, truth value, date or time is declared with its type, so that the
database reads it as it would the literal psycopg2 writes; text and lists are left for PostgreSQL to
type from where they stand, as it types a quoted literal. One read with values of other types is
another statement. A read PostgreSQL will not prepare runs as before."""

import datetime
import decimal
import itertools
import re

import psycopg2
import psycopg2.errors
from django.conf import settings
from django.db.backends.postgresql import base
from psycopg2.extensions import TRANSACTION_STATUS_IDLE

from . import preparing

# Statements kept per connection at most: a read's SQL has a fixed shape, but a list of values
# written out (``IN (%s, %s, ...)``) makes one per length.
MOST_PREPARED = 200

# The SQL type of a value of each Python type; any other is typed by its place in the query.
PARAMETER_TYPES = {
    bool: "boolean",
    int: "bigint",
    float: "double precision",
    decimal.Decimal: "numeric",
    datetime.datetime: "timestamptz",
    datetime.date: "date",
    datetime.time: "time",
}

_PLACEHOLDER = re.compile(r"%%|%s")


def numbered(sql: str) -> str:
    """``sql`` with psycopg2's ``%s`` placeholders as PostgreSQL's ``$1, $2, ...``."""
    count = itertools.count(1)
    return _PLACEHOLDER.sub(lambda m: "%" if m.group() == "%%" else f"${next(count)}", sql)


def parameter_types(values) -> tuple[str, ...]:
    return tuple(PARAMETER_TYPES.get(type(value), "unknown") for value in values)


class Prepared:
    """The statements prepared in one database session, by SQL and parameter types."""

    def __init__(self, refused: set[tuple]):
        self.names: dict[tuple, str] = {}
        self.made = itertools.count(1)
        # What PostgreSQL would not prepare is the same in every session.
        self.refused = refused


class PreparingCursor(psycopg2.extensions.cursor):
    """A cursor that runs a read as a prepared statement while ``prepared_reads`` is on."""

    prepared: Prepared

    def execute(self, query, vars=None):
        if not preparing() or not isinstance(vars, (list, tuple)) or not query.startswith(("SELECT", "WITH")):
            return super().execute(query, vars)
        key = (query, parameter_types(vars))
        name = self.prepared.names.get(key) or self._prepare(key)
        if name is None:
            return super().execute(query, vars)
        arguments = f"({', '.join(['%s'] * len(vars))})" if vars else ""
        try:
            return super().execute(f"EXECUTE {name}{arguments}", vars)
        except (psycopg2.errors.InvalidSqlStatementName, psycopg2.errors.FeatureNotSupported):
            # The statement is gone (the session was reset) or its plan no longer fits (a column
            # changed type): forget it, and outside a transaction run the read as written.
            del self.prepared.names[key]
            if self._in_transaction():
                raise
            return super().execute(query, vars)

    def _in_transaction(self) -> bool:
        # Out of autocommit, psycopg2 opens a transaction before the next statement it sends.
        connection = self.connection
        return not connection.autocommit or connection.get_transaction_status() != TRANSACTION_STATUS_IDLE

    def _prepare(self, key: tuple) -> str | None:
        if key in self.prepared.refused or len(self.prepared.names) >= MOST_PREPARED:
            return None
        query, types = key
        name = f"register_read_{next(self.prepared.made)}"
        declared = f"({', '.join(types)})" if types else ""
        # A refused PREPARE inside a transaction would abort it: try it at a savepoint there.
        in_transaction = self._in_transaction()
        try:
            if in_transaction:
                super().execute("SAVEPOINT register_prepare")
            super().execute(f"PREPARE {name} {declared} AS {numbered(query)}")
        except psycopg2.Error:
            if in_transaction:
                super().execute("ROLLBACK TO SAVEPOINT register_prepare")
            self.prepared.refused.add(key)
            return None
        if in_transaction:
            super().execute("RELEASE SAVEPOINT register_prepare")
        self.prepared.names[key] = name
        return name


class DatabaseOperations(base.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        # What a query log shows is the read with its values, not the EXECUTE that ran it.
        sent = super().last_executed_query(cursor, sql, params)
        if sent and sent.startswith("EXECUTE register_read_"):
            return cursor.mogrify(sql, params).decode()
        return sent


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepares = self.settings_dict.get("PREPARED_READS", True)
        self.refused: set[tuple] = set()
        self.prepared = Prepared(self.refused)

    def get_new_connection(self, conn_params):
        # Prepared statements live in the database session: a new connection has none.
        self.prepared = Prepared(self.refused)
        return super().get_new_connection(conn_params)

    def create_cursor(self, name=None):
        if name or not self.prepares:
            return super().create_cursor(name)
        cursor = self.connection.cursor(cursor_factory=PreparingCursor)
        cursor.tzinfo_factory = self.tzinfo_factory if settings.USE_TZ else None
        cursor.prepared = self.prepared
        return cursor
