"""Fixtures for the clerk UI: the cases of the loaded register (tests/conftest.py) and people in their
roles."""

import pytest

from decisions.models import Case, Person

from ..roles import user_in
from .helpers import case_by_dnr


@pytest.fixture
def nordic_safe_cities(register):
    return case_by_dnr("KS 2018/550")


@pytest.fixture
def vallentuna(register):
    return case_by_dnr("KS 2016.371")


@pytest.fixture
def strong_cities(register):
    return Case.objects.get(title="Medlemskap i Strong Cities Network")


@pytest.fixture
def edholm(register):
    return Person.objects.get(name="Lotta Edholm")


@pytest.fixture
def registrator(django_user_model):
    return user_in(django_user_model, "registrator", "Registrator")


@pytest.fixture
def registrator_client(client, registrator):
    client.force_login(registrator)
    return client


@pytest.fixture
def confidential_case(ctpn):
    """KS 2021/346 marked confidential, as a registrator with the right would mark it."""
    ctpn.confidential = True
    ctpn.secrecy_reference = "OSL 18 kap. 1 §"
    ctpn.save()
    return ctpn
