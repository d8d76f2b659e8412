"""The plan page, the activity list and the feeds run a fixed number of queries, however many
activities, units and follow-ups there are."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from decisions.models import ActionPlan, Activity, FollowUp, Unit

from .conftest import unit

pytestmark = pytest.mark.django_db

LIST_BUDGET = 9  # count, page, units; choices of municipality, plan and unit; the chosen unit;
# whether plans are too many for a list of choices; the register's generation (for what is kept)
PLAN_BUDGET = 4  # plan, activities, units, follow-ups
CLERK_EXTRA = 4  # session, user, the user's group and own permissions
DOWNLOAD_BUDGET = 2  # activities, units (one more per 2,000 rows streamed)


def grow(plan: ActionPlan, copies: int) -> None:
    """``copies`` more activities in the plan and in a plan of their own, each with two units and
    two follow-ups."""
    other = ActionPlan.objects.create(case=plan.case, title="Ytterligare plan")
    units = [unit("KLK"), Unit.objects.create(municipality=unit("KLK").municipality, abbreviation="NY")]
    for n in range(copies):
        for target in (plan, other):
            activity = Activity.objects.create(
                plan=target,
                focus_area=f"Område {n % 5}",
                title=f"Aktivitet {n}",
                responsible_text="KLK och NY",
                deadline=date(2017, 1, 1) + timedelta(days=n),
                position=100 + n,
            )
            activity.responsible.set(units)
            FollowUp.objects.create(activity=activity, text="Påbörjad", new_status="ongoing")
            FollowUp.objects.create(activity=activity, text="Klar", new_status="done")


def within(client, url, params, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget):
        response = client.get(url, params)
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"overdue": "true"},
        {"status": "planned", "due_after": "2017-01-01"},
        {"unit": "KLK"},
        {"page": "2"},
    ],
    ids=str,
)
def test_the_activity_list_has_a_budget(client, plan, params, django_assert_max_num_queries):
    if params.get("unit"):
        params = {"unit": unit(params["unit"]).pk}
    url = reverse("decisions:activity_list")
    within(client, url, params, django_assert_max_num_queries, LIST_BUDGET)
    grow(plan, 30)
    within(client, url, params, django_assert_max_num_queries, LIST_BUDGET)


@pytest.mark.parametrize("name", ["activity_csv", "activity_calendar"])
def test_the_downloads_have_a_budget(client, plan, name, django_assert_max_num_queries):
    url = reverse(f"decisions:{name}")
    within(client, url, {}, django_assert_max_num_queries, DOWNLOAD_BUDGET)
    grow(plan, 30)
    within(client, url, {}, django_assert_max_num_queries, DOWNLOAD_BUDGET)


def test_the_plan_page_has_a_budget(client, plan, django_assert_max_num_queries):
    within(client, plan.get_absolute_url(), {}, django_assert_max_num_queries, PLAN_BUDGET)
    grow(plan, 30)
    within(client, plan.get_absolute_url(), {}, django_assert_max_num_queries, PLAN_BUDGET)


def test_the_plan_page_with_a_clerks_forms_has_a_budget(clerk_client, plan, django_assert_max_num_queries):
    budget = PLAN_BUDGET + CLERK_EXTRA
    within(clerk_client, plan.get_absolute_url(), {}, django_assert_max_num_queries, budget)
    grow(plan, 30)
    within(clerk_client, plan.get_absolute_url(), {}, django_assert_max_num_queries, budget)
