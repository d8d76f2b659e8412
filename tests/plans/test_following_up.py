"""Clerks follow up activities from the plan page: a status change or a follow-up from the
activity's row, POST-redirect-GET, messages, errors on the row, permission and history."""

import pytest
from django.urls import reverse

from decisions import services
from decisions.models import FollowUp
from tests.ui.helpers import page, text_of

from .conftest import make_confidential

pytestmark = pytest.mark.django_db


def status_url(activity):
    return reverse("decisions:activity_status", args=[activity.pk])


def follow_up_url(activity):
    return reverse("decisions:followup_create", args=[activity.pk])


def status_data(activity, status, on="2017-05-15"):
    return {f"status-{activity.pk}-status": status, f"status-{activity.pk}-date": on}


def follow_up_data(activity, text, on="2017-05-15", new_status=""):
    prefix = f"uppfoljning-{activity.pk}"
    return {f"{prefix}-text": text, f"{prefix}-date": on, f"{prefix}-new_status": new_status}


def test_the_registrator_group_may_change_activities_and_add_follow_ups():
    from django.contrib.auth.models import Group

    codenames = set(Group.objects.get(name="Registrator").permissions.values_list("codename", flat=True))
    assert {"change_activity", "add_followup", "view_activity", "view_followup"} <= codenames
    assert "delete_activity" not in codenames and "delete_followup" not in codenames


def test_anonymous_posts_go_to_the_login_page_and_change_nothing(client, activities):
    first = activities[0]
    response = client.post(status_url(first), status_data(first, "done"))
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"/konto/logga-in/?next=/handlingsplaner/{first.plan_id}/%23aktivitet-{first.pk}"
    )
    response = client.post(follow_up_url(first), follow_up_data(first, "Hackat"))
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.follow_ups.count()) == ("planned", 0)


def test_readers_without_permission_get_403_and_see_no_forms(reader_client, plan, activities):
    first = activities[0]
    assert reader_client.post(status_url(first), status_data(first, "done")).status_code == 403
    assert reader_client.post(follow_up_url(first), follow_up_data(first, "Nej")).status_code == 403
    assert "Följ upp" not in page(reader_client.get(plan.get_absolute_url()))
    first.refresh_from_db()
    assert first.status == "planned"


def test_the_edit_addresses_take_only_posts(clerk_client, activities):
    assert clerk_client.get(status_url(activities[0])).status_code == 405
    assert clerk_client.get(follow_up_url(activities[0])).status_code == 405


def test_a_clerk_sees_both_forms_on_every_row(clerk_client, plan, activities):
    html = page(clerk_client.get(plan.get_absolute_url()))
    assert html.count("<summary>Följ upp") == 8
    assert html.count('class="row-form"') == 8 * 2
    first = activities[0]
    assert f'action="{status_url(first)}#aktivitet-{first.pk}"' in html
    assert f'<label for="id_uppfoljning-{first.pk}-text">Uppföljning</label>' in html


def test_a_clerk_changes_a_status(clerk_client, clerk, plan, activities, today):
    august = activities[2]
    response = clerk_client.post(status_url(august), status_data(august, "ongoing", on="2017-05-02"))
    assert response.status_code == 302
    assert response["Location"] == f"/handlingsplaner/{plan.pk}/#aktivitet-{august.pk}"
    after = page(clerk_client.get(response["Location"]))
    assert "Statusen är ändrad till pågår." in after
    assert "Pågår sedan 2017-05-02" in text_of(after)
    august.refresh_from_db()
    assert (august.status, august.status_changed_on.isoformat()) == ("ongoing", "2017-05-02")
    latest = august.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("Status ändrad: planerad → pågår", clerk)


def test_a_clerk_records_a_follow_up_that_marks_the_activity_done(
    clerk_client, clerk, plan, activities, today
):
    stodtelefon = activities[5]
    text = "Numret till stödtelefonen ligger på kommunens webbsidor."
    response = clerk_client.post(
        follow_up_url(stodtelefon), follow_up_data(stodtelefon, text, new_status="done")
    )
    assert response.status_code == 302
    after = clerk_client.get(response["Location"])
    assert "Uppföljningen är sparad." in page(after)
    entry = FollowUp.objects.get(activity=stodtelefon)
    assert (entry.date.isoformat(), entry.author, entry.text, entry.new_status) == (
        "2017-05-15",
        "Klara Kansli",
        text,
        "done",
    )
    assert entry.history.first().history_change_reason == "Uppföljning tillagd"
    stodtelefon.refresh_from_db()
    assert (stodtelefon.status, stodtelefon.status_changed_on) == ("done", today)
    reason = stodtelefon.history.first().history_change_reason
    assert reason == "Status ändrad vid uppföljning: planerad → genomförd"
    assert f"2017-05-15 · Klara Kansli · ny status: genomförd {text}" in text_of(page(after))
    assert after.context["progress"].overdue == 5


