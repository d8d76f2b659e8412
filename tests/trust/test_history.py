"""The Historik page of a case: who changed what and when, in the case and every row under it, with
the old and new value of each field and the reason the change was recorded with."""

from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from decisions.dnr import normalize_dnr
from decisions.models import Activity, Attachment, Case, FollowUp, Reservation

from ..ui.helpers import page, text_of
from .helpers import form_values

pytestmark = pytest.mark.django_db
PROTOCOL = "protokoll_nackaby_kommunstyrelsen_2021-06-14.txt"


def history_url(case) -> str:
    return reverse("decisions:case_history", args=[case.pk])


def history_text(client, case, **query) -> str:
    return text_of(page(client.get(history_url(case), query)))


def test_the_case_page_links_to_its_history(client, skarholmen):
    assert f'href="{history_url(skarholmen)}"' in page(client.get(skarholmen.get_absolute_url()))


def test_a_web_edit_shows_who_what_when_and_the_old_and_new_value(registrator_clients, skarholmen):
    anna, _ = registrator_clients
    rudlinger = Reservation.objects.get(case=skarholmen, person__name="Eva Rüdlinger")
    url = reverse("decisions:reservation_update", args=[skarholmen.pk, rudlinger.pk])
    anna.post(url, {**form_values(anna.get(url)), "reason": "Lägesbilden saknas.", "in_favour_text": "eget"})
    response = anna.get(history_url(skarholmen))
    newest = response.context["object_list"][0]
    assert (newest.kind, newest.label, newest.action, newest.user) == (
        "reservation",
        "Eva Rüdlinger",
        "ändrad",
        "Anna Registrator",
    )
    assert timezone.localdate(newest.record.history_date) == timezone.localdate()
    assert [(c.field, c.old, c.new) for c in newest.changes] == [
        ("till förmån för (text)", "eget förslag till beslut", "eget"),
        ("motivering", "–", "Lägesbilden saknas."),
    ]
    text = text_of(page(response))
    assert (
        "Reservation: Eva Rüdlinger (ändrad) När "
        f"{timezone.localtime(newest.record.history_date).strftime('%Y-%m-%d %H:%M')} "
        "Av Anna Registrator Orsak Ändrad via webben "
        "Fält Före Efter Till förmån för (text) eget förslag till beslut eget "
        "Motivering – Lägesbilden saknas."
    ) in text


def test_the_loaded_register_is_recorded_as_loaded(client, skarholmen):
    entries = client.get(history_url(skarholmen)).context["paginator"].object_list
    # The case, its proceeding, 1 proposal and its 3 authors, 7 reservations, 3 attachments.
    assert {e.record.history_change_reason for e in entries} == {"load_register"}
    assert {e.user for e in entries} == {"–"}
    assert sorted(e.kind for e in entries).count("reservation") == 7
    case_entry = next(e for e in entries if e.model is Case)
    assert ("status", "–", "beslutat") in {(c.field, c.old, c.new) for c in case_entry.changes}


def test_an_import_is_recorded_with_the_operator_and_the_file(client, register):
    path = settings.BASE_DIR / "tests" / "documents" / PROTOCOL
    call_command("import_document", str(path), "--municipality", "Nackaby kommun", stdout=StringIO())
    case = Case.objects.get(dnr_key=normalize_dnr("KFKS 2020/1109"))
    text = history_text(client, case)
    assert f"Orsak import_document: {PROTOCOL}" in text
    assert "Ärende: Motion om fler cykelparkeringar vid pendelbåtsbryggorna (skapad)" in text
    assert "Handläggning: § 103 (skapad)" in text
    assert "Förslag: yrkande (skapad)" in text
    assert "Förslagsställare: Elin Forsberg (skapad)" in text
    assert "Person – Elin Forsberg Parti – Centerpartiet (C) Roll – förslagsställare" in text
    assert "OCR-rättelser – original: KFKS 2020/ I I 09, repaired: KFKS 2020/1109" in text


