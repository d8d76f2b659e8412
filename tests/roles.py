"""Users in the register's roles, and a case made confidential, for tests in every folder."""

from django.contrib.auth.models import Group

PASSWORD = "lösenord-för-test"
SECRECY = "OSL 18 kap. 1 §"


def user_in(django_user_model, username: str, *groups: str, superuser: bool = False, **fields):
    """A user with the test password in ``groups`` (group names), or a superuser."""
    if superuser:
        user = django_user_model.objects.create_superuser(username, f"{username}@example.org", PASSWORD)
    else:
        user = django_user_model.objects.create_user(username, password=PASSWORD, **fields)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def mark_confidential(case):
    """``case`` made confidential (OSL), with the reason in its history."""
    case.confidential = True
    case.secrecy_reference = SECRECY
    case._change_reason = "Sekretessbelagd i test"
    case.save()
    return case
