"""Documents of the genre written for these tests (tests/documents/), imported into a live register."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from decisions.models import Case, Person, Proceeding

from .conftest import people

pytestmark = pytest.mark.django_db
DOCUMENTS = Path(settings.BASE_DIR) / "tests" / "documents"


@pytest.fixture
def tallmora():
    call_command(
        "import_document", str(DOCUMENTS / "protokoll_tallmora_kommunstyrelsen.txt"), stdout=StringIO()
    )
    return Case.objects.filter(municipality__name="Tallmora kommun")


def test_a_protocol_of_five_paragraphs_becomes_five_cases(tallmora):
    assert sorted(tallmora.values_list("paragraph", flat=True)) == ["§ 31", "§ 32", "§ 33", "§ 34", "§ 35"]
    assert Proceeding.objects.filter(case__in=tallmora).count() == 5
    assert {c.dnr for c in tallmora} == {
        "KFKS 2019/475",
        "KS/2019/0001/0009",
        "2016-000003",
        "KS 2019.112",
        "KS 2019/0123",
    }
    document = tallmora.first().documents.get()
    assert document.cases.count() == 5


def test_tabled_and_referred_back_paragraphs_set_the_status(tallmora):
    assert tallmora.get(paragraph="§ 32").status == Case.Status.TABLED
    assert tallmora.get(paragraph="§ 33").status == Case.Status.REFERRED_BACK
    assert tallmora.get(paragraph="§ 31").status == Case.Status.DECIDED


def test_reservations_named_by_party_name_keep_their_written_reason(tallmora):
    reservations = tallmora.get(paragraph="§ 33").reservations.order_by("position")
    assert people(reservations) == [("Mats Öberg", "S"), ("Johan Berg", "V")]
    assert reservations[0].reason.startswith("Vi anser att ärendet är tillräckligt utrett.")
    assert reservations[1].reason == "Barn och unga i centrum behöver en hall nu."


def test_instammer_makes_supporters_of_the_yrkande(tallmora):
    proposal = tallmora.get(paragraph="§ 31").proposals.get()
    assert people(proposal.authors.filter(role="supporter")) == [
        ("Anna Lindqvist", "S"),
        ("Johan Berg", "V"),
        ("Lena Holm", "MP"),
    ]


def test_protokollsanteckning_is_a_minutes_note(tallmora):
    [note] = tallmora.get(paragraph="§ 31").statements.all()
    assert note.kind == "minutes_note"
    assert people(note.authors.all()) == [("Per Ek", "M")]


def test_people_are_shared_across_paragraphs(tallmora):
    assert Person.objects.filter(name="Per Ek").count() == 1
    assert tallmora.filter(chair__name="Anna Lindqvist").count() == 4


def test_pm_with_statements_in_two_forums():
    call_command("import_document", str(DOCUMENTS / "pm_alvstad_kameraovervakning.txt"), stdout=StringIO())
    case = Case.objects.get(dnr="KF 2019/0123")
    forums = [(s.kind, s.forum.name) for s in case.statements.order_by("position")]
    assert forums == [
        ("special_statement", "Kommunstyrelsen"),
        ("minutes_note", "Kommunstyrelsen"),
        ("special_statement", "Kommunfullmäktige"),
        ("minutes_note", "Kommunfullmäktige"),
    ]
    assert people(case.statements.get(position=0).authors.all()) == [
        ("Per Ekholm", "M"),
        ("Lina Sand", "KD"),
        ("Omar Haddad", "C"),
    ]
