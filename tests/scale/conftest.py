"""A small synthetic register, generated once for the module and rolled back after it."""

import pytest
from django.db import transaction

from decisions.corpus import SYNTHETIC_PREFIX, corpus_generate
from decisions.models import Case

CASES = 400
SEED = 7
MUNICIPALITIES = 3


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """400 synthetic cases in three synthetic municipalities; rows added per model."""
    with django_db_blocker.unblock(), transaction.atomic():
        counts = corpus_generate(cases=CASES, seed=SEED, municipalities=MUNICIPALITIES)
        yield counts
        transaction.set_rollback(True)


def synthetic_cases():
    return Case.objects.filter(municipality__name__startswith=SYNTHETIC_PREFIX)
