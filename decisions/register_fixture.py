"""The committed fixture of the register: written from a scratch database, loaded into a live one.

Same sources, same bytes: rows are written in primary-key order from a freshly migrated database,
and the timestamps, which would otherwise record when the build ran, are pinned to the newest
source document's date.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from .models import SourceDocument

# Dependency order: what a row points to is written before it.
MODELS = [
    "municipality",
    "party",
    "person",
    "body",
    "unit",
    "case",
    "sourcedocument",
    "proceeding",
    "vote",
    "ballot",
    "proposal",
    "proposalauthor",
    "statement",
    "statementauthor",
    "reservation",
    "actionplan",
    "activity",
    "followup",
    "reference",
    "attachment",
]
_TIMESTAMPS = {"created_at", "updated_at", "imported_at"}


class FixtureError(Exception):
    """The fixture file cannot be loaded; the message says why."""


def fixture_serialize() -> str:
    """The whole register as Django fixture JSON, deterministic for the same database content."""
    rows: list[dict] = []
    for name in MODELS:
        model = apps.get_model("decisions", name)
        rows += json.loads(serializers.serialize("json", model.objects.order_by("pk")))
    epoch = _epoch()
    for row in rows:
        for field in _TIMESTAMPS & row["fields"].keys():
            row["fields"][field] = epoch
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def _epoch() -> str:
    newest = (
        SourceDocument.objects.exclude(date=None).order_by("-date").values_list("date", flat=True).first()
    )
    return f"{newest.isoformat() if newest else '2000-01-01'}T00:00:00Z"


def fixture_read(path: Path) -> list[dict]:
    """The rows of a fixture file, checked for shape; FixtureError says what is wrong."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise FixtureError(
            f"{path}: filen finns inte; bygg den med python manage.py build_fixtures"
        ) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FixtureError(f"{path}: ingen giltig JSON ({error})") from error
    if not isinstance(rows, list) or not all(_is_row(row) for row in rows):
        raise FixtureError(f"{path}: varje post ska vara ett objekt med model, pk och fields")
    return rows


def _is_row(row) -> bool:
    return isinstance(row, dict) and isinstance(row.get("model"), str) and isinstance(row.get("fields"), dict)


@transaction.atomic
def fixture_load(path: Path) -> tuple[int, bool]:
    """Load the fixture unless its documents are already in the register; returns (rows, loaded).

    Never overwrites: a register that already holds these documents may have been edited since.
    """
    rows = fixture_read(path)
    hashes = {row["fields"].get("sha256") for row in rows if row["model"] == "decisions.sourcedocument"}
    present = SourceDocument.objects.filter(sha256__in=hashes).count()
    if hashes and present == len(hashes):
        return len(rows), False
    if present:
        raise FixtureError(
            f"{path}: {present} av {len(hashes)} dokument finns redan i registret; "
            "importera de övriga med python manage.py import_document"
        )
    _refuse_overwrites(path, rows)
    try:
        call_command("loaddata", str(path), verbosity=0)
    except Exception as error:  # loaddata wraps every kind of bad row in its own exceptions
        raise FixtureError(f"{path}: kunde inte laddas: {error}") from error
    _history_baseline(rows)
    return len(rows), True


def _refuse_overwrites(path: Path, rows: list[dict]) -> None:
    """loaddata saves over a row with the same primary key; a register that holds other documents
    under those keys would silently lose them, so refuse instead."""
    for label, pks in _pks_by_model(rows).items():
        model = _model(path, label)
        try:
            taken = model.objects.filter(pk__in=[pk for pk in pks if pk is not None]).count()
        except (TypeError, ValueError, ValidationError) as error:
            raise FixtureError(f"{path}: kunde inte laddas: ogiltigt id i {label} ({error})") from error
        if taken:
            raise FixtureError(
                f"{path}: {taken} rader i {label} har samma id som rader som redan finns i registret "
                "och skulle skrivas över; ladda fixturen i en tom databas"
            )


def _pks_by_model(rows: list[dict]) -> dict[str, list]:
    by_model: dict[str, list] = {}
    for row in rows:
        by_model.setdefault(row["model"], []).append(row.get("pk"))
    return by_model


def _model(path: Path, label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError) as error:
        raise FixtureError(f"{path}: kunde inte laddas: okänd modell {label!r}") from error


def _history_baseline(rows: list[dict]) -> None:
    """loaddata saves raw and so writes no history; record each loaded row once, as loaded."""
    for label, pks in _pks_by_model(rows).items():
        model = apps.get_model(label)
        if hasattr(model, "history"):
            model.history.bulk_history_create(
                list(model.objects.filter(pk__in=pks)), default_change_reason="load_register"
            )
