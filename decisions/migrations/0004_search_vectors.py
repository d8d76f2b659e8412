"""Stored Swedish full-text vectors for cases, statements, reservations and source documents.

On PostgreSQL a trigger keeps each vector current on every insert and update (so bulk inserts and
fixture loads are covered too) and a GIN index serves the search. Other databases keep the column
empty and search with the plain fallback in ``selectors.case_search``.
"""

import django.contrib.postgres.search
from django.db import migrations

# Table, the columns the vector is made of, and the SQL that makes it from NEW.
VECTORS = {
    "decisions_case": (
        "title, dnr, summary, decision_points",
        "setweight(to_tsvector('swedish', coalesce(NEW.title, '') || ' ' || coalesce(NEW.dnr, '')), 'A')"
        " || setweight(to_tsvector('swedish', coalesce(NEW.summary, '')), 'B')"
        " || setweight(jsonb_to_tsvector('swedish',"
        " coalesce(NEW.decision_points, '[]'::jsonb), '[\"string\"]'), 'B')",
    ),
    "decisions_statement": ("text", "to_tsvector('swedish', coalesce(NEW.text, ''))"),
    "decisions_reservation": ("reason", "to_tsvector('swedish', coalesce(NEW.reason, ''))"),
    "decisions_sourcedocument": ("text", "setweight(to_tsvector('swedish', coalesce(NEW.text, '')), 'D')"),
}


def _statements(table, columns, expression):
    return [
        f"""CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger AS $$
        BEGIN NEW.search_vector := {expression}; RETURN NEW; END $$ LANGUAGE plpgsql""",
        f"""CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE OF {columns}
        ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_search_vector()""",
        # Touch every row once so the trigger fills the vectors of what is already there.
        f"UPDATE {table} SET {columns.split(',')[0]} = {columns.split(',')[0]}",
        f"CREATE INDEX {table}_search_gin ON {table} USING gin (search_vector)",
    ]


def vectors_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, (columns, expression) in VECTORS.items():
        for statement in _statements(table, columns, expression):
            schema_editor.execute(statement)


def vectors_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in VECTORS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_search_vector()")


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0003_votes"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, serialize=False
            ),
        ),
        migrations.AddField(
            model_name="reservation",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, serialize=False
            ),
        ),
        migrations.AddField(
            model_name="sourcedocument",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, serialize=False
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, serialize=False
            ),
        ),
        migrations.RunPython(vectors_create, vectors_drop),
    ]
