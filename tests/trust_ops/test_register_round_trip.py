"""export_register --include-confidential, then import_register into an empty register, then export
again: the two exports are the same. A clash or a bad file is refused with nothing written."""

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

from decisions.export import register_export
from decisions.models import (
    Activity,
    Ballot,
    Body,
    Case,
    FollowUp,
    Municipality,
    Party,
    Person,
    SourceDocument,
    Unit,
)
from decisions.register_import import SECRECY_NOT_EXPORTED

ROOT = Path(settings.BASE_DIR)
DOCUMENTS = ROOT / "tests" / "documents"


def register_counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in apps.get_app_config("decisions").get_models()}


def without_time(export: dict) -> dict:
    return {key: value for key, value in export.items() if key != "generated_at"}


def register_empty() -> None:
    """Every row of the register gone, as in a freshly migrated database."""
    for model in (Case, SourceDocument, Unit, Body, Person, Party, Municipality):
        model.objects.all().delete()


@pytest.fixture
def rich_register(db):
    """The committed register, two Nackaby protocols with votes, a confidential case and a
    followed-up activity: every kind of row the export holds."""
    call_command("load_register", stdout=StringIO())
    for name in (
        "protokoll_nackaby_kommunstyrelsen_2021-06-14.txt",
        "protokoll_nackaby_kommunstyrelsen_2021-08-23.txt",
    ):
        call_command("import_document", str(DOCUMENTS / name), stdout=StringIO())
    ctpn = Case.objects.get(dnr="KS 2021/346")
    ctpn.confidential, ctpn.secrecy_reference = True, "OSL 18 kap. 1 §"
    ctpn.save()
    activity = Activity.objects.get(position=1, plan__case__dnr="KS 2016.371")
    activity.status = Activity.Status.ONGOING
    activity.save()
    FollowUp.objects.create(activity=activity, text="Trygghetsvandring genomförd i Vallentuna centrum.")


@pytest.fixture
def exported(rich_register, tmp_path) -> Path:
    path = tmp_path / "export.json"
    call_command("export_register", "--include-confidential", "--output", str(path), stderr=StringIO())
    return path


def test_the_rich_register_holds_what_the_round_trip_must_carry(exported):
    data = json.loads(exported.read_text(encoding="utf-8"))
    cases = {case["dnr"]: case for case in data["cases"]}
    assert cases["KS 2021/346"]["confidential"] is True
    assert sum(len(case["votes"]) for case in data["cases"]) >= 2
    assert any(s["refers_to"] is not None for case in data["cases"] for s in case["statements"])
    plan = cases["KS 2016.371"]["action_plans"][0]
    assert plan["activities"][0]["follow_up"] == "Trygghetsvandring genomförd i Vallentuna centrum."


def test_export_import_export_gives_the_same_export(exported):
    first = json.loads(exported.read_text(encoding="utf-8"))
    register_empty()
    out = StringIO()
    call_command("import_register", str(exported), stdout=out)
    assert f"{len(first['cases'])} ärenden och {len(first['people'])} personer importerade" in out.getvalue()
    assert without_time(register_export(include_confidential=True)) == without_time(first)


def test_an_export_without_the_secrecy_reference_gets_a_placeholder_to_fill_in(exported):
    data = json.loads(exported.read_text(encoding="utf-8"))
    for case in data["cases"]:
        case.pop("secrecy_reference", None)
    exported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    register_empty()
    call_command("import_register", str(exported), stdout=StringIO())
    assert Case.objects.get(dnr="KS 2021/346").secrecy_reference == SECRECY_NOT_EXPORTED


def test_the_rebuilt_register_keeps_ballots_confidentiality_and_the_history_of_the_import(exported):
    ballots = Ballot.objects.count()
    register_empty()
    call_command("import_register", str(exported), stdout=StringIO())
    assert Ballot.objects.count() == ballots
    ctpn = Case.objects.get(dnr="KS 2021/346")
    assert ctpn.confidential and ctpn.secrecy_reference == "OSL 18 kap. 1 §"
    special = Case.objects.get(dnr="KS 2018/550").statements.filter(kind="special_statement")
    authors = {(a.person.name, a.party.abbreviation) for s in special for a in s.authors.all()}
    assert {("Cecilia Brinck", "M"), ("Lotta Edholm", "L")} <= authors
    assert [h.history_change_reason for h in ctpn.history.all()] == ["import_register: export.json"]


def test_an_export_whose_cases_are_already_there_is_refused(exported):
    first_ten = [case["dnr"] or case["title"] for case in json.loads(exported.read_text())["cases"][:10]]
    before = register_counts()
    with pytest.raises(CommandError) as raised:
        call_command("import_register", str(exported), stdout=StringIO())
    assert f"export.json: registret har redan {Case.objects.count()} av ärendena: " in str(raised.value)
    assert f"{', '.join(first_ten)} …" in str(raised.value)
    assert register_counts() == before


def test_one_clashing_case_refuses_the_whole_export(exported):
    data = json.loads(exported.read_text(encoding="utf-8"))
    keep = Case.objects.get(dnr="KS 2018/550")
    Case.objects.exclude(pk=keep.pk).delete()
    before = register_counts()
    with pytest.raises(CommandError, match=r"registret har redan 1 av ärendena: KS 2018/550"):
        call_command("import_register", str(exported), stdout=StringIO())
    assert register_counts() == before
    assert len(data["cases"]) > 1


def spoil(path: Path, change) -> Path:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def bad_date(data):
    data["cases"][-1]["date"] = "2020-13-45"


def bad_outcome(data):
    next(case for case in data["cases"] if case["proposals"])["proposals"][0]["outcome"] = "kanske"


def no_cases(data):
    del data["cases"]


def bad_case_status(data):
    """Valid against the schema (status is any string) but not a status the register knows."""
    data["cases"][-1]["status"] = "förlorat"


SPOILED = {
    "date that does not exist": (bad_date, "cases/"),
    "unknown proposal outcome": (bad_outcome, "/proposals/0/outcome: 'kanske' is not one of"),
    "no cases at all": (no_cases, "'cases' is a required property"),
    "unknown case status": (bad_case_status, "status: okänt värde 'förlorat'"),
}


@pytest.mark.parametrize("kind", SPOILED)
def test_a_spoiled_export_is_refused_into_an_empty_register_with_nothing_written(exported, kind):
    change, fault = SPOILED[kind]
    spoil(exported, change)
    register_empty()
    before = register_counts()
    with pytest.raises(CommandError) as raised:
        call_command("import_register", str(exported), stdout=StringIO())
    message = str(raised.value)
    assert "export.json" in message and fault in message, message
    assert "Inget importerades; registret är oförändrat." in message
    assert register_counts() == before


def test_import_register_exits_with_code_1_on_a_file_that_is_no_json(tmp_path):
    path = tmp_path / "export.json"
    path.write_text('{"schema": "register-export/1", "cases": [', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "import_register", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/scratch.sqlite3", "DJANGO_DEBUG": "1"},
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 1
    assert "export.json: ingen giltig JSON" in result.stderr
    assert "Traceback" not in result.stderr
