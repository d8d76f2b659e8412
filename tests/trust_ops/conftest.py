"""People in the register's roles, as the migrations set the roles up."""

import pytest
from django.contrib.auth.models import Group

PASSWORD = "lösenord-för-test"


@pytest.fixture
def make_user(django_user_model):
    """A user in the named groups, with a known password."""

    def make(username: str, *groups: str, **flags):
        user = django_user_model.objects.create_user(username, password=PASSWORD, **flags)
        user.groups.add(*Group.objects.filter(name__in=groups))
        return django_user_model.objects.get(pk=user.pk)  # fresh, so no permission cache

    return make
