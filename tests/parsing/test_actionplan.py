"""Golden tests for the action plan and glossary in Vallentuna KS 2016.371, and the table rules."""

from datetime import date
from pathlib import Path

import pytest

from decisions.parsing.actionplan import clean_cell, parse_action_plans, parse_glossary, split_responsible
from decisions.parsing.types import ParseError

SOURCE = Path(__file__).resolve().parents[2] / "fixtures" / "sources" / "004_08106fc4551d04ff.txt"
HEADER = "Fokusområde\tAktivitet\tGenomförande\tAnsvarig\tGenomfört\tUppföljning"


@pytest.fixture(scope="module")
def text():
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def plan(text):
    (found,) = parse_action_plans(text)
    return found


def test_plan_title_period_purpose_goal(plan):
    assert plan.title == "Handlingsplan mot våldsbejakande extremism 2016-2017"
    assert (plan.period_start, plan.period_end) == (2016, 2017)
    assert plan.purpose == (
        "Vallentuna kommuns arbete mot våldsbejakande extremism syftar till ökad trygghet genom att:\n"
        "- Sprida kunskap om våldsbejakande extremism, radikaliserings och möjliga motåtgärder.\n"
        "- Skapa beredskap att hantera oro för och yttringar av våldsbejakande extremism.\n"
        "- Minska risken att personer i kommunen lockas in i våldsbejakande extremism."
    )
    assert plan.goal == "Vallentuna ska vara ett samhälle fritt från våldsbejakande extremism."


def test_two_tables_make_one_plan_of_eight_activities(plan):
    assert [activity.position for activity in plan.activities] == list(range(1, 9))


def test_blank_focus_area_continues_the_one_above(plan):
    areas = [activity.focus_area for activity in plan.activities]
    assert (
        areas
        == ["Lokal lägesbild om våldsbejakande extremism"]
        + ["Öka kunskap om våldsbejakande extremism"] * 3
        + ["Öka kunskap om råd och stöd vid oro för våldsbejakande extremism"] * 4
    )


def test_first_activity_in_full(plan):
    first = plan.activities[0]
    assert first.title == (
        "Fastställa en aktuell och bred lägesbild av situationen lokalt i kommunen "
        "samt inom Lokalpolisområde Täby"
    )
    assert first.implementation.startswith("Ta fram, sammanställ och analysera samverkansaktörernas")
    assert first.responsible_text == "Trygghetssamordnaren och Lopo Täby"
    assert first.responsible == ("Trygghetssamordnaren", "Lopo Täby")
    assert first.deadline == date(2016, 12, 31)
    assert first.done is None
    assert first.follow_up is None


def test_responsible_units_split_on_commas_and_och(plan):
    assert plan.activities[1].responsible == ("KLK", "BUF", "KFF", "SF", "Lopo Täby")
    assert plan.activities[2].responsible_text == "KLK, SF, och Lopo Täby"
    assert plan.activities[2].responsible == ("KLK", "SF", "Lopo Täby")


def test_deadlines_from_the_genomfort_column(plan):
    assert [a.deadline for a in plan.activities] == [
        date(2016, 12, 31),
        date(2017, 4, 30),
        date(2017, 8, 31),
        date(2017, 12, 31),
        date(2017, 4, 30),
        date(2017, 4, 30),
        date(2017, 4, 30),
        date(2017, 4, 30),
    ]
    assert {a.done for a in plan.activities} == {None}
    assert {a.follow_up for a in plan.activities} == {None}


def test_inline_html_is_stripped_from_cells(plan):
    assert (
        plan.activities[4].implementation
        == "Sprid information om Nationella samordnaren mot våldsbejakande extremism"
    )
    assert (
        plan.activities[5].implementation
        == "Informera om Röda Korsets nationella stödtelefon via kommunens webbsidor"
    )
    assert all("<" not in a.implementation for a in plan.activities)


def test_each_activity_span_covers_its_row(text, plan):
    for activity in plan.activities:
        row = text[activity.span[0] : activity.span[1]]
        assert "\n" not in row
        assert text[activity.span[0] - 1] == "\n"
        assert text[activity.span[1]] == "\n"
        assert row.count("\t") == 5  # six cells, the last (Uppföljning) empty
        assert activity.title[:40] in row


