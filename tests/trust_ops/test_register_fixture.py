"""The fixture writer leaves no kind of row behind: votes and ballots are part of the register too."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from decisions.models import BOOKKEEPING_MODELS, Ballot, Vote
from decisions.register_fixture import MODELS, fixture_serialize

DOCUMENTS = Path(settings.BASE_DIR) / "tests" / "documents"


def test_every_model_of_the_register_is_written_to_the_fixture():
    register_models = {
        model._meta.model_name
        for model in apps.get_app_config("decisions").get_models()
        if not model._meta.model_name.startswith("historical") and model not in BOOKKEEPING_MODELS
    }
    assert register_models - set(MODELS) == set()


@pytest.mark.django_db
def test_a_fixture_of_protocols_with_votes_keeps_every_ballot():
    call_command(
        "import_document",
        str(DOCUMENTS / "protokoll_nackaby_kommunstyrelsen_2021-06-14.txt"),
        stdout=StringIO(),
    )
    rows = json.loads(fixture_serialize())
    kinds = [row["model"] for row in rows]
    assert kinds.count("decisions.vote") == Vote.objects.count() >= 1
    assert kinds.count("decisions.ballot") == Ballot.objects.count() >= 10