def test_action_plan_activity_and_follow_up_changes_show_on_the_case(client, register):
    vallentuna = Case.objects.get(dnr="KS 2016.371")
    activity = Activity.objects.filter(plan__case=vallentuna).order_by("position").first()
    activity.status = Activity.Status.DONE
    activity.status_changed_on = date(2017, 3, 1)
    activity._change_reason = "Uppföljning mars 2017"
    activity.save()
    FollowUp.objects.create(
        activity=activity, date=date(2017, 3, 1), author="KLK", text="Utbildningen är genomförd."
    )
    entries = client.get(history_url(vallentuna)).context["object_list"]
    follow_up, changed = entries[0], entries[1]
    assert (follow_up.kind, follow_up.action) == ("uppföljning", "skapad")
    assert ("uppföljning", "–", "Utbildningen är genomförd.") in {
        (c.field, c.old, c.new) for c in follow_up.changes
    }
    assert (changed.kind, changed.label, changed.record.history_change_reason) == (
        "aktivitet",
        activity.title,
        "Uppföljning mars 2017",
    )
    assert [(c.field, c.old, c.new) for c in changed.changes] == [
        ("status", "planerad", "genomförd"),
        ("status ändrad", "–", "2017-03-01"),
    ]
    kinds = {e.kind for e in client.get(history_url(vallentuna)).context["paginator"].object_list}
    assert {"handlingsplan", "aktivitet", "förslag", "bilaga", "handläggning", "ärende"} <= kinds


def test_a_removed_row_stays_in_the_history(client, skarholmen):
    attachment = Attachment.objects.filter(case=skarholmen).first()
    title = attachment.title
    attachment._change_reason = "Dubblett"
    attachment.delete()
    newest = client.get(history_url(skarholmen)).context["object_list"][0]
    assert (newest.kind, newest.label, newest.action, newest.record.history_change_reason) == (
        "bilaga",
        title,
        "borttagen",
        "Dubblett",
    )


def test_values_are_escaped(client, skarholmen):
    skarholmen.summary = "<script>alert('historik')</script>"
    skarholmen._change_reason = "<b>import</b>"
    skarholmen.save()
    html = page(client.get(history_url(skarholmen)))
    assert "<script>alert" not in html and "<b>import" not in html
    assert "&lt;script&gt;alert(&#x27;historik&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;import&lt;/b&gt;" in html


def grow_history(case: Case, edits: int) -> None:
    """``edits`` saves of the case and of each of its reservations."""
    for n in range(edits):
        case.summary = f"Version {n}"
        case.save()
        for reservation in case.reservations.all():
            reservation.reason = f"Motivering {n}"
            reservation.save()


def test_the_history_page_runs_the_same_queries_however_long_the_history(client, skarholmen):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(history_url(skarholmen)).status_code == 200
        return len(captured)

    grow_history(skarholmen, 10)  # the first page now holds only edits, as it will from here on
    before = queries()
    grow_history(skarholmen, 30)
    assert queries() == before
    assert before <= 25


def test_the_history_is_paged_fifty_at_a_time(client, skarholmen):
    grow_history(skarholmen, 10)  # 16 loaded versions and 80 saved ones
    first = client.get(history_url(skarholmen))
    assert first.context["paginator"].count == 96
    assert len(first.context["object_list"]) == 50
    newest_case = next(e for e in first.context["object_list"] if e.model is Case)
    assert newest_case.record.summary == "Version 9"
    last = client.get(history_url(skarholmen), {"page": 2})
    assert len(last.context["object_list"]) == 46
    assert "Sida 2 av 2" in page(last)
    for nonsense in ("abc", "-1", "99999", "1e9", "\x00"):
        assert client.get(history_url(skarholmen), {"page": nonsense}).status_code == 200


def test_the_admin_shows_the_history_of_a_row_edited_on_the_web(
    registrator_clients, admin_client_logged_in, skarholmen
):
    anna, _ = registrator_clients
    rudlinger = Reservation.objects.get(case=skarholmen, person__name="Eva Rüdlinger")
    url = reverse("decisions:reservation_update", args=[skarholmen.pk, rudlinger.pk])
    anna.post(url, {**form_values(anna.get(url)), "reason": "Lägesbilden saknas."})
    admin_history = reverse("admin:decisions_reservation_history", args=[rudlinger.pk])
    text = text_of(page(admin_client_logged_in.get(admin_history)))
    assert "Ändrad via webben" in text and "load_register" in text
    assert "anna" in text


def test_the_history_page_reads_in_english_when_chosen(client, skarholmen):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = history_text(client, skarholmen)
    assert "History: 1.2.1./747-2017 Tertialrapport 2, 2017" in text
    assert "16 saved versions of the case and its parts, newest first." in text
    assert "Reservation: Eva Rüdlinger (created) When" in text
    assert "By – Reason load_register Field Before After" in text
