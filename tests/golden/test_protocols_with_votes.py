"""Meeting protocols (tests/documents/protokoll_nackaby_*): many paragraphs, votes, cases that come back."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from decisions.dnr import normalize_dnr
from decisions.models import Ballot, Case

pytestmark = pytest.mark.django_db
DOCUMENTS = Path(settings.BASE_DIR) / "tests" / "documents"


@pytest.fixture
def nackaby():
    for name in (
        "protokoll_nackaby_kommunstyrelsen_2021-06-14.txt",
        "protokoll_nackaby_kommunstyrelsen_2021-08-23.txt",
    ):
        call_command("import_document", str(DOCUMENTS / name), stdout=StringIO())


def case(dnr: str) -> Case:
    return Case.objects.get(dnr_key=normalize_dnr(dnr))


def test_a_tabled_case_comes_back_as_two_proceedings_in_date_order(nackaby):
    tabled = case("KFKS 2020/1109")
    assert [(p.date, p.paragraph, p.outcome) for p in tabled.proceedings.all()] == [
        (date(2021, 6, 14), "§ 103", "tabled"),
        (date(2021, 8, 23), "§ 121", "decided"),
    ]
    assert tabled.status == Case.Status.DECIDED
    assert tabled.date == date(2021, 8, 23)


def test_a_case_sent_back_is_decided_at_the_next_meeting(nackaby):
    sent_back = case("KFKS 2021/140")
    assert [p.outcome for p in sent_back.proceedings.all()] == ["referred_back", "decided"]


def test_ocr_repair_is_recorded_and_the_source_text_is_untouched(nackaby):
    first = case("KFKS 2020/1109").proceedings.first()
    assert first.repairs == [{"original": "KFKS 2020/ I I 09", "repaired": "KFKS 2020/1109"}]
    assert "KFKS 2020/ I I 09" in first.document.text


def test_a_paragraph_naming_two_dnr_is_a_proceeding_of_both_cases(nackaby):
    assert case("KFKS 2019/475").proceedings.get().paragraph == "§ 105"
    assert case("KFKS 2019/476").proceedings.get().paragraph == "§ 105"
    assert not case("KFKS 2019/475").references.filter(key=normalize_dnr("KFKS 2019/476")).exists()


def test_votes_keep_totals_and_named_ballots(nackaby):
    vote = case("KFKS 2018/1097").votes.get()
    assert (vote.yes, vote.no, vote.abstain, vote.mismatch) == (7, 5, 1, "")
    counts = {choice: vote.ballots.filter(choice=choice).count() for choice in Ballot.Choice.values}
    assert counts == {"yes": 7, "no": 5, "abstain": 1, "absent": 0}


def test_a_vote_whose_totals_disagree_with_the_names_says_so(nackaby):
    vote = case("KFKS 2020/1109").votes.get()
    assert (vote.yes, vote.no, vote.abstain) == (7, 6, 1)
    assert vote.mismatch == "nej: 6 redovisade, 5 namngivna"
    assert vote.ballots.filter(choice="no").count() == 5


def test_the_case_page_shows_the_vote_with_its_ballots(nackaby, client):
    vote = case("KFKS 2018/1097").votes.get()
    page = client.get(vote.case.get_absolute_url()).content.decode()
    assert "7 ja, 5 nej, 1 avstår" in page
    for ballot in vote.ballots.select_related("person"):
        assert ballot.person.name in page


def test_the_case_page_warns_when_totals_and_names_disagree(nackaby, client):
    page = client.get(case("KFKS 2020/1109").get_absolute_url()).content.decode()
    assert "nej: 6 redovisade, 5 namngivna" in page


def test_the_person_page_shows_how_this_person_voted(nackaby, client):
    ballot = case("KFKS 2018/1097").votes.get().ballots.select_related("person").filter(choice="no").first()
    page = client.get(ballot.person.get_absolute_url()).content.decode()
    assert "Röster i voteringar" in page
    assert f"#votering-{ballot.vote_id}" in page
    assert ">nej<" in page


def test_importing_a_sixty_paragraph_protocol_gives_sixty_proceedings_in_their_cases(tmp_path):
    from tests.parsing.test_protocol_long import _generated

    path = tmp_path / "protokoll_60.txt"
    path.write_text(_generated(60), encoding="utf-8")
    call_command("import_document", str(path), stdout=StringIO())
    cases = Case.objects.filter(municipality__name="Nackaby kommun")
    assert cases.count() == 60
    for number in range(60):
        imported = case(f"KFKS 2021/{301 + number}")
        assert [p.paragraph for p in imported.proceedings.all()] == [f"§ {201 + number}"]
    assert case("KFKS 2021/305").decision_points == [
        "Kommunstyrelsen godkänner förslaget och uppdrar åt förvaltningen att redovisa ärende 5 i december."
    ]
