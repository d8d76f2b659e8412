"""Runs of the generator from an empty or a real register: the same for a seed, real cases untouched."""

import json
import os
import random
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction

from decisions.corpus import corpus_generate, source_texts, vocabulary_harvest
from decisions.export import register_export
from decisions.models import Case, Person, ProposalAuthor, Reservation

from .conftest import SEED

pytestmark = pytest.mark.django_db


def generate_in_subprocess(*arguments: str) -> None:
    """generate_corpus run by manage.py against the test database."""
    from django.db import connection

    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    manage = Path(settings.BASE_DIR) / "manage.py"
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, str(manage), "generate_corpus", *arguments], env=env, check=True)


class Rollback(Exception):
    """Raised to leave an atomic block without keeping what it wrote."""


def export_after_generating(**options) -> str:
    """The whole register exported after a run, with that run rolled back again."""
    try:
        with transaction.atomic():
            corpus_generate(**options)
            exported = register_export(include_confidential=True)
            raise Rollback
    except Rollback:
        pass
    exported.pop("generated_at")
    return json.dumps(exported, ensure_ascii=False, sort_keys=True)


def test_the_same_seed_gives_the_same_register_and_another_seed_another():
    options = {"cases": 60, "municipalities": 2}
    first = export_after_generating(seed=SEED, **options)
    assert export_after_generating(seed=SEED, **options) == first
    assert export_after_generating(seed=SEED + 1, **options) != first


def people() -> dict[int, tuple]:
    return {p.pk: (p.name, p.key, p.aliases) for p in Person.objects.all()}


def test_real_cases_and_people_are_untouched_and_synthetic_rows_have_no_history(small_register):
    real = Case.objects.get(dnr="KS 2018/550")
    before, real_people = register_export(include_confidential=True)["cases"], people()
    history = Case.history.count()
    corpus_generate(cases=40, seed=SEED, municipalities=1)
    after = register_export(include_confidential=True)["cases"]
    assert [c for c in after if c["municipality"] == "Stockholms stad"] == before
    assert Case.objects.get(pk=real.pk).updated_at == real.updated_at
    assert not Case.objects.filter(municipality=real.municipality).exclude(pk=real.pk).exists()
    assert {pk: row for pk, row in people().items() if pk in real_people} == real_people
    synthetic = Case.objects.exclude(pk=real.pk)
    assert not ProposalAuthor.objects.filter(proposal__case__in=synthetic, person__in=real_people).exists()
    assert not Reservation.objects.filter(case__in=synthetic, person__in=real_people).exists()
    assert Case.history.count() == history


def test_texts_are_new_sentences_in_the_words_of_the_sources():
    texts = source_texts()
    vocabulary = vocabulary_harvest(texts, random.Random(SEED))
    flowing = " ".join(" ".join(text.split()) for text in texts)
    source_words = set(re.findall(r"\w+", flowing.lower()))
    assert len(vocabulary.sentences) > 500
    for sentence in vocabulary.sentences[:200]:
        assert sentence not in flowing
        assert set(re.findall(r"\w+", sentence.lower())) <= source_words


def test_the_command_reports_rows_per_model_and_refuses_nonsense():
    out = StringIO()
    call_command("generate_corpus", "--cases", "25", "--municipalities", "1", stdout=out)
    assert re.search(r"^\s+Case\s+25$", out.getvalue(), re.M)
    assert "(25 ärenden)" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("generate_corpus", "--cases", "0", stdout=StringIO())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_side_by_side_write_the_same_register_as_one():
    options = {"cases": 60, "seed": SEED, "municipalities": 2}
    corpus_generate(jobs=1, **options)
    one = register_export(include_confidential=True)
    call_command("flush", interactive=False, verbosity=0)
    # In a process of its own: forking the test process would copy the connections of the live
    # server threads the browser tests leave running.
    generate_in_subprocess("--cases", "60", "--seed", str(SEED), "--municipalities", "2", "--jobs", "2")
    two = register_export(include_confidential=True)
    assert len(two["cases"]) == 60
    assert {k: v for k, v in two.items() if k != "generated_at"} == {
        k: v for k, v in one.items() if k != "generated_at"
    }
