"""A malformed fixture makes load_register fail with a clear message naming the file, exit 1, and
leave the register exactly as it was, even when the bad row comes after thousands of good ones."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from decisions.models import Case, Municipality

ROOT = Path(settings.BASE_DIR)
FIXTURE = ROOT / "fixtures" / "register.json"


def register_counts() -> dict[str, int]:
    """Rows per model of the app, history tables included."""
    return {m.__name__: m.objects.count() for m in apps.get_app_config("decisions").get_models()}


def real_rows() -> list[dict]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def spoiled(change) -> str:
    """The real fixture with its last case row changed by ``change``; every row before it is good."""
    rows = real_rows()
    last_case = max(i for i, row in enumerate(rows) if row["model"] == "decisions.case")
    change(rows[last_case]["fields"])
    return json.dumps(rows, ensure_ascii=False)


def wrong_date(fields):
    fields["date"] = "2020-13-45"


def wrong_number(fields):
    fields["dnr_year"] = "tjugoarton"


def dangling_body(fields):
    fields["body"] = 99999


def unknown_field(fields):
    fields["handläggare"] = "Okänd"


MALFORMED = {
    "bad JSON": ('[{"model": "decisions.case", "pk": 1,', "ingen giltig JSON"),
    "not a list of rows": ('{"model": "decisions.case"}', "varje post ska vara ett objekt"),
    "unknown model": ('[{"model": "decisions.nosuchmodel", "pk": 1, "fields": {}}]', "nosuchmodel"),
    "date of the wrong type": (lambda: spoiled(wrong_date), "2020-13-45"),
    "number of the wrong type": (lambda: spoiled(wrong_number), "tjugoarton"),
    "dangling foreign key": (lambda: spoiled(dangling_body), "kunde inte laddas"),
    "unknown field": (lambda: spoiled(unknown_field), "handläggare"),
}


def write(tmp_path: Path, content) -> Path:
    path = tmp_path / "trasig.json"
    path.write_text(content() if callable(content) else content, encoding="utf-8")
    return path


@pytest.mark.django_db
@pytest.mark.parametrize("kind", MALFORMED)
def test_a_malformed_fixture_names_file_and_fault_and_leaves_an_empty_register_empty(tmp_path, kind):
    content, fault = MALFORMED[kind]
    path = write(tmp_path, content)
    before = register_counts()
    with pytest.raises(CommandError) as raised:
        call_command("load_register", "--fixture", str(path), stdout=StringIO())
    message = str(raised.value)
    assert str(path) in message and fault in message
    assert "Inget laddades; registret är oförändrat." in message
    assert register_counts() == before


def other_documents(fields):
    """The same rows as documents the register does not hold."""
    if "sha256" in fields:
        fields["sha256"] = fields["sha256"][::-1]


def with_other_documents() -> str:
    rows = real_rows()
    for row in rows:
        other_documents(row["fields"])
    return json.dumps(rows, ensure_ascii=False)


@pytest.mark.django_db
def test_a_fixture_whose_ids_are_taken_is_refused_before_it_overwrites_a_live_register(tmp_path):
    """A register that already holds other cases under the same ids would lose them to loaddata.
    The ids are given outright: PostgreSQL's sequences do not restart between tests."""
    town = Municipality.objects.create(pk=1, name="Sjöviks kommun")
    Case.objects.create(pk=1, municipality=town, dnr="KS 2020/12", title="Fritidsgårdarnas öppettider")
    before = register_counts()
    path = write(tmp_path, with_other_documents)
    with pytest.raises(CommandError, match="samma id som rader som redan finns i registret") as raised:
        call_command("load_register", "--fixture", str(path), stdout=StringIO())
    assert str(path) in str(raised.value)
    assert register_counts() == before
    assert Case.objects.get(pk=1).title == "Fritidsgårdarnas öppettider"


def test_load_register_exits_with_code_1_and_says_why_on_stderr(tmp_path):
    path = write(tmp_path, lambda: spoiled(wrong_date))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/scratch.sqlite3", "DJANGO_DEBUG": "1"}

    def manage(*args):
        command = [sys.executable, str(ROOT / "manage.py"), *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)

    assert manage("migrate", "--noinput").returncode == 0
    result = manage("load_register", "--fixture", str(path))
    assert result.returncode == 1
    assert "trasig.json" in result.stderr and "2020-13-45" in result.stderr
    assert "Traceback" not in result.stderr
