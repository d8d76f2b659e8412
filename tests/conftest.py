"""Shared fixtures: the register loaded from the five sources, a small register built by hand, and
clients in the roles people have."""

import os

import pytest


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor} ({os.environ.get('DATABASE_URL', 'SQLite default')})"


def pytest_collection_modifyitems(config, items):
    """Tests marked postgres exercise what only PostgreSQL has (Swedish full-text ranking). They
    belong to the PostgreSQL run, which CI always makes; on SQLite they are deselected, not skipped."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    postgres_only = [item for item in items if item.get_closest_marker("postgres")]
    if postgres_only:
        config.hook.pytest_deselected(items=postgres_only)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


@pytest.fixture(autouse=True)
def kept_values_cleared():
    """Each test starts with nothing kept: counts and choices kept by an earlier test may hold
    rows its rolled-back transaction removed, and the search vectors' statistics read then may
    not be the ones its tables have now."""
    from decisions import search_statistics, selectors

    selectors.kept_values.clear()
    search_statistics.forget()


@pytest.fixture
def register(db):
    """The committed register: five real cases from the five source documents."""
    from django.core.management import call_command

    call_command("load_register", verbosity=0)


@pytest.fixture
def skarholmen(register):
    from decisions.models import Case

    return Case.objects.get(dnr="1.2.1./747-2017")


@pytest.fixture
def ctpn(register):
    from decisions.models import Case

    return Case.objects.get(dnr="KS 2021/346")


@pytest.fixture
def admin_client_logged_in(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "lösenord-för-test")
    client.force_login(user)
    return client


@pytest.fixture
def small_register(db):
    """One of every model, wired together as the importer would, from the facts of KS 2018/550."""
    from decisions import models

    stockholm = models.Municipality.objects.create(name="Stockholms stad")
    ks = models.Body.objects.create(
        municipality=stockholm, name="Kommunstyrelsen", kind=models.Body.Kind.EXECUTIVE
    )
    brb = models.Body.objects.create(
        municipality=stockholm, name="Borgarrådsberedningen", kind=models.Body.Kind.PREPARATORY, parent=ks
    )
    m = models.Party.objects.create(abbreviation="M", name="Moderaterna")
    lib = models.Party.objects.create(abbreviation="L", name="Liberalerna")
    wanngard = models.Person.objects.create(
        name="Karin Wanngård", key="karin wanngard", aliases=["KARIN WANNGÅRD"]
    )
    brinck = models.Person.objects.create(name="Cecilia Brinck", key="cecilia brinck")
    edholm = models.Person.objects.create(name="Lotta Edholm", key="lotta edholm")
    case = models.Case.objects.create(
        dnr="KS 2018/550",
        title="Medlemskap i Nordic Safe Cities",
        municipality=stockholm,
        body=ks,
        preparing_body=brb,
        status=models.Case.Status.DECIDED,
        presenter=wanngard,
        decision_points=["Staden ansöker om medlemskap i nätverket Nordic Safe Cities."],
    )
    document = models.SourceDocument.objects.create(
        filename="pm.txt", sha256="0" * 64, kind=models.SourceDocument.Kind.PM, text="PM Rotel I"
    )
    document.cases.add(case)
    models.Proceeding.objects.create(case=case, body=ks, document=document)
    proposal = models.Proposal.objects.create(
        case=case, origin="föredragande borgarrådet", points=case.decision_points
    )
    models.ProposalAuthor.objects.create(proposal=proposal, person=wanngard)
    statement = models.Statement.objects.create(
        case=case,
        kind=models.Statement.Kind.SPECIAL,
        forum=brb,
        text="Stockholm står ...",
        document=document,
        span_start=0,
        span_end=10,
    )
    models.StatementAuthor.objects.create(statement=statement, person=brinck, party=m)
    models.StatementAuthor.objects.create(statement=statement, person=edholm, party=lib, position=1)
    models.Reservation.objects.create(case=case, person=brinck, party=m, in_favour_of=proposal)
    vote = models.Vote.objects.create(case=case, yes_means="bifall", no_means="avslag", yes=1, no=1)
    models.Ballot.objects.create(vote=vote, person=brinck, party=m, choice=models.Ballot.Choice.YES)
    models.Ballot.objects.create(vote=vote, person=edholm, party=lib, choice=models.Ballot.Choice.NO)
    models.Attachment.objects.create(case=case, title="Inbjudan", kind=models.Attachment.Kind.ATTACHMENT)
    models.Reference.objects.create(case=case, text="KS 2021/346")
    unit = models.Unit.objects.create(
        municipality=stockholm, abbreviation="SLK", name="Stadsledningskontoret"
    )
    plan = models.ActionPlan.objects.create(
        case=case, title="Handlingsplan", period_start=2016, period_end=2017
    )
    activity = models.Activity.objects.create(plan=plan, focus_area="Lägesbild", title="Ta fram en lägesbild")
    activity.responsible.add(unit)
    models.FollowUp.objects.create(activity=activity, text="Påbörjad")
    return case


@pytest.fixture
def reader_client(client, django_user_model):
    """Logged in, in no group: may read what the public may, and edit nothing."""
    from .roles import user_in

    client.force_login(user_in(django_user_model, "lasare"))
    return client


@pytest.fixture
def cleared_client(client, django_user_model):
    """In Sekretessbehörig: sees confidential cases."""
    from .roles import user_in

    client.force_login(user_in(django_user_model, "behorig", "Sekretessbehörig"))
    return client
