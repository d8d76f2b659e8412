"""Richer planner statistics for the source documents' search vectors (PostgreSQL).

Whether a search is broad is decided from the planner's estimate of its matches. A source document
is long and its vocabulary wide, so the default sample keeps too few of its words: for a word
outside the sample the planner guessed a tenth of the documents that really hold it, and a search
matching 9,000 cases through their protocols was taken for a narrow one and ranked in full.
"""

from django.db import migrations

TABLE_COLUMN = "decisions_sourcedocument ALTER COLUMN search_vector"


def statistics_raise(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE_COLUMN} SET STATISTICS 1000")


def statistics_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE_COLUMN} SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("decisions", "0007_indexes_for_large_registers")]

    operations = [migrations.RunPython(statistics_raise, statistics_default, elidable=True)]
