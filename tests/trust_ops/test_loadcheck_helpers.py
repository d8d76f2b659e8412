"""The load check's pure helpers (scripts/loadcheck.py); the check itself runs with make loadcheck."""

import importlib.util
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "loadcheck.py"
spec = importlib.util.spec_from_file_location("loadcheck", SCRIPT)
loadcheck = sys.modules.setdefault("loadcheck", importlib.util.module_from_spec(spec))
spec.loader.exec_module(loadcheck)


def test_percentile_by_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert loadcheck.percentile(values, 50) == 50
    assert loadcheck.percentile(values, 95) == 95
    assert loadcheck.percentile(values, 100) == 100
    assert loadcheck.percentile([7.0], 95) == 7
    assert loadcheck.percentile([], 50) == 0


def test_summary_counts_requests_and_errors_per_kind_reads_first():
    Sample = loadcheck.Sample
    samples = [Sample("edit save", 0.2, True), Sample("home", 0.1, True), Sample("home", 0.3, False)]
    rows = loadcheck.summarize(samples)
    assert [(r["kind"], r["requests"], r["errors"]) for r in rows] == [("home", 2, 1), ("edit save", 1, 0)]
    assert rows[0]["p50"] == pytest.approx(100) and rows[0]["max"] == pytest.approx(300)
    assert loadcheck.report_table(rows).splitlines()[2] == "| home | 2 | 1 | 100 | 300 | 300 |"


@pytest.mark.django_db
def test_the_form_reader_submits_what_a_browser_would_from_the_real_edit_form(
    client, small_register, django_user_model
):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("registrator")
    user.groups.add(Group.objects.get(name="Registrator"))
    client.force_login(user)
    reservation = small_register.reservations.get()
    url = reverse("decisions:reservation_update", args=[small_register.pk, reservation.pk])
    fields = loadcheck.form_fields(client.get(url).content.decode(), "edit-form")
    assert fields["person"] == str(reservation.person_id)
    assert fields["party"] == str(reservation.party_id)
    assert fields["in_favour_of"] == str(reservation.in_favour_of_id)
    assert fields["reason"] == ""
    assert "csrfmiddlewaretoken" in fields and "language" not in fields


def test_cookies_are_read_from_set_cookie_headers():
    headers = [
        ("Set-Cookie", "csrftoken=abc; expires=Thu, 01 Jan 2099 00:00:00 GMT; Path=/; SameSite=Lax; Secure"),
        ("Content-Type", "text/html"),
        ("Set-Cookie", "sessionid=xyz; HttpOnly; Path=/; Secure"),
    ]
    assert loadcheck.cookies_from(headers) == {"csrftoken": "abc", "sessionid": "xyz"}


def test_the_scratch_database_url_keeps_server_and_user():
    url = loadcheck.database_url_with_name("postgres://postgres@127.0.0.1:5432/postgres", "loadcheck_1")
    assert url == "postgres://postgres@127.0.0.1:5432/loadcheck_1"


def test_edits_are_dealt_out_so_no_two_registrators_share_a_row():
    register = loadcheck.Register(
        database_url="", case_ids=[1, 2], person_ids=[1], reservations=[(1, 10), (1, 11), (2, 12)]
    )
    register.editors = [("a", "x"), ("b", "y")]
    plans = loadcheck.edit_plan(register, rounds=2)
    rows = [{path for path, _f, _v in plan} for plan in plans]
    assert rows[0].isdisjoint(rows[1])
    assert sum(len(plan) for plan in plans) == 5 * 2