def test_plan_span_runs_from_title_to_last_row(text, plan):
    passage = text[plan.span[0] : plan.span[1]]
    assert passage.startswith(
        "Handlingsplan mot våldsbejakande extremism 2016-2017\n\nVallentuna kommuns ambition"
    )
    assert passage.endswith("Lopo Täby\t2017-04-30\t")


def test_glossary_units_kept_once(text):
    units = parse_glossary(text)
    assert [(u.abbreviation, u.name) for u in units] == [
        ("KLK", "Kommunledningskontoret"),
        ("KFF", "Kultur- och fritidsförvaltningen"),
        ("SBF", "Samhällsbyggnadsförvaltningen"),
        ("BUF", "Barn och ungdomsförvaltningen"),
        ("SF", "Socialförvaltningen"),
        ("Lopo Täby", "Lokalpolisområde Täby"),
    ]
    first_klk = text.index("KLK = Kommunledningskontoret")
    assert units[0].span[0] == first_klk
    assert text[units[5].span[0] : units[5].span[1]].startswith(
        "Lopo Täby = Lokalpolisområde Täby (Danderyds"
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Trygghets-samordnaren", "Trygghetssamordnaren"),
        ("Kultur- och fritidsförvaltningen", "Kultur- och fritidsförvaltningen"),
        ("Barn- och ungdomsförvaltningen", "Barn- och ungdomsförvaltningen"),
        ("Louisa Tarras-Wahlberg", "Louisa Tarras-Wahlberg"),
        ("Informera om <i>Röda  Korsets</i> stödtelefon", "Informera om Röda Korsets stödtelefon"),
    ],
)
def test_clean_cell(cell, expected):
    assert clean_cell(cell) == expected


def test_split_responsible_with_samt():
    assert split_responsible("KLK samt SF") == ("KLK", "SF")


def test_columns_are_mapped_by_header_in_any_order():
    text = (
        "Handlingsplan för trygghet 2020\n\n"
        "Aktivitet\tAnsvarig\tFokusområde\tGenomfört\n"
        "Trygghetsvandring\tKLK\tTrygghet\t2020-05-31\n"
        "Belysning\tSBF\t\tKlart\n"
    )
    (plan,) = parse_action_plans(text)
    assert plan.title == "Handlingsplan för trygghet 2020"
    assert (plan.period_start, plan.period_end) == (2020, 2020)
    first, second = plan.activities
    assert (first.title, first.focus_area, first.responsible, first.deadline) == (
        "Trygghetsvandring",
        "Trygghet",
        ("KLK",),
        date(2020, 5, 31),
    )
    assert first.implementation is None and first.follow_up is None
    assert (second.focus_area, second.deadline, second.done) == ("Trygghet", None, "Klart")


def test_plans_under_different_titles_stay_apart():
    table = HEADER + "\nOmråde\tGör något\tSå här\tKLK\t2020-01-01\t\n"
    text = f"Handlingsplan mot buller 2020\n\n{table}\nHandlingsplan mot nedskräpning 2021\n\n{table}"
    plans = parse_action_plans(text)
    assert [(p.title, len(p.activities)) for p in plans] == [
        ("Handlingsplan mot buller 2020", 1),
        ("Handlingsplan mot nedskräpning 2021", 1),
    ]


def test_truncated_row_raises_parse_error_naming_the_line():
    text = "Handlingsplan mot buller 2020\n\n" + HEADER + "\nOmråde\tGör något\tSå här\n"
    with pytest.raises(ParseError, match="truncated table") as raised:
        parse_action_plans(text)
    assert raised.value.line == 4


def test_header_without_rows_raises_parse_error():
    with pytest.raises(ParseError, match="truncated table") as raised:
        parse_action_plans("Intro\n\n" + HEADER + "\n\nText efteråt.\n")
    assert raised.value.line == 3


def test_range_limits_the_search():
    text = "Handlingsplan mot buller 2020\n\n" + HEADER + "\nOmråde\tGör\tSå\tKLK\t2020-01-01\t\n"
    assert parse_action_plans(text, 0, 20) == []
