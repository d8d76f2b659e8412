"""Model rules: one case per Dnr within a municipality, parsed Dnr parts, spans, derived overdue."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from decisions.models import ActionPlan, Activity, Case, Municipality, Statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def stockholm():
    return Municipality.objects.create(name="Stockholms stad")


def test_saving_a_case_parses_its_dnr_into_parts(stockholm):
    case = Case.objects.create(
        dnr="KS 2018/550", title="Medlemskap i Nordic Safe Cities", municipality=stockholm
    )
    assert (case.dnr_series, case.dnr_year, case.dnr_serial) == ("KS", 2018, 550)
    assert case.dnr_key == "KS-2018-550"


def test_a_dnr_it_cannot_read_is_kept_verbatim(stockholm):
    case = Case.objects.create(dnr="Ju 2014:18 bilaga", title="Utredning", municipality=stockholm)
    assert case.dnr == "Ju 2014:18 bilaga"
    assert case.dnr_year is None and case.dnr_serial is None


def test_two_spellings_of_one_dnr_in_one_municipality_are_refused(stockholm):
    Case.objects.create(dnr="KS 2016.371", title="Handlingsplan", municipality=stockholm)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(dnr="ks  2016.371", title="Samma ärende igen", municipality=stockholm)


def test_the_same_dnr_in_another_municipality_is_another_case(stockholm):
    vallentuna = Municipality.objects.create(name="Vallentuna kommun")
    Case.objects.create(dnr="KS 2016.371", title="Handlingsplan", municipality=stockholm)
    Case.objects.create(dnr="KS 2016.371", title="Handlingsplan", municipality=vallentuna)
    assert Case.objects.filter(dnr_key="KS-2016-371").count() == 2


def test_cases_without_dnr_do_not_collide(stockholm):
    Case.objects.create(dnr="", title="Medlemskap i Strong Cities Network", municipality=stockholm)
    Case.objects.create(dnr="  ", title="Ett annat ärende utan diarienummer", municipality=stockholm)
    assert Case.objects.filter(dnr="").count() == 2


def test_a_confidential_case_must_name_its_secrecy_ground(stockholm):
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(title="Hemligt", municipality=stockholm, confidential=True)
    Case.objects.create(
        title="Hemligt", municipality=stockholm, confidential=True, secrecy_reference="OSL 18 kap. 1 §"
    )


def test_a_span_must_run_forwards(stockholm):
    case = Case.objects.create(title="Ärende", municipality=stockholm)
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.create(case=case, kind=Statement.Kind.SPECIAL, span_start=50, span_end=10)


@pytest.mark.parametrize(
    ("deadline", "status", "overdue"),
    [
        (date(2016, 12, 31), Activity.Status.PLANNED, True),
        (date(2016, 12, 31), Activity.Status.ONGOING, True),
        (date(2016, 12, 31), Activity.Status.DONE, False),
        (date(2016, 12, 31), Activity.Status.CANCELLED, False),
        (date(2017, 12, 31), Activity.Status.PLANNED, False),
        (None, Activity.Status.PLANNED, False),
    ],
)
def test_overdue_is_derived_from_deadline_status_and_today(stockholm, deadline, status, overdue):
    case = Case.objects.create(title="Handlingsplan", municipality=stockholm)
    plan = ActionPlan.objects.create(case=case, title="Handlingsplan mot våldsbejakande extremism 2016-2017")
    activity = Activity.objects.create(
        plan=plan, focus_area="Lägesbild", title="x", deadline=deadline, status=status
    )
    assert activity.is_overdue(today=date(2017, 6, 1)) is overdue


def test_changes_are_kept_in_history(stockholm):
    case = Case.objects.create(title="Före", municipality=stockholm)
    case.title = "Efter"
    case.save()
    assert [h.title for h in case.history.order_by("history_date")] == ["Före", "Efter"]


@pytest.mark.parametrize("name", ["case_detail", "person_detail", "body_detail", "action_plan_detail"])
def test_a_url_by_key_is_the_reversed_url_under_any_script_prefix(name):
    from django.urls import reverse, set_script_prefix

    from decisions.models import reverse_by_key

    for prefix in ("/", "/register/"):
        set_script_prefix(prefix)
        try:
            for pk in (1, 42, 987654321, 10**12):
                assert reverse_by_key(f"decisions:{name}", pk) == reverse(f"decisions:{name}", args=[pk])
        finally:
            set_script_prefix("/")


def test_a_choice_label_is_in_the_readers_language_and_an_unknown_value_shows_as_stored():
    from django.utils import translation

    case, statement = Case(status=Case.Status.DECIDED), Statement(kind=Statement.Kind.SPECIAL)
    activity = Activity(status=Activity.Status.ONGOING)
    with translation.override("sv"):
        shown = [case.get_status_display(), statement.get_kind_display(), activity.get_status_display()]
        assert shown == ["beslutat", "särskilt uttalande", "pågår"]
    with translation.override("en"):
        shown = [case.get_status_display(), statement.get_kind_display(), activity.get_status_display()]
        assert shown == ["decided", "special statement", "ongoing"]
    assert Case(status="arkiverat").get_status_display() == "arkiverat"
