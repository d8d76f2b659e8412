"""The register as a clerk gets it: the committed fixture loaded, once per module, rolled back after."""

import pytest
from django.core.management import call_command
from django.db import transaction

from decisions.models import Case


@pytest.fixture(scope="module")
def register(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_register", verbosity=0)
        yield
        transaction.set_rollback(True)


def people(rows):
    """(name, party abbreviation) of author rows or reservations, in order."""
    return [(row.person.name, row.party.abbreviation if row.party else None) for row in rows]


def case_by_title(title: str) -> Case:
    return Case.objects.get(title=title)
