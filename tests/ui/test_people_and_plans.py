"""People, parties, bodies, units and action plans, each on a page of its own."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions.models import Activity, Body, Party, Person, Unit

from .helpers import page, text_of

pytestmark = pytest.mark.django_db


def test_lotta_edholm_is_fp_in_2015_and_l_in_2018(client, edholm, nordic_safe_cities, strong_cities):
    response = client.get(edholm.get_absolute_url())
    text = text_of(page(response))
    roles = {(r.case_pk, r.party.abbreviation) for r in response.context["statement_roles"]}
    assert (strong_cities.pk, "FP") in roles
    assert (nordic_safe_cities.pk, "L") in roles
    assert "Medlemskap i Strong Cities Network 2015-09-16 Särskilt uttalande, Kommunstyrelsen FP" in text
    assert (
        "KS 2018/550 Medlemskap i Nordic Safe Cities 2018-04-11 Särskilt uttalande, Borgarrådsberedningen L"
        in text
    )


def test_a_party_renamed_is_named_anew_on_the_person_page(client, edholm):
    party = Party.objects.get(abbreviation="L")
    link = '<a href="/partier/L/">L</a> <span class="note">{}</span>'
    assert link.format(party.name) in page(client.get(edholm.get_absolute_url()))
    party.name = "Liberalerna i Stockholm"
    party.save()
    assert link.format("Liberalerna i Stockholm") in page(client.get(edholm.get_absolute_url()))


def test_the_person_page_lists_reservations_and_chairing(client, skarholmen):
    jonsson = Person.objects.get(name="Jan Jönsson")
    text = text_of(page(client.get(jonsson.get_absolute_url())))
    assert "1.2.1./747-2017 Tertialrapport 2, 2017 2017-09-21 L" in text
    delgado = Person.objects.get(name="Lorena Delgado")
    text = text_of(page(client.get(delgado.get_absolute_url())))
    assert "Tertialrapport 2, 2017 2017-09-21 ordförande V" in text


def test_the_person_page_links_to_the_cases_filtered_by_person(client, edholm):
    html = page(client.get(edholm.get_absolute_url()))
    assert f'href="{reverse("decisions:case_list")}?person={edholm.pk}"' in html


def test_the_people_list_counts_appearances_and_searches_by_name(client, register):
    response = client.get(reverse("decisions:person_list"))
    assert response.context["paginator"].count == Person.objects.count()
    response = client.get(reverse("decisions:person_list"), {"q": "brinck"})
    [brinck] = response.context["object_list"]
    assert (brinck.name, brinck.statement_count, brinck.reservation_count) == ("Cecilia Brinck", 4, 0)
    rudlinger = client.get(reverse("decisions:person_list"), {"q": "Rüdlinger"}).context["object_list"][0]
    assert (rudlinger.proposal_count, rudlinger.reservation_count) == (1, 1)


def test_the_party_page_lists_its_cases_and_members(client, register):
    response = client.get(reverse("decisions:party_detail", args=["L"]))
    html = page(response)
    text = text_of(html)
    edholm = Person.objects.get(name="Lotta Edholm")
    assert f'<li><a href="{edholm.get_absolute_url()}">Lotta Edholm</a></li>' in html
    assert response.context["case_count"] == 3
    assert {p.name for p in response.context["members"]} >= {
        "Lotta Edholm",
        "Jan Jönsson",
        "Cecilia Carpelan",
        "Ylva Mozis",
    }
    assert "Liberalerna (L)" in text


def test_an_unknown_party_is_404(client, register):
    assert client.get(reverse("decisions:party_detail", args=["XYZ"])).status_code == 404


def test_the_body_page_lists_its_cases(client, register):
    body = Body.objects.get(name="Kommunstyrelsens arbetsutskott")
    response = client.get(body.get_absolute_url())
    text = text_of(page(response))
    assert [c.dnr for c in response.context["cases"]] == ["KS 2016.371"]
    assert "Överordnat organ Kommunstyrelsen" in text


def test_the_unit_page_lists_its_activities_with_deadline_status_and_overdue(client, register):
    lopo = Unit.objects.get(abbreviation="Lopo Täby")
    response = client.get(lopo.get_absolute_url())
    text = text_of(page(response))
    assert len(response.context["activities"]) == 8
    assert "Fastställa en aktuell och bred lägesbild" in text
    assert "2016-12-31 planerad Försenad" in text


def test_the_action_plan_lists_eight_activities_in_three_focus_areas(client, vallentuna):
    plan = vallentuna.action_plans.get()
    response = client.get(plan.get_absolute_url())
    html = page(response)
    text = text_of(html)
    assert len(response.context["activities"]) == 8
    assert html.count('class="focus-area"') == 3
    assert "8 aktiviteter i 3 fokusområden." in text
    assert "Vallentuna ska vara ett samhälle fritt från våldsbejakande extremism." in text
    klk = Unit.objects.get(abbreviation="KLK")
    assert f'href="{klk.get_absolute_url()}"' in html


def test_overdue_is_written_out_and_done_activities_are_not_overdue(client, vallentuna):
    plan = vallentuna.action_plans.get()
    first = plan.activities.order_by("position").first()
    first.status = Activity.Status.DONE
    first.save()
    response = client.get(plan.get_absolute_url())
    overdue = {a.pk: a.overdue for a in response.context["activities"]}
    assert overdue[first.pk] is False
    assert sum(overdue.values()) == 7
    assert text_of(page(response)).count("Försenad") == 7


def test_the_action_plan_links_each_activity_to_its_source_passage(client, vallentuna):
    plan = vallentuna.action_plans.get()
    activity = plan.activities.exclude(span_start=None).first()
    html = page(client.get(plan.get_absolute_url()))
    link = f"{vallentuna.get_absolute_url()}?markera=aktivitet-{activity.pk}#kalla-{activity.document_id}"
    assert link in html
    marked = page(client.get(vallentuna.get_absolute_url(), {"markera": f"aktivitet-{activity.pk}"}))
    assert '<mark id="markerat">' in marked


def test_home_shows_counts_latest_cases_and_overdue_activities(client, register):
    response = client.get(reverse("decisions:home"))
    text = text_of(page(response))
    assert (response.context["case_count"], response.context["action_plan_count"]) == (5, 1)
    assert response.context["person_count"] == Person.objects.count()
    assert response.context["overdue_count"] == 8  # every deadline of the 2016-2017 plan has passed
    assert "Medlemskap i Nordic Safe Cities" in text
    assert 'role="search"' in page(response)


def test_home_shows_activities_due_in_the_next_60_days(client, vallentuna):
    activity = Activity.objects.filter(plan__case=vallentuna).first()
    activity.deadline = timezone.localdate() + timedelta(days=30)
    activity.save()
    response = client.get(reverse("decisions:home"))
    assert [a.pk for a in response.context["due_activities"]] == [activity.pk]
    assert response.context["overdue_count"] == 7
