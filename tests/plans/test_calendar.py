"""The deadlines as iCalendar feeds (RFC 5545), read back with the icalendar library."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from decisions.models import Activity

from .conftest import unit

pytestmark = pytest.mark.django_db
FEED = reverse("decisions:activity_calendar")


def feed(client, url=FEED, **params) -> tuple[bytes, Calendar]:
    response = client.get(url, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content, Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_has_one_all_day_event_per_vallentuna_deadline(client, activities):
    _, calendar = feed(client)
    found = events(calendar)
    assert set(found) == {f"activity-{a.pk}@beslutsregistret" for a in activities}
    for activity in activities:
        event = found[f"activity-{activity.pk}@beslutsregistret"]
        assert event.decoded("DTSTART") == activity.deadline
        assert event.decoded("DTEND") == activity.deadline + timedelta(days=1)
        assert type(event.decoded("DTSTART")) is date  # a date, not a time: all day
        assert (
            str(event["URL"])
            == f"http://testserver/handlingsplaner/{activity.plan_id}/#aktivitet-{activity.pk}"
        )
    starts = sorted(event.decoded("DTSTART") for event in found.values())
    assert (starts[0], starts[-1]) == (date(2016, 12, 31), date(2017, 12, 31))


def test_the_feed_is_a_valid_rfc_5545_calendar(client, register):
    body, calendar = feed(client)
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == (
        "2.0",
        "-//Beslutsregistret//Aktiviteter//SV",
    )
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines), "content lines are folded at 75 octets"
    assert b"\n" not in body.replace(b"\r\n", b"")
    for event in calendar.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL"} <= set(event)


def test_events_say_what_is_due_who_is_responsible_and_whether_it_is_late(client, activities, today):
    _, calendar = feed(client)
    first = events(calendar)[f"activity-{activities[0].pk}@beslutsregistret"]
    assert str(first["SUMMARY"]).startswith("Fastställa en aktuell och bred lägesbild")
    description = str(first["DESCRIPTION"])
    assert "Handlingsplan: Handlingsplan mot våldsbejakande extremism 2016-2017" in description
    assert "Fokusområde: Lokal lägesbild om våldsbejakande extremism" in description
    assert "Ansvariga: Trygghetssamordnaren, Lopo Täby" in description
    assert "Status: planerad, försenad" in description
    august = events(calendar)[f"activity-{activities[2].pk}@beslutsregistret"]
    assert str(august["DESCRIPTION"]).endswith("Status: planerad")


def test_uids_stay_the_same_from_one_fetch_to_the_next(client, activities):
    first = set(events(feed(client)[1]))
    activities[0].title = "Ny rubrik"
    activities[0].save()
    assert set(events(feed(client)[1])) == first


def test_a_cancelled_activity_is_a_cancelled_event_and_one_without_deadline_is_left_out(client, activities):
    activities[0].status = Activity.Status.CANCELLED
    activities[0].save()
    activities[1].deadline = None
    activities[1].save()
    found = events(feed(client)[1])
    assert str(found[f"activity-{activities[0].pk}@beslutsregistret"]["STATUS"]) == "CANCELLED"
    assert f"activity-{activities[1].pk}@beslutsregistret" not in found
    assert len(found) == 7


@pytest.mark.parametrize(("abbreviation", "count"), [("KLK", 7), ("Lopo Täby", 8), ("SBF", 0)])
def test_each_unit_has_a_feed_of_its_own_deadlines(client, register, abbreviation, count):
    responsible = unit(abbreviation)
    _, calendar = feed(client, reverse("decisions:unit_calendar", args=[responsible.pk]))
    assert len(calendar.walk("VEVENT")) == count
    assert str(calendar["X-WR-CALNAME"]) == f"Aktiviteter i Beslutsregistret: {responsible}"


def test_the_feed_takes_the_lists_filters(client, register, today):
    _, calendar = feed(client, overdue="false")
    assert sorted(e.decoded("DTSTART").isoformat() for e in calendar.walk("VEVENT")) == [
        "2017-08-31",
        "2017-12-31",
    ]


def test_an_unknown_unit_has_no_feed(client, register):
    assert client.get(reverse("decisions:unit_calendar", args=[999999])).status_code == 404
