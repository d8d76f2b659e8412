"""What keeps pages fast as the register grows, checked at small scale by lowering the limits:
broad searches newest first with an estimated count, capped person pages, cached home counts and
the plan filter that gives way to a hidden field."""

import pytest
from django.urls import reverse

from decisions import filters, selectors, views
from decisions.models import Case

pytestmark = pytest.mark.django_db

LIST = reverse("decisions:case_list")


@pytest.mark.postgres
def test_a_broad_search_comes_newest_first_with_an_estimated_count(client, register, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_RANK_LIMIT", 1)
    response = client.get(LIST, {"q": "nätverket"})
    dates = [case.date for case in response.context["object_list"]]
    assert len(dates) >= 2 and dates == sorted(dates, reverse=True)
    assert response.context["paginator"].estimated
    assert "visas med de senaste först" in response.content.decode()


@pytest.mark.postgres
def test_a_narrow_search_is_ranked_and_counted_exactly(client, register):
    response = client.get(LIST, {"q": "nätverket"})
    assert not getattr(response.context["paginator"], "estimated", False)
    assert "visas med de senaste först" not in response.content.decode()


def test_a_person_page_shows_the_latest_appearances_and_links_to_all(client, edholm, monkeypatch):
    url = reverse("decisions:person_detail", args=[edholm.pk])
    assert "Visar de" not in client.get(url).content.decode()
    monkeypatch.setattr(views, "PERSON_PREVIEW", 1)
    html = client.get(url).content.decode()
    assert "Visar de 1 senaste." in html
    assert f"{LIST}?person={edholm.pk}" in html


def test_home_counts_are_cached_but_follow_every_change(client, register):
    assert client.get("/").context["case_count"] == 5
    assert client.get("/").context["case_count"] == 5
    first = Case.objects.get(dnr="KS 2018/550")
    Case.objects.create(title="Motion om lånecyklar", municipality=first.municipality, dnr="KS 2026/1")
    assert client.get("/").context["case_count"] == 6


def test_the_plan_filter_becomes_a_hidden_field_when_plans_are_many(client, register, monkeypatch):
    activities = reverse("decisions:activity_list")
    assert '<select name="plan"' in client.get(activities).content.decode()
    monkeypatch.setattr(filters, "PLAN_CHOICES_MAX", 0)
    html = client.get(activities).content.decode()
    assert '<select name="plan"' not in html and 'type="hidden" name="plan"' in html
