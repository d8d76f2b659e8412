"""The activity list across plans: filters in the URL, sorted by deadline, paginated, and the CSV
of exactly the rows shown."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from decisions.models import ActionPlan, Activity, Case, Municipality
from tests.ui.helpers import csv_rows, page, text_of

from .conftest import unit

pytestmark = pytest.mark.django_db
LIST = reverse("decisions:activity_list")
CSV = reverse("decisions:activity_csv")


def listed(client, **params) -> list[Activity]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return list(response.context["object_list"])


def test_all_eight_vallentuna_activities_sorted_by_deadline(client, activities):
    rows = listed(client)
    assert [a.deadline for a in rows] == sorted(a.deadline for a in activities)
    assert (rows[0].deadline, rows[-1].deadline) == (date(2016, 12, 31), date(2017, 12, 31))
    # Equal deadlines keep the plan's order.
    assert [a.position for a in rows if a.deadline == date(2017, 4, 30)] == [2, 5, 6, 7, 8]


def test_the_list_is_linked_from_the_main_menu_and_reads_in_words(client, activities, today):
    html = page(client.get(LIST))
    assert f'<a href="{LIST}" aria-current="page">Aktiviteter</a>' in html
    text = text_of(html)
    assert "8 aktiviteter · sorterade efter slutdatum" in text
    assert (
        "Fastställa en aktuell och bred lägesbild av situationen lokalt i kommunen samt inom "
        "Lokalpolisområde Täby Handlingsplan mot våldsbejakande extremism 2016-2017 "
        "Trygghetssamordnaren, Lopo Täby 2016-12-31 planerad Försenad"
    ) in text


@pytest.mark.parametrize(
    ("abbreviation", "count"), [("Lopo Täby", 8), ("KLK", 7), ("SF", 7), ("BUF", 6), ("KFF", 6), ("SBF", 0)]
)
def test_filter_by_the_unit_responsible(client, register, abbreviation, count):
    assert len(listed(client, unit=unit(abbreviation).pk)) == count


def test_filter_by_municipality_and_plan(client, plan):
    vallentuna = Municipality.objects.get(name="Vallentuna kommun")
    stockholm = Municipality.objects.get(name="Stockholms stad")
    assert len(listed(client, municipality=vallentuna.pk)) == 8
    assert listed(client, municipality=stockholm.pk) == []
    other = ActionPlan.objects.create(case=Case.objects.get(dnr="KS 2018/550"), title="Annan plan")
    Activity.objects.create(plan=other, focus_area="Annat", title="Något annat", deadline=date(2017, 1, 1))
    assert len(listed(client)) == 9
    assert len(listed(client, plan=plan.pk)) == 8
    assert [a.title for a in listed(client, plan=other.pk)] == ["Något annat"]


def test_filter_by_status_and_overdue_on_a_frozen_day(client, activities, today):
    activities[2].status = Activity.Status.ONGOING
    activities[2].save()
    assert [a.pk for a in listed(client, status="ongoing")] == [activities[2].pk]
    assert len(listed(client, status="planned")) == 7
    overdue = listed(client, overdue="true")
    assert len(overdue) == 6 and all(a.deadline < today for a in overdue)
    assert [a.deadline.isoformat() for a in listed(client, overdue="false")] == ["2017-08-31", "2017-12-31"]


def test_done_activities_are_not_overdue(client, activities, today):
    activities[0].status = Activity.Status.DONE
    activities[0].save()
    assert len(listed(client, overdue="true")) == 5


def test_filter_by_due_before_and_after(client, register):
    assert len(listed(client, due_after="2017-05-01")) == 2
    assert len(listed(client, due_before="2017-04-30")) == 6
    assert [
        a.deadline.isoformat() for a in listed(client, due_after="2017-01-01", due_before="2017-08-31")
    ] == ["2017-04-30"] * 5 + ["2017-08-31"]


def test_a_reversed_date_range_is_explained_not_an_error(client, register):
    response = client.get(LIST, {"due_after": "2017-12-31", "due_before": "2017-01-01"})
    assert "Till-datumet ligger före från-datumet." in page(response)


@pytest.mark.parametrize(
    "params",
    [
        {"status": "klar"},
        {"plan": "abc"},
        {"unit": "999999"},
        {"municipality": "-1"},
        {"overdue": "kanske"},
        {"due_after": "igår"},
        {"page": "999"},
        {"page": "x"},
    ],
    ids=str,
)
def test_nonsense_in_the_url_never_breaks_the_page(client, register, params):
    assert client.get(LIST, params).status_code == 200
    assert client.get(CSV, params).status_code == 200


def test_active_filters_are_chips_that_remove_themselves(client, register, today):
    klk = unit("KLK")
    response = client.get(LIST, {"unit": klk.pk, "overdue": "true"})
    chips = {chip["label"]: chip for chip in response.context["chips"]}
    assert chips["Ansvarig enhet"]["value"] == "KLK – Kommunledningskontoret (Vallentuna kommun)"
    assert (chips["Försenad"]["value"], chips["Försenad"]["query"]) == ("Ja", f"unit={klk.pk}")
    assert response.context["paginator"].count == 5


def test_the_list_is_paginated(client, plan):
    for n in range(30):
        Activity.objects.create(
            plan=plan, focus_area="Extra", title=f"Extra {n:02}", deadline=date(2018, 1, 1) + timedelta(n)
        )
    first = client.get(LIST)
    assert (first.context["paginator"].count, len(first.context["object_list"])) == (38, 25)
    second = client.get(LIST, {"page": 2})
    assert [a.title for a in second.context["object_list"]] == [f"Extra {n:02}" for n in range(17, 30)]


def test_activities_without_a_deadline_come_last(client, plan):
    Activity.objects.create(plan=plan, focus_area="Extra", title="Utan slutdatum", position=0)
    assert listed(client)[-1].title == "Utan slutdatum"


def test_the_csv_holds_exactly_the_filtered_rows(client, activities, today):
    rows = csv_rows(client.get(CSV, {"unit": unit("KLK").pk, "overdue": "true"}))
    assert rows[0] == [
        "Handlingsplan",
        "Kommun",
        "Fokusområde",
        "Aktivitet",
        "Ansvariga",
        "Klart senast",
        "Status",
        "Status ändrad",
        "Försenad",
        "URL",
    ]
    shown = listed(client, unit=unit("KLK").pk, overdue="true")
    assert [row[3] for row in rows[1:]] == [a.title for a in shown]
    assert len(rows) == 1 + 5
    second = activities[1]
    assert rows[1] == [
        "Handlingsplan mot våldsbejakande extremism 2016-2017",
        "Vallentuna kommun",
        "Öka kunskap om våldsbejakande extremism",
        second.title,
        "KLK, BUF, KFF, SF, Lopo Täby",
        "2017-04-30",
        "planerad",
        "",
        "ja",
        f"http://testserver/handlingsplaner/{second.plan_id}/#aktivitet-{second.pk}",
    ]


def test_the_csv_names_people_who_are_no_unit_as_written(client, activities):
    rows = csv_rows(client.get(CSV))
    assert rows[1][4] == "Trygghetssamordnaren, Lopo Täby"
    assert len(rows) == 1 + 8


def test_the_list_links_to_the_csv_and_calendar_with_the_same_filters(client, register):
    html = page(client.get(LIST, {"status": "planned", "page": "1"}))
    assert f'href="{CSV}?status=planned"' in html
    assert 'href="/aktiviteter/kalender.ics?status=planned"' in html


def test_the_one_title_over_140_characters_is_cut_with_an_ellipsis_and_the_others_are_whole(
    client, activities, today
):
    # Activity 2 is 148 characters; the list shows its first 139 and an ellipsis. Activity 1
    # (105 characters) stands whole.
    html = page(client.get(LIST))
    assert len(activities[1].title) == 148
    assert f">{activities[1].title[:139]}…</a>" in html
    assert activities[1].title not in html
    assert f">{activities[0].title}</a>" in html
