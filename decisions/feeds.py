"""Activity deadlines as an iCalendar feed (RFC 5545): one all-day event per activity on its
deadline, with a UID that stays the same for as long as the activity exists, so a subscribed
calendar updates its events instead of adding new ones."""

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .export import activity_responsible
from .models import Activity

PRODID = "-//Beslutsregistret//Aktiviteter//SV"
UID_DOMAIN = "beslutsregistret"
SUMMARY_CHARS = 120


def activity_uid(activity: Activity) -> str:
    return f"activity-{activity.pk}@{UID_DOMAIN}"


def activity_calendar(
    activities: Iterable[Activity], *, name: str, absolute_url: Callable[[str], str], stamp: datetime
) -> bytes:
    """The feed for ``activities`` (those without a deadline are left out), named ``name``.
    ``absolute_url`` turns a path into a link; ``stamp`` is when the feed was made (UTC)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for activity in activities:
        if activity.deadline:
            calendar.add_component(_event(activity, absolute_url, stamp))
    return calendar.to_ical()


def _event(activity: Activity, absolute_url: Callable[[str], str], stamp: datetime) -> Event:
    event = Event()
    event.add("uid", activity_uid(activity))
    event.add("dtstamp", stamp)
    event.add("dtstart", activity.deadline)  # a date, not a time: an all-day event
    event.add("dtend", activity.deadline + timedelta(days=1))
    event.add("summary", Truncator(activity.title).chars(SUMMARY_CHARS))
    event.add("description", _description(activity))
    event.add("url", absolute_url(activity.get_absolute_url()))
    event.add("status", "CANCELLED" if activity.status == Activity.Status.CANCELLED else "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return event


def _description(activity: Activity) -> str:
    status = activity.get_status_display()
    if getattr(activity, "overdue", False):
        status = f"{status}, {_('försenad')}"
    lines = [
        activity.title,
        f"{_('Handlingsplan')}: {activity.plan.title}",
        f"{_('Fokusområde')}: {activity.focus_area}",
        f"{_('Ansvariga')}: {', '.join(activity_responsible(activity)) or '–'}",
        f"{_('Status')}: {status}",
    ]
    return "\n".join(lines)
