"""Each source document's cases, kept on the document's row for the searches (PostgreSQL).

A narrow search alone counts every case it finds. A protocol that matches finds each case it
records, and is withheld whole from readers who may not see one of them (``document_visible_list``).
The search looked each matching document's cases up among the links (one index look-up per
document) and which of them record a hidden case (a hash of the hidden cases, built at every
search): for "obligatoriska" at 100,000 cases, 349 documents and 2,755 links, about half the
query. The document's row now holds both:

- ``case_keys``: the keys of its cases (``bigint[]``);
- ``records_confidential``: whether one of them is confidential, which is what hides a case from
  readers without the right (``selectors._hidden_case_q``).

Triggers keep them current: after links are added, removed or changed (once per statement, for
the documents it touched, so a bulk insert costs one update), after a case is added confidential
(a fixture may link a document before loading its cases) and after a case's confidentiality
changes. The ranked search reads both; the broad search and the snippets read the flag. They
are columns of the database only, like the search vectors' triggers: Django neither
reads nor writes them, and other databases do without them (their search does not use them).
"""

from django.db import migrations

DOCUMENTS = "decisions_sourcedocument"
LINKS = "decisions_sourcedocument_cases"
CASES = "decisions_case"

REFRESH = f"""
CREATE FUNCTION {DOCUMENTS}_cases_refresh(documents bigint[]) RETURNS void AS $$
    UPDATE {DOCUMENTS} document SET
        case_keys = coalesce(
            (SELECT array_agg(link.case_id ORDER BY link.case_id) FROM {LINKS} link
             WHERE link.sourcedocument_id = document.id), '{{}}'),
        records_confidential = EXISTS(
            SELECT 1 FROM {LINKS} link JOIN {CASES} c ON c.id = link.case_id
            WHERE link.sourcedocument_id = document.id AND c.confidential)
    WHERE document.id = ANY(documents)
$$ LANGUAGE sql
"""

# One function per transition table a links statement has: NEW for INSERT, OLD for DELETE, both
# for UPDATE.
LINKS_CHANGED = f"""
CREATE FUNCTION {LINKS}_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM {DOCUMENTS}_cases_refresh(ARRAY(SELECT DISTINCT sourcedocument_id FROM added));
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM {DOCUMENTS}_cases_refresh(ARRAY(SELECT DISTINCT sourcedocument_id FROM removed));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql
"""

CASE_CHANGED = f"""
CREATE FUNCTION {CASES}_documents_refresh() RETURNS trigger AS $$
BEGIN
    PERFORM {DOCUMENTS}_cases_refresh(
        ARRAY(SELECT sourcedocument_id FROM {LINKS} WHERE case_id = NEW.id));
    RETURN NULL;
END $$ LANGUAGE plpgsql
"""

CREATE = [
    f"ALTER TABLE {DOCUMENTS} ADD COLUMN case_keys bigint[] NOT NULL DEFAULT '{{}}'",
    f"ALTER TABLE {DOCUMENTS} ADD COLUMN records_confidential boolean NOT NULL DEFAULT false",
    REFRESH,
    LINKS_CHANGED,
    CASE_CHANGED,
    f"""CREATE TRIGGER {LINKS}_added AFTER INSERT ON {LINKS} REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION {LINKS}_changed()""",
    f"""CREATE TRIGGER {LINKS}_removed AFTER DELETE ON {LINKS} REFERENCING OLD TABLE AS removed
        FOR EACH STATEMENT EXECUTE FUNCTION {LINKS}_changed()""",
    f"""CREATE TRIGGER {LINKS}_moved AFTER UPDATE ON {LINKS}
        REFERENCING NEW TABLE AS added OLD TABLE AS removed
        FOR EACH STATEMENT EXECUTE FUNCTION {LINKS}_changed()""",
    f"""CREATE TRIGGER {CASES}_confidential_added AFTER INSERT ON {CASES}
        FOR EACH ROW WHEN (NEW.confidential) EXECUTE FUNCTION {CASES}_documents_refresh()""",
    f"""CREATE TRIGGER {CASES}_confidential_changed AFTER UPDATE OF confidential ON {CASES}
        FOR EACH ROW WHEN (OLD.confidential IS DISTINCT FROM NEW.confidential)
        EXECUTE FUNCTION {CASES}_documents_refresh()""",
    # The documents already there.
    f"SELECT {DOCUMENTS}_cases_refresh(ARRAY(SELECT DISTINCT sourcedocument_id FROM {LINKS}))",
]

DROP = [
    f"DROP TRIGGER IF EXISTS {CASES}_confidential_changed ON {CASES}",
    f"DROP TRIGGER IF EXISTS {CASES}_confidential_added ON {CASES}",
    f"DROP TRIGGER IF EXISTS {LINKS}_moved ON {LINKS}",
    f"DROP TRIGGER IF EXISTS {LINKS}_removed ON {LINKS}",
    f"DROP TRIGGER IF EXISTS {LINKS}_added ON {LINKS}",
    f"DROP FUNCTION IF EXISTS {CASES}_documents_refresh()",
    f"DROP FUNCTION IF EXISTS {LINKS}_changed()",
    f"DROP FUNCTION IF EXISTS {DOCUMENTS}_cases_refresh(bigint[])",
    f"ALTER TABLE {DOCUMENTS} DROP COLUMN IF EXISTS records_confidential",
    f"ALTER TABLE {DOCUMENTS} DROP COLUMN IF EXISTS case_keys",
]


def case_keys_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def case_keys_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0011_case_list_orders_covering")]

    operations = [migrations.RunPython(case_keys_create, case_keys_drop)]
