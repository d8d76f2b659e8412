"""Fixtures for the trust tests: a confidential case, and readers in each role (the loaded register
is in tests/conftest.py)."""

from dataclasses import dataclass

import pytest
from django.test import Client

from decisions.models import Case

from ..roles import PASSWORD, SECRECY, mark_confidential, user_in  # noqa: F401 (used by the trust tests)


@pytest.fixture
def secret(register):
    """Vallentuna's KS 2016.371, marked confidential: the only case of its municipality, with the
    action plan, its activities and units, five people and two parties (S, MP) seen nowhere else."""
    case = Case.objects.get(dnr="KS 2016.371")
    mark_confidential(case)
    return case


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@dataclass
class Reader:
    """Someone reading the register: their client and whether confidential cases exist for them."""

    name: str
    client: Client
    sees_confidential: bool
    user: object = None


# The four roles every read path is walked as, and whether each may see confidential cases.
ROLES = {
    "anonym": ((), False, False),
    "registrator": (("Registrator",), False, False),
    "sekretessbehorig": (("Sekretessbehörig",), False, True),
    "superuser": ((), True, True),
}


@pytest.fixture(params=list(ROLES))
def reader(request, django_user_model, register) -> Reader:
    groups, superuser, sees = ROLES[request.param]
    user = None
    if request.param != "anonym":
        user = user_in(django_user_model, request.param, *groups, superuser=superuser)
    return Reader(name=request.param, client=client_for(user), sees_confidential=sees, user=user)


@pytest.fixture
def registrator_clients(django_user_model, register) -> tuple[Client, Client]:
    """Two clerks in Registrator, each logged in on their own client."""
    anna = user_in(django_user_model, "anna", "Registrator")
    anna.first_name, anna.last_name = "Anna", "Registrator"
    anna.save()
    bertil = user_in(django_user_model, "bertil", "Registrator")
    return client_for(anna), client_for(bertil)
