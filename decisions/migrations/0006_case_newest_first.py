"""An index in the case list's default order, newest first, on PostgreSQL.

It holds `confidential` too, so the public count and the pages of the register are read from the
index alone. SQLite cannot index NULLS LAST and does not need to at its sizes.
"""

from django.db import migrations

INDEX = "decisions_case_newest_first"


def index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON decisions_case (date DESC NULLS LAST, id DESC, confidential)"
        )


def index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("decisions", "0005_registrator_activities")]

    operations = [migrations.RunPython(index_create, index_drop)]
