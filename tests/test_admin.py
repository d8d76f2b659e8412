"""Every model is editable in Django admin: changelists, add and change pages answer 200."""

from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.models import BOOKKEEPING_MODELS

pytestmark = pytest.mark.django_db

REGISTER_MODELS = [
    m
    for m in apps.get_app_config("decisions").get_models()
    if not m.__name__.startswith("Historical") and m not in BOOKKEEPING_MODELS
]


def test_every_model_of_the_register_is_in_admin():
    missing = [m.__name__ for m in REGISTER_MODELS if m not in admin.site._registry]
    assert missing == []


@pytest.mark.parametrize("model", REGISTER_MODELS, ids=lambda m: m.__name__)
def test_admin_pages_answer_for_a_superuser(admin_client_logged_in, small_register, model):
    opts = model._meta
    obj = model.objects.first()
    assert obj is not None, f"small_register has no {opts.model_name}"
    for name, args in [
        ("changelist", []),
        ("add", []),
        ("change", [obj.pk]),
        ("history", [obj.pk]),
    ]:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)
        response = admin_client_logged_in.get(url)
        assert response.status_code == 200, url


def test_case_change_page_shows_its_statements_inline(admin_client_logged_in, small_register):
    url = reverse("admin:decisions_case_change", args=[small_register.pk])
    body = admin_client_logged_in.get(url).content.decode()
    assert "Stockholm står ..." in body
    assert "Borgarrådsberedningen" in body


def _changelist_queries(client, model) -> int:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_changelists_do_not_grow_queries_with_the_rows_shown(admin_client_logged_in, small_register):
    """No N+1: after importing protocols with many cases, votes and people, every changelist runs as
    many queries as it did with one row of each."""
    before = {model: _changelist_queries(admin_client_logged_in, model) for model in REGISTER_MODELS}
    documents = Path(settings.BASE_DIR) / "tests" / "documents"
    for name in ("protokoll_nackaby_kommunstyrelsen_2021-06-14.txt", "protokoll_sjoangen_stadsdelsnamnd.txt"):
        call_command(
            "import_document", str(documents / name), "--municipality", "Nackaby kommun", stdout=StringIO()
        )
    after = {model: _changelist_queries(admin_client_logged_in, model) for model in REGISTER_MODELS}
    grown = {m.__name__: (before[m], after[m]) for m in REGISTER_MODELS if after[m] > before[m]}
    assert grown == {}


def test_admin_requires_login(client):
    response = client.get(reverse("admin:decisions_case_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_without_the_confidential_right_do_not_see_confidential_cases_in_admin(
    client, django_user_model, small_register
):
    from django.contrib.auth.models import Permission

    from decisions.models import Case

    secret = Case.objects.get(dnr="KS 2018/550")
    secret.confidential, secret.secrecy_reference = True, "OSL 18 kap. 1 §"
    secret.save()
    clerk = django_user_model.objects.create_user("personal", password="x", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_case", "change_case"]))
    client.force_login(clerk)
    changelist = client.get(reverse("admin:decisions_case_changelist"))
    assert "KS 2018/550" not in changelist.content.decode()
    change = client.get(reverse("admin:decisions_case_change", args=[secret.pk]))
    assert change.status_code == 302 and "KS 2018/550" not in client.get(change.url).content.decode()
    clerk.user_permissions.add(Permission.objects.get(codename="view_confidential_case"))
    clerk = django_user_model.objects.get(pk=clerk.pk)
    client.force_login(clerk)
    assert "KS 2018/550" in client.get(reverse("admin:decisions_case_changelist")).content.decode()
