"""Indexes for the pages that slowed down in a register of 100,000 cases.

- The case list in its other orders: oldest first and by title.
- The confidential cases on their own: every visibility check leaves them out, and they are few.
- Open activities by deadline: the overdue list reads its first page in order and stops.
- On PostgreSQL, the cases a person presented or chaired, newest first, as the person page lists
  them; without it the planner walks the whole register newest first looking for them. SQLite cannot
  index NULLS LAST (see 0006).
"""

from django.db import migrations, models

PERSON_INDEXES = {
    "decisions_case_presenter_newest": "presenter_id",
    "decisions_case_chair_newest": "chair_id",
}


def person_indexes_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, column in PERSON_INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX {name} ON decisions_case ({column}, date DESC NULLS LAST, id DESC)"
            )


def person_indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in PERSON_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("decisions", "0006_case_newest_first")]

    operations = [
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                condition=models.Q(("status__in", ["planned", "ongoing"])),
                fields=["deadline", "id"],
                name="activity_open_deadline",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("confidential", True)), fields=["id"], name="case_confidential"
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["date", "id"], name="case_oldest_first"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["title", "id"], name="case_title"),
        ),
        migrations.RunPython(person_indexes_create, person_indexes_drop),
    ]
