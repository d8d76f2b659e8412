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
