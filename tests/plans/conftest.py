"""The Vallentuna action plan as the register holds it, a frozen "today", and clerks in their roles.

Handlingsplan mot våldsbejakande extremism 2016-2017 (KS 2016.371 § 138): eight activities in
three focus areas, deadlines 2016-12-31 .. 2017-12-31, five units of Vallentuna responsible.
On 2017-05-15, six deadlines have passed (2016-12-31 and five on 2017-04-30); two have not.
"""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from decisions.models import ActionPlan, Activity, Unit

from ..roles import mark_confidential as make_confidential  # noqa: F401 (used by the plan tests)
from ..roles import user_in

TODAY = date(2017, 5, 15)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The committed register, loaded once per module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_register", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def register(loaded, db):
    """The register for one test; what the test changes is rolled back after it."""


@pytest.fixture
def plan(register) -> ActionPlan:
    return ActionPlan.objects.get(case__dnr="KS 2016.371")


@pytest.fixture
def activities(plan) -> list[Activity]:
    """The plan's activities in the table's order (positions 1..8)."""
    return list(plan.activities.order_by("position"))


@pytest.fixture
def today(monkeypatch):
    """Every "today" the register asks for (pages, filters, forms, services) is 2017-05-15."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def unit(abbreviation: str) -> Unit:
    return Unit.objects.get(abbreviation=abbreviation, municipality__name="Vallentuna kommun")


@pytest.fixture
def clerk(django_user_model):
    """A registrator: follows up activities."""
    return user_in(django_user_model, "klara", "Registrator", first_name="Klara", last_name="Kansli")


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client
