"""List, detail and person pages run a fixed number of queries, however much the register holds."""

import pytest
from django.urls import reverse

from decisions.models import (
    Attachment,
    Ballot,
    Case,
    Party,
    Person,
    Proposal,
    ProposalAuthor,
    Reservation,
    SourceDocument,
    Statement,
    StatementAuthor,
    Vote,
)

pytestmark = pytest.mark.django_db

# Budgets for an anonymous reader; the count does not depend on the number of rows. A page that
# uses values kept between requests also reads the register's generation, once.
LIST_BUDGET = 7
DETAIL_BUDGET = 14  # the case, which kinds of part it has, each kind it has (votes and ballots: two)
PERSON_BUDGET = 9  # the person, six kinds of appearance, and the visible ids until they are kept
PAGE_BUDGET = 8
# On PostgreSQL a search also asks whether it is broad: it reads the search vectors' statistics
# (kept a minute) and the query's stems, or, before the tables are analysed, the planner's estimate
# and the visible count (kept); and it fetches the page's snippets.
SEARCH_EXTRA = 3


def grow(case: Case, person: Person, copies: int) -> None:
    """Add ``copies`` cases like ``case``, each with rows of every kind by ``person``."""
    party = Party.objects.get(abbreviation="L")
    for n in range(copies):
        extra = Case.objects.create(
            title=f"{case.title} ({n})", municipality=case.municipality, body=case.body, date=case.date
        )
        document = SourceDocument.objects.create(
            filename=f"extra-{n}.txt", sha256=f"{n:064d}", text="Text " * 50
        )
        document.cases.add(extra, case)
        for position in range(3):
            proposal = Proposal.objects.create(
                case=case if n == 0 else extra, points=["a", "b"], position=position
            )
            ProposalAuthor.objects.create(proposal=proposal, person=person, party=party)
            statement = Statement.objects.create(
                case=extra,
                kind=Statement.Kind.SPECIAL,
                forum=case.body,
                document=document,
                span_start=0,
                span_end=4,
            )
            StatementAuthor.objects.create(statement=statement, person=person, party=party)
            Reservation.objects.create(
                case=case if n == 0 else extra, person=person, party=party, in_favour_of=proposal
            )
            Attachment.objects.create(case=extra, title=f"Bilaga {position}")
            vote = Vote.objects.create(
                case=case if n == 0 else extra,
                yes_means="bifall",
                no_means="avslag",
                yes=1,
                position=position,
            )
            Ballot.objects.create(vote=vote, person=person, party=party, choice=Ballot.Choice.YES)


def count_queries(client, url, params, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget):
        response = client.get(url, params)
        assert response.status_code == 200


@pytest.mark.parametrize(
    "params", [{}, {"party": "L"}, {"q": "Nordic"}, {"has_reservations": "true", "o": "dnr"}], ids=str
)
def test_the_case_list_has_a_budget(
    client, nordic_safe_cities, edholm, params, django_assert_max_num_queries
):
    from django.db import connection

    url = reverse("decisions:case_list")
    budget = LIST_BUDGET + (SEARCH_EXTRA if "q" in params and connection.vendor == "postgresql" else 0)
    count_queries(client, url, params, django_assert_max_num_queries, budget)
    grow(nordic_safe_cities, edholm, 30)
    count_queries(client, url, params, django_assert_max_num_queries, budget)


def test_the_case_page_has_a_budget(client, nordic_safe_cities, edholm, django_assert_max_num_queries):
    url = nordic_safe_cities.get_absolute_url()
    statement = nordic_safe_cities.statements.first()
    params = {"markera": f"uttalande-{statement.pk}"}
    count_queries(client, url, params, django_assert_max_num_queries, DETAIL_BUDGET)
    grow(nordic_safe_cities, edholm, 10)
    count_queries(client, url, params, django_assert_max_num_queries, DETAIL_BUDGET)


def test_the_person_page_has_a_budget(client, nordic_safe_cities, edholm, django_assert_max_num_queries):
    url = edholm.get_absolute_url()
    count_queries(client, url, {}, django_assert_max_num_queries, PERSON_BUDGET)
    grow(nordic_safe_cities, edholm, 30)
    count_queries(client, url, {}, django_assert_max_num_queries, PERSON_BUDGET)


@pytest.mark.parametrize(
    "name", ["home", "person_list", "party_detail", "body_detail", "unit_detail", "action_plan_detail"]
)
def test_other_pages_have_a_budget(client, vallentuna, edholm, name, django_assert_max_num_queries):
    args = {
        "party_detail": ["L"],
        "body_detail": [vallentuna.body_id],
        "unit_detail": [vallentuna.action_plans.get().activities.first().responsible.first().pk],
        "action_plan_detail": [vallentuna.action_plans.get().pk],
    }.get(name, [])
    url = reverse(f"decisions:{name}", args=args)
    count_queries(client, url, {}, django_assert_max_num_queries, PAGE_BUDGET)
    grow(vallentuna, edholm, 30)
    count_queries(client, url, {}, django_assert_max_num_queries, PAGE_BUDGET)


def test_the_edit_form_has_a_budget(registrator_client, skarholmen, django_assert_max_num_queries):
    reservation = skarholmen.reservations.first()
    url = reverse("decisions:reservation_update", args=[skarholmen.pk, reservation.pk])
    count_queries(registrator_client, url, {}, django_assert_max_num_queries, 12)
