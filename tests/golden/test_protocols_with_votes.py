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
