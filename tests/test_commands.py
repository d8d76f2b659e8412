"""The operator's commands: build, load, import and export the register."""

import json
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import jsonschema
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from decisions.export import export_schema
from decisions.models import Case, Person, Proceeding, SourceDocument

ROOT = Path(settings.BASE_DIR)
SOURCES = ROOT / "fixtures" / "sources"
DOCUMENTS = ROOT / "tests" / "documents"


def register_counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in apps.get_app_config("decisions").get_models()}


def test_build_fixtures_reproduces_the_committed_fixture_byte_for_byte(tmp_path):
    output = tmp_path / "register.json"
    call_command("build_fixtures", "--output", str(output), stdout=StringIO())
    assert output.read_bytes() == (ROOT / "fixtures" / "register.json").read_bytes()


@pytest.mark.django_db
def test_load_register_twice_changes_nothing():
    call_command("load_register", stdout=StringIO())
    before = register_counts()
    out = StringIO()
    call_command("load_register", stdout=out)
    assert "inget ändrat" in out.getvalue()
    assert register_counts() == before
    assert before["Case"] == 5 and before["SourceDocument"] == 5


@pytest.mark.django_db
def test_loading_records_each_row_in_the_history():
    call_command("load_register", stdout=StringIO())
    case = Case.objects.get(dnr="KS 2018/550")
    assert [h.history_change_reason for h in case.history.all()] == ["load_register"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{ not json", "ingen giltig JSON"),
        ('{"model": "decisions.case"}', "varje post ska vara ett objekt"),
        (
            '[{"model": "decisions.case", "pk": 1, "fields": {"title": "x", "municipality": 999}}]',
            "kunde inte laddas",
        ),
        ('[{"model": "decisions.nosuchmodel", "pk": 1, "fields": {}}]', "kunde inte laddas"),
    ],
)
def test_a_malformed_fixture_fails_clearly_and_loads_nothing(tmp_path, content, message):
    bad = tmp_path / "register.json"
    bad.write_text(content, encoding="utf-8")
    before = register_counts()
    with pytest.raises(CommandError, match=message):
        call_command("load_register", "--fixture", str(bad), stdout=StringIO())
    assert register_counts() == before


@pytest.mark.django_db
def test_import_document_adds_a_new_case_with_its_people():
    out = StringIO()
    call_command("import_document", str(SOURCES / "001_20ec8d20118e30d5.txt"), stdout=out)
    assert "importerad (KS 2021/346)" in out.getvalue()
    case = Case.objects.get(dnr="KS 2021/346")
    assert case.presenter == Person.objects.get(name="Anna König Jerlmyr")
    assert case.history.first().history_change_reason == "import_document: 001_20ec8d20118e30d5.txt"


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing():
    path = SOURCES / "000_b264a70e4d3cd97a.txt"
    call_command("import_document", str(path), stdout=StringIO())
    before = register_counts()
    out = StringIO()
    call_command("import_document", str(path), stdout=out)
    assert "fanns redan" in out.getvalue()
    assert register_counts() == before


@pytest.mark.django_db
def test_a_document_whose_dnr_is_known_adds_to_that_case(tmp_path):
    call_command("load_register", stdout=StringIO())
    later = (SOURCES / "001_20ec8d20118e30d5.txt").read_text(encoding="utf-8")
    later = later.replace("Stockholm den 14 april 2021", "Stockholm den 5 maj 2021")
    path = tmp_path / "ks_2021_346_maj.txt"
    path.write_text(later, encoding="utf-8")
    call_command("import_document", str(path), stdout=StringIO())
    case = Case.objects.get(dnr="KS 2021/346")
    assert Case.objects.filter(dnr_key=case.dnr_key).count() == 1
    assert [p.date for p in Proceeding.objects.filter(case=case)] == [date(2021, 4, 14), date(2021, 5, 5)]
    assert case.date == date(2021, 5, 5)
    assert case.documents.count() == 2


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    table = (SOURCES / "004_08106fc4551d04ff.txt").read_text(encoding="utf-8")
    cut = table.index("KLK, SF, och Lopo Täby")
    files = {
        "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "empty": b"",
        "latin1": (SOURCES / "000_b264a70e4d3cd97a.txt").read_text(encoding="utf-8").encode("latin-1"),
        "truncated": (table[:cut] + "\n\nKLK = Kommunledningskontoret\n").encode("utf-8"),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_bytes(data)
    return paths


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("binary", "binär"),
        ("empty", "tomt"),
        ("latin1", "inte UTF-8"),
        ("truncated", "rad"),
    ],
)
def test_unreadable_documents_fail_clearly_and_change_nothing(tmp_path, kind, message):
    call_command("load_register", stdout=StringIO())
    bad = _bad_files(tmp_path)[kind]
    good = DOCUMENTS / "protokoll_tallmora_kommunstyrelsen.txt"
    before = register_counts()
    with pytest.raises(CommandError, match=message) as raised:
        call_command("import_document", str(good), str(bad), stdout=StringIO())
    assert bad.name in str(raised.value)
    assert "registret är oförändrat" in str(raised.value)
    assert register_counts() == before


def test_import_document_exits_with_code_1_on_bad_input(tmp_path):
    bad = tmp_path / "tom.txt"
    bad.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "import_document", str(bad)],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": f"sqlite:///{tmp_path}/scratch.sqlite3", "PATH": "/usr/bin:/bin"},
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "tom.txt" in result.stderr and "tomt" in result.stderr


@pytest.mark.django_db
def test_export_is_valid_against_the_contract_and_hides_confidential_cases(tmp_path):
    call_command("load_register", stdout=StringIO())
    Case.objects.filter(dnr="KS 2021/346").update(confidential=True, secrecy_reference="OSL 18 kap. 1 §")
    public, full = tmp_path / "public.json", tmp_path / "full.json"
    call_command("export_register", "--output", str(public), stderr=StringIO())
    call_command("export_register", "--output", str(full), "--include-confidential", stderr=StringIO())
    schema = export_schema()
    for path in (public, full):
        jsonschema.validate(json.loads(path.read_text()), schema, format_checker=jsonschema.FormatChecker())
    public_dnrs = {c["dnr"] for c in json.loads(public.read_text())["cases"]}
    full_dnrs = {c["dnr"] for c in json.loads(full.read_text())["cases"]}
    assert "KS 2021/346" not in public_dnrs
    assert full_dnrs - public_dnrs == {"KS 2021/346"}


@pytest.mark.django_db
def test_export_carries_the_statements_of_ks_2018_550_with_parties():
    call_command("load_register", stdout=StringIO())
    out = StringIO()
    call_command("export_register", stdout=out)
    [case] = [c for c in json.loads(out.getvalue())["cases"] if c["dnr"] == "KS 2018/550"]
    first = case["statements"][0]
    assert first["forum"] == "Borgarrådsberedningen"
    assert [(a["name"], a["party"]) for a in first["authors"]] == [
        ("Cecilia Brinck", "M"),
        ("Lotta Edholm", "L"),
    ]
    assert [s["refers_to"] for s in case["statements"]] == [None, 0, 0]
    assert SourceDocument.objects.count() == 5
