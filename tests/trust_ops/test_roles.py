"""The roles of the register, created by the migrations: what each may do, checked on permissions."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from decisions.roles import CONFIDENTIAL, REGISTRATOR

pytestmark = pytest.mark.django_db

CASE_ROWS = ["case", "proposal", "statement", "reservation", "attachment"]


def test_the_migrations_create_both_groups():
    assert set(Group.objects.filter(name__in=[REGISTRATOR, CONFIDENTIAL]).values_list("name", flat=True)) == {
        "Registrator",
        "Sekretessbehörig",
    }


def test_the_confidential_group_carries_exactly_the_right_to_see_confidential_cases():
    group = Group.objects.get(name="Sekretessbehörig")
    assert list(group.permissions.values_list("codename", flat=True)) == ["view_confidential_case"]


def test_a_registrator_adds_and_changes_cases_and_their_rows(make_user):
    user = make_user("registrator", "Registrator")
    for model in CASE_ROWS:
        assert user.has_perm(f"decisions.add_{model}"), model
        assert user.has_perm(f"decisions.change_{model}"), model


def test_a_registrator_deletes_nothing_and_sees_no_confidential_case(make_user):
    user = make_user("registrator", "Registrator")
    assert not any(p.startswith("decisions.delete_") for p in user.get_all_permissions())
    assert not user.has_perm("decisions.view_confidential_case")
    assert not user.is_staff


def test_the_confidential_role_may_read_confidential_cases_but_edit_nothing(make_user):
    user = make_user("behorig", "Sekretessbehörig")
    assert user.get_all_permissions() == {"decisions.view_confidential_case"}


def test_both_roles_together_edit_and_see_confidential_cases(make_user):
    user = make_user("bada", "Registrator", "Sekretessbehörig")
    assert user.has_perm("decisions.change_reservation")
    assert user.has_perm("decisions.view_confidential_case")


def test_a_user_in_no_group_has_no_permission(make_user):
    assert make_user("lasare").get_all_permissions() == set()


def test_the_administrator_is_a_superuser_with_every_right(django_user_model):
    admin = django_user_model.objects.create_superuser("administrator", "admin@example.org", "x-y-z-123")
    assert admin.is_staff and admin.is_superuser
    assert admin.has_perm("decisions.view_confidential_case")
    assert admin.has_perm("decisions.delete_case")
    assert admin.has_perm("auth.change_group")


@pytest.mark.parametrize("groups", [(), ("Registrator",), ("Registrator", "Sekretessbehörig")])
def test_only_staff_reach_the_admin(client, make_user, groups):
    client.force_login(make_user("kontorist", *groups))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:decisions_case_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_administrator_reaches_the_admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("administrator", "a@example.org", "x1y2z3"))
    assert client.get(reverse("admin:decisions_case_changelist")).status_code == 200
