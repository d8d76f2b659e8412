"""A confidential case's plan and activities exist only for those allowed to see it: the plan
page, the activity list, its CSV, the unit page and the calendar feeds."""

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from decisions.models import ActionPlan, Activity
from tests.ui.helpers import csv_rows, page

from .conftest import make_confidential, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_plan(plan, activities):
    """A confidential copy of the Vallentuna plan: its case copied and marked confidential."""
    case = plan.case
    case.pk, case.id, case.dnr = None, None, "KS 2016.999"
    case.title = "Hemlig handlingsplan"
    case._state.adding = True
    case.save()
    make_confidential(case)
    copy = ActionPlan.objects.create(case=case, title="Hemlig handlingsplan 2016-2017")
    for activity in activities:
        secret = Activity.objects.create(
            plan=copy,
            focus_area=activity.focus_area,
            title=f"Hemlig: {activity.title}",
            deadline=activity.deadline,
        )
        secret.responsible.set(activity.responsible.all())
    return copy


def test_the_plan_page_is_404_for_anyone_without_the_right(reader_client, secret_plan):
    assert Client().get(secret_plan.get_absolute_url()).status_code == 404
    assert reader_client.get(secret_plan.get_absolute_url()).status_code == 404


def test_those_with_the_right_see_the_plan(cleared_client, secret_plan):
    assert "Hemlig handlingsplan 2016-2017" in page(cleared_client.get(secret_plan.get_absolute_url()))


def test_the_list_csv_and_plan_filter_hold_only_public_activities(client, secret_plan):
    response = client.get(reverse("decisions:activity_list"))
    assert response.context["paginator"].count == 8
    assert "Hemlig" not in page(response)
    assert not any(
        "Hemlig" in cell for row in csv_rows(client.get(reverse("decisions:activity_csv"))) for cell in row
    )
    # Naming the secret plan in the URL finds nothing: it is no choice at all.
    response = client.get(reverse("decisions:activity_list"), {"plan": secret_plan.pk})
    assert "plan" in response.context["filter"].form.errors
    assert "Hemlig" not in page(response)


def test_those_with_the_right_see_both_plans_in_the_list(cleared_client, secret_plan):
    response = cleared_client.get(reverse("decisions:activity_list"))
    assert response.context["paginator"].count == 16


def test_the_feeds_never_hold_confidential_activities_whoever_asks(cleared_client, secret_plan):
    for reader in (Client(), cleared_client):
        for url in [
            reverse("decisions:activity_calendar"),
            reverse("decisions:unit_calendar", args=[unit("KLK").pk]),
        ]:
            summaries = [
                str(e["SUMMARY"]) for e in Calendar.from_ical(reader.get(url).content).walk("VEVENT")
            ]
            assert summaries and not any("Hemlig" in s for s in summaries)


def test_the_unit_page_shows_only_public_activities(cleared_client, secret_plan):
    lopo = unit("Lopo Täby")
    assert len(Client().get(lopo.get_absolute_url()).context["activities"]) == 8
    assert len(cleared_client.get(lopo.get_absolute_url()).context["activities"]) == 16


def test_a_confidential_plan_hides_from_the_home_page(client, plan, today):
    make_confidential(plan.case)
    response = client.get(reverse("decisions:home"))
    assert (response.context["overdue_count"], response.context["action_plan_count"]) == (0, 0)