def test_the_overdue_list_and_home_count_follow_a_status_change_at_once(clerk_client, activities, today):
    """The overdue list's order of keys and the home page's count are kept between requests: a
    status change must reach both at the next page."""
    overdue = reverse("decisions:activity_list") + "?overdue=true"
    stodtelefon = activities[5]
    before = clerk_client.get(overdue).context["object_list"]
    assert stodtelefon in before and len(before) == 6
    assert "6 aktiviteter har passerat sitt slutdatum" in text_of(page(clerk_client.get("/")))
    clerk_client.post(status_url(stodtelefon), status_data(stodtelefon, "done"))
    after = clerk_client.get(overdue).context["object_list"]
    assert stodtelefon not in after and len(after) == 5
    assert "5 aktiviteter har passerat sitt slutdatum" in text_of(page(clerk_client.get("/")))


def test_a_follow_up_without_a_new_status_leaves_the_status(clerk_client, activities, today):
    first = activities[0]
    clerk_client.post(follow_up_url(first), follow_up_data(first, "Lägesbilden är påbörjad."))
    clerk_client.post(follow_up_url(first), follow_up_data(first, "Polisen har lämnat sitt underlag."))
    first.refresh_from_db()
    assert (first.status, first.status_changed_on) == ("planned", None)
    assert list(first.follow_ups.values_list("text", flat=True)) == [
        "Lägesbilden är påbörjad.",
        "Polisen har lämnat sitt underlag.",
    ]


@pytest.mark.parametrize(
    ("make_data", "error"),
    [
        (lambda a: status_data(a, "planned"), "Aktiviteten har redan den statusen."),
        (lambda a: status_data(a, "klar"), "Välj ett giltigt alternativ."),
        (lambda a: status_data(a, "done", on="2017-05-16"), "Datumet får inte ligga i framtiden."),
        (lambda a: status_data(a, "done", on="i morgon"), "Fyll i ett giltigt datum."),
    ],
    ids=["same", "unknown", "future", "nonsense-date"],
)
def test_a_bad_status_change_is_shown_on_the_row_and_saves_nothing(
    clerk_client, activities, today, make_data, error
):
    first = activities[0]
    response = clerk_client.post(status_url(first), make_data(first))
    html = page(response)
    assert error in html
    assert "Statusen ändrades inte. Se felet vid aktiviteten." in html
    assert '<details class="row-edit" open>' in html and html.count('<details class="row-edit" open>') == 1
    first.refresh_from_db()
    assert (first.status, first.status_changed_on) == ("planned", None)
    assert len(response.context["activities"]) == 8


def test_an_empty_follow_up_is_refused_with_the_text_kept(clerk_client, activities, today):
    first = activities[0]
    response = clerk_client.post(follow_up_url(first), follow_up_data(first, "   ", new_status="done"))
    html = page(response)
    assert "Uppföljningen sparades inte. Se felet vid aktiviteten." in html
    assert "Detta fält måste fyllas i." in html
    assert '<option value="done" selected>genomförd</option>' in html
    assert FollowUp.objects.count() == 0


def test_a_confidential_plans_activities_cannot_be_edited_by_a_clerk_without_clearance(
    clerk_client, plan, activities
):
    make_confidential(plan.case)
    assert clerk_client.post(status_url(activities[0]), status_data(activities[0], "done")).status_code == 404
    assert (
        clerk_client.post(follow_up_url(activities[0]), follow_up_data(activities[0], "x")).status_code == 404
    )


def test_the_status_service_ignores_the_same_status(activities, today):
    first = activities[0]
    assert services.activity_status_change(activity=first, status="planned") is False
    assert services.activity_status_change(activity=first, status="cancelled") is True
    first.refresh_from_db()
    assert (first.status, first.status_changed_on, first.is_overdue(today)) == ("cancelled", today, False)
