"""Fixtures for the clerk UI: the register loaded from the five sources, and people in their roles."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from decisions.models import Case, Person

from .helpers import case_by_dnr


@pytest.fixture
def register(db):
    """The committed register: five real cases from the five source documents."""
    call_command("load_register", verbosity=0)


@pytest.fixture
def nordic_safe_cities(register):
    return case_by_dnr("KS 2018/550")


@pytest.fixture
def ctpn(register):
    return case_by_dnr("KS 2021/346")


@pytest.fixture
def skarholmen(register):
    return case_by_dnr("1.2.1./747-2017")


@pytest.fixture
def vallentuna(register):
    return case_by_dnr("KS 2016.371")


@pytest.fixture
def strong_cities(register):
    return Case.objects.get(title="Medlemskap i Strong Cities Network")


@pytest.fixture
def edholm(register):
    return Person.objects.get(name="Lotta Edholm")


def _user_in(django_user_model, username: str, *groups: str):
    user = django_user_model.objects.create_user(username, password="lösenord-för-test")
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def registrator(django_user_model):
    return _user_in(django_user_model, "registrator", "Registrator")


@pytest.fixture
def registrator_client(client, registrator):
    client.force_login(registrator)
    return client


@pytest.fixture
def reader_client(client, django_user_model):
    """Logged in, in no group: may read what the public may, and edit nothing."""
    client.force_login(_user_in(django_user_model, "lasare"))
    return client


@pytest.fixture
def cleared_client(client, django_user_model):
    """In Sekretessbehörig: sees confidential cases."""
    client.force_login(_user_in(django_user_model, "behorig", "Sekretessbehörig"))
    return client


@pytest.fixture
def confidential_case(ctpn):
    """KS 2021/346 marked confidential, as a registrator with the right would mark it."""
    ctpn.confidential = True
    ctpn.secrecy_reference = "OSL 18 kap. 1 §"
    ctpn.save()
    return ctpn
