"""Reads whose SQL is written once per process (``selectors.KeptSql``) give the rows their
querysets give, as the same model instances, with each request's values."""

import pytest

from decisions.models import Proposal, Reservation
from decisions.selectors import KeptSql

pytestmark = pytest.mark.django_db


def reservations_of(access, *, case):
    return Reservation.objects.filter(case=case).select_related("person", "party")


def test_instances_are_the_querysets_rows_with_their_related_rows(skarholmen, django_assert_num_queries):
    kept = KeptSql(reservations_of)
    expected = [
        (r.pk, r.person.name, r.party.abbreviation) for r in reservations_of("public", case=skarholmen.pk)
    ]
    with django_assert_num_queries(1):
        rows = kept.instances(("public",), {"case": skarholmen.pk})
        found = [(r.pk, r.person.name, r.party.abbreviation) for r in rows]
    assert found == expected
    assert ("Jan Jönsson", "L") in {(name, party) for _pk, name, party in found}


def test_the_sql_written_once_runs_with_each_requests_key(skarholmen, ctpn):
    kept = KeptSql(lambda access, *, case: Proposal.objects.filter(case=case))
    first = kept.instances(("public",), {"case": skarholmen.pk})
    second = kept.instances(("public",), {"case": ctpn.pk})
    assert len(kept.written) == 1
    assert {p.case_id for p in first} == {skarholmen.pk}
    assert {p.case_id for p in second} == {ctpn.pk}


def test_instances_convert_their_values_as_the_queryset_does(skarholmen):
    kept = KeptSql(lambda access, *, case: Proposal.objects.filter(case=case))
    rows = kept.instances(("public",), {"case": skarholmen.pk})
    expected = list(Proposal.objects.filter(case=skarholmen))
    assert [p.points for p in rows] == [p.points for p in expected]
    assert any(isinstance(p.points, list) and p.points for p in rows)
    assert not rows[0]._state.adding and rows[0]._state.db == "default"


def test_a_page_of_activities_read_by_key_is_overdue_on_the_day_asked(register):
    """Vallentuna's activities, read by key as a page of the activity list reads them: on each day
    the ones overdue are those the queryset finds overdue, so the day is a value of the SQL, not
    part of it."""
    from datetime import date

    from decisions import selectors
    from decisions.models import Activity

    keys = list(
        Activity.objects.exclude(deadline=None).order_by("-deadline", "pk").values_list("pk", flat=True)
    )
    overdue_on = {}
    for day in (date(2016, 9, 1), date(2030, 1, 1)):
        rows = selectors.activity_rows_by_key(keys, today=day)
        assert [a.pk for a in rows] == keys
        assert all(a.plan.title == rows[0].plan.title for a in rows)
        expected = selectors.activity_with_overdue(Activity.objects.filter(pk__in=keys), today=day)
        overdue_on[day] = {a.pk for a in rows if a.overdue}
        assert overdue_on[day] == {a.pk for a in expected if a.overdue}
    assert overdue_on[date(2016, 9, 1)] < overdue_on[date(2030, 1, 1)]


def test_a_page_of_cases_read_by_key_holds_only_what_the_reader_may_see(register, django_user_model):
    from django.contrib.auth.models import Permission

    from decisions import selectors
    from decisions.models import Case

    hidden = Case.objects.get(dnr="KS 2021/346")
    Case.objects.filter(pk=hidden.pk).update(confidential=True, secrecy_reference="OSL 18 kap. 1 §")
    keys = list(Case.objects.order_by("title").values_list("pk", flat=True))
    public = selectors.case_rows_by_key(keys, user=None)
    assert [c.pk for c in public] == [key for key in keys if key != hidden.pk]
    assert {c.municipality for c in public} == {"Stockholms stad", "Vallentuna kommun"}
    clerk = django_user_model.objects.create_user("sekretess", password="x")
    clerk.user_permissions.add(Permission.objects.get(codename="view_confidential_case"))
    clerk = django_user_model.objects.get(pk=clerk.pk)
    assert [c.pk for c in selectors.case_rows_by_key(keys, user=clerk)] == keys


def test_the_home_tables_follow_the_day_they_are_read_on(register):
    """The home page's tables, their SQL written once, on three days of Vallentuna's plan: each
    day's activities due within 60 days and overdue are the querysets' for that day."""
    from datetime import date

    from decisions import selectors

    seen = set()
    for day in (date(2016, 5, 1), date(2016, 11, 1), date(2017, 6, 1)):
        tables = selectors.home_tables(today=day, cases=3, activities=20)
        due = [a.pk for a in selectors.activity_due_list(today=day)[:20]]
        overdue = [a.pk for a in selectors.activity_overdue_list(today=day)[:20]]
        assert [a.pk for a in tables["due_activities"]] == due
        assert [a.pk for a in tables["overdue_activities"]] == overdue
        assert all(a.plan.title for a in tables["due_activities"] + tables["overdue_activities"])
        seen.add((tuple(due), tuple(overdue)))
        assert [c.dnr for c in tables["latest_cases"]][0] == "KS 2021/346"
    assert len(seen) == 3
