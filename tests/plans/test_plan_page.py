"""The action plan page: purpose and goal, the deciding case, activities by focus area, progress,
the status chart and its text equivalent, and overdue written out."""

import re

import pytest

from decisions.models import Activity
from tests.ui.helpers import page, text_of

pytestmark = pytest.mark.django_db

LAGESBILD = "Lokal lägesbild om våldsbejakande extremism"
KUNSKAP = "Öka kunskap om våldsbejakande extremism"
RAD_OCH_STOD = "Öka kunskap om råd och stöd vid oro för våldsbejakande extremism"


def test_the_page_shows_purpose_goal_and_links_the_deciding_case(client, plan):
    html = page(client.get(plan.get_absolute_url()))
    text = text_of(html)
    assert "<h1>Handlingsplan mot våldsbejakande extremism 2016-2017</h1>" in html
    assert "Syfte Vallentuna kommuns arbete mot våldsbejakande extremism syftar till ökad trygghet" in text
    assert "Mål Vallentuna ska vara ett samhälle fritt från våldsbejakande extremism." in text
    assert f'<a href="{plan.case.get_absolute_url()}">KS 2016.371 Handlingsplan mot' in html
    assert "Ansvarigt organ Kommunstyrelsens arbetsutskott Period 2016–2017" in text


def test_activities_are_grouped_by_the_three_focus_areas_in_the_plans_order(client, plan):
    response = client.get(plan.get_absolute_url())
    areas = response.context["areas"]
    assert [(area.name, area.total) for area in areas] == [(LAGESBILD, 1), (KUNSKAP, 3), (RAD_OCH_STOD, 4)]
    assert [a.position for area in areas for a in area.activities] == list(range(1, 9))
    headings = re.findall(r'<h3 id="fokus-\d">Fokusområde: (.*?)</h3>', page(response))
    assert headings == [LAGESBILD, KUNSKAP, RAD_OCH_STOD]


def test_on_15_may_2017_six_activities_are_overdue(client, plan, today):
    response = client.get(plan.get_absolute_url())
    areas, whole = response.context["areas"], response.context["progress"]
    assert [(area.overdue, area.done) for area in areas] == [(1, 0), (1, 0), (4, 0)]
    assert (whole.total, whole.done, whole.overdue) == (8, 0, 6)
    text = text_of(page(response))
    assert "Hur långt planen har kommit 0 av 8 genomförda (0 %) · 6 försenade" in text
    assert f"Fokusområde: {KUNSKAP} 0 av 3 genomförda (0 %) · 1 försenad" in text


def test_overdue_is_said_in_words_and_marked_in_colour(client, plan, activities, today):
    html = page(client.get(plan.get_absolute_url()))
    overdue_rows = re.findall(r'<tr id="aktivitet-(\d+)" class="is-overdue">', html)
    expected = [a.pk for a in activities if a.deadline < today]
    assert sorted(map(int, overdue_rows)) == sorted(expected) and len(expected) == 6
    assert html.count('<strong class="overdue">Försenad</strong>') == 6
    august = next(a for a in activities if a.deadline.isoformat() == "2017-08-31")
    row = re.search(rf'<tr id="aktivitet-{august.pk}">(.*?)</tr>', html, re.S).group(1)
    assert "Planerad" in row and "Försenad" not in row


def test_progress_counts_done_activities_and_rounds_half_up(client, plan, activities, today):
    first = activities[0]
    first.status, first.status_changed_on = Activity.Status.DONE, today
    first.save()
    response = client.get(plan.get_absolute_url())
    whole = response.context["progress"]
    assert (whole.done, whole.done_percent, whole.overdue) == (1, 13, 5)
    text = text_of(page(response))
    assert "1 av 8 genomförda (13 %) · 5 försenade" in text
    assert f"Fokusområde: {LAGESBILD} 1 av 1 genomförda (100 %) · ingen försenad" in text
    assert "Genomförd sedan 2017-05-15" in text


def test_the_chart_is_inline_svg_with_one_bar_per_focus_area(client, plan, activities):
    activities[1].status = Activity.Status.ONGOING
    activities[1].save()
    html = page(client.get(plan.get_absolute_url()))
    svg = re.search(r"<svg [^>]*role=\"img\".*?</svg>\s*<div", html, re.S).group(0)
    assert 'aria-labelledby="diagram-titel diagram-beskrivning"' in svg
    assert '<title id="diagram-titel">Stapeldiagram: aktiviteter per status och fokusområde</title>' in svg
    assert "<script" not in html
    bars = re.findall(r'<text x="0" y="\d+" class="chart-label">(.*?)</text>', svg)
    assert bars == [LAGESBILD, KUNSKAP, "Öka kunskap om råd och stöd vid oro för…"]
    # Öka kunskap: one ongoing (a third of the bar), then two planned.
    assert '<rect x="0%" y="82" width="33.333%" height="26" class="chart-ongoing">' in svg
    assert '<rect x="33.333%" y="82" width="66.667%" height="26" class="chart-planned">' in svg
    assert svg.count('class="chart-planned"') == 3 + 1  # three bars and the legend


def test_the_chart_has_a_table_saying_the_same_in_text(client, plan, activities, today):
    activities[1].status = Activity.Status.ONGOING
    activities[1].save()
    html = page(client.get(plan.get_absolute_url()))
    table = text_of(re.search(r'<table class="chart-table">.*?</table>', html, re.S).group(0))
    assert table.startswith(
        "Diagrammets siffror: antal aktiviteter per status och fokusområde Fokusområde Genomförd Pågår "
        "Planerad Avbruten Totalt Andel genomförda Varav försenade"
    )
    assert f"{LAGESBILD} 0 0 1 0 1 0 % 1" in table
    assert f"{KUNSKAP} 0 1 2 0 3 0 % 1" in table
    assert f"{RAD_OCH_STOD} 0 0 4 0 4 0 % 4" in table
    assert table.endswith("Hela planen 0 1 7 0 8 0 % 6")


def test_a_plan_without_activities_says_so_and_draws_no_chart(client, plan):
    plan.activities.all().delete()
    html = page(client.get(plan.get_absolute_url()))
    assert "Planen har inga aktiviteter." in html
    assert "<svg" not in html


def test_an_unknown_plan_is_404(client, register):
    assert client.get("/handlingsplaner/999999/").status_code == 404


def test_anonymous_readers_see_the_log_but_no_forms(client, plan, activities):
    activities[0].follow_ups.create(date=activities[0].deadline, author="Trygghetssamordnaren", text="Klar.")
    html = page(client.get(plan.get_absolute_url()))
    assert "2016-12-31 · Trygghetssamordnaren" in text_of(html)
    assert "Ingen uppföljning ännu." in html
    main = html.split("<main", 1)[1]
    assert 'method="post"' not in main and "Följ upp" not in main
