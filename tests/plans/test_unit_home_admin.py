"""Around the plan page: the unit page, the home page's links, the admin, and the importer's
"Uppföljning" column as the first entry of the follow-up log."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse

from decisions.models import Activity, Case, FollowUp
from tests.ui.helpers import page, text_of

from .conftest import unit

pytestmark = pytest.mark.django_db


def test_the_unit_page_lists_every_activity_it_is_responsible_for_with_status(client, activities, today):
    activities[0].status = Activity.Status.DONE
    activities[0].save()
    lopo = unit("Lopo Täby")
    response = client.get(lopo.get_absolute_url())
    html = page(response)
    text = text_of(html)
    assert [a.deadline.isoformat() for a in response.context["activities"]][:2] == [
        "2016-12-31",
        "2017-04-30",
    ]
    assert len(response.context["activities"]) == 8
    assert "Lokalpolisområde Täby" in text
    assert "extremism 2016-2017 2016-12-31 genomförd Ta fram" in text
    assert "extremism 2016-2017 2017-08-31 planerad Sprid" in text
    assert text.count("Försenad") == 5
    assert f'href="{reverse("decisions:unit_calendar", args=[lopo.pk])}"' in html
    assert f'href="{reverse("decisions:activity_list")}?unit={lopo.pk}"' in html


def test_a_unit_with_no_activities_says_so(client, register):
    html = page(client.get(unit("SBF").get_absolute_url()))
    assert "Enheten ansvarar inte för några aktiviteter." in html
    assert "kalender.ics" not in html


def test_home_links_due_and_overdue_activities_to_their_plan_and_the_list(client, plan, today):
    html = page(client.get(reverse("decisions:home")))
    assert (
        f'href="{plan.get_absolute_url()}">Handlingsplan mot våldsbejakande extremism 2016-2017</a>' in html
    )
    assert (
        'href="/aktiviteter/?overdue=true">Visa alla 6 försenade aktiviteter i aktivitetslistan</a>' in html
    )
    assert 'href="/aktiviteter/">Alla aktiviteter, sorterade efter slutdatum</a>' in html


def _admin_change_data(activity, **changes) -> dict:
    data = {k: v for k, v in model_to_dict(activity).items() if v is not None and k != "status_changed_on"}
    data["responsible"] = [u.pk for u in activity.responsible.all()]
    data["deadline"] = activity.deadline.isoformat()
    data.update(
        {
            "follow_ups-TOTAL_FORMS": "1",
            "follow_ups-INITIAL_FORMS": "0",
            "follow_ups-MIN_NUM_FORMS": "0",
            "follow_ups-MAX_NUM_FORMS": "1000",
            "follow_ups-0-activity": activity.pk,
        }
    )
    return {**data, **changes}


def test_an_admin_changes_the_status_and_the_date_is_recorded(admin_client_logged_in, activities, today):
    first = activities[0]
    url = reverse("admin:decisions_activity_change", args=[first.pk])
    response = admin_client_logged_in.post(url, _admin_change_data(first, status="ongoing"))
    assert response.status_code == 302, response.content.decode()[:3000]
    first.refresh_from_db()
    assert (first.status, first.status_changed_on) == ("ongoing", today)


def test_an_admin_adds_a_follow_up_inline_that_sets_a_new_status(admin_client_logged_in, activities, today):
    first = activities[0]
    url = reverse("admin:decisions_activity_change", args=[first.pk])
    data = _admin_change_data(
        first,
        **{
            "follow_ups-0-date": "2017-05-10",
            "follow_ups-0-text": "Lägesbilden är klar.",
            "follow_ups-0-new_status": "done",
        },
    )
    assert admin_client_logged_in.post(url, data).status_code == 302
    entry = FollowUp.objects.get(activity=first)
    assert (entry.text, entry.author, entry.new_status) == ("Lägesbilden är klar.", "admin", "done")
    first.refresh_from_db()
    assert (first.status, first.status_changed_on.isoformat()) == ("done", "2017-05-10")
    assert (
        first.history.first().history_change_reason == "Status ändrad vid uppföljning: planerad → genomförd"
    )


def test_the_vallentuna_plan_has_no_follow_up_column_text_so_no_log_entries(plan):
    assert FollowUp.objects.filter(activity__plan=plan).count() == 0


def test_an_uppfoljning_cell_with_text_becomes_the_first_follow_up(db):
    document = Path(settings.BASE_DIR) / "tests" / "documents" / "protokoll_sjoangen_stadsdelsnamnd.txt"
    call_command("import_document", str(document), municipality="Sjöängens stad", stdout=StringIO())
    plan = Case.objects.get(
        action_plans__title="Handlingsplan för trygghet i Sjöängen 2021-2022"
    ).action_plans.get()
    walks, lighting = plan.activities.order_by("position")
    [entry] = walks.follow_ups.all()
    assert (entry.text, entry.date, entry.new_status) == ("Två vandringar genomförda", plan.case.date, "")
    assert entry.author == "import_document: protokoll_sjoangen_stadsdelsnamnd.txt"
    assert lighting.follow_ups.count() == 0
