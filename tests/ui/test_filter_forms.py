"""The filter forms' fields, drawn by FilterBoundField's macros, read exactly as Django's own field
and widget templates draw them: labels, help texts, errors, chosen options and hidden fields."""

import re

import pytest
from django.forms.boundfield import BoundField
from django.test import RequestFactory

from decisions.filters import ActivityFilter, CaseFilter
from decisions.forms import FilterBoundField, select_options
from decisions.models import Body, Case

pytestmark = pytest.mark.django_db


def same_html(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).strip()


def filter_form(filterset_class, data, queryset):
    request = RequestFactory().get("/", data)
    request.user = None
    return filterset_class(data, queryset=queryset, request=request).form


def assert_drawn_as_django_draws(form):
    form.is_valid()
    for field in form:
        assert isinstance(field, FilterBoundField)
        django_field = BoundField(form, field.field, field.name)
        assert same_html(field.as_field_group()) == same_html(django_field.as_field_group()), field.name
        assert same_html(field.as_widget()) == same_html(django_field.as_widget()), field.name


def test_case_filter_fields_match_djangos_own_drawing_with_a_body_chosen_and_a_bad_year(register):
    stockholm_ks = Body.objects.get(name="Kommunstyrelsen", municipality__name="Stockholms stad")
    data = {"body": str(stockholm_ks.pk), "year": "tjugoarton", "party": "M", "q": "<b>nätverket</b>"}
    form = filter_form(CaseFilter, data, Case.objects.all())
    assert_drawn_as_django_draws(form)
    body = form["body"].as_field_group()
    assert f'<option value="{stockholm_ks.pk}" selected>Kommunstyrelsen (Stockholms stad)</option>' in body
    year = form["year"].as_field_group()
    assert 'aria-invalid="true"' in year and 'id="id_year_error"' in year
    assert "&lt;b&gt;nätverket&lt;/b&gt;" in form["q"].as_field_group()


def test_case_filter_fields_match_djangos_own_drawing_unfilled_and_with_dates(register):
    assert_drawn_as_django_draws(filter_form(CaseFilter, {}, Case.objects.all()))
    dated = filter_form(CaseFilter, {"date_from": "2018-04-11", "date_to": "2017-01-01"}, Case.objects.all())
    assert_drawn_as_django_draws(dated)
    assert 'value="2018-04-11"' in dated["date_from"].as_widget()
    assert "Till-datumet ligger före från-datumet." in dated["date_to"].as_field_group()


def test_activity_filter_fields_match_djangos_own_drawing(register):
    from decisions.models import Activity

    data = {"overdue": "true", "status": "ongoing", "due_after": "2019-01-01", "due_before": "inte ett datum"}
    assert_drawn_as_django_draws(filter_form(ActivityFilter, data, Activity.objects.all()))


def test_only_the_first_option_of_a_chosen_value_is_selected_and_groups_keep_their_options():
    choices = [("", "Alla"), (1, "Ett"), ("Grupp", [(2, "Två"), (1, "Ett igen")]), (None, "Inget")]
    assert select_options(choices, ["1"]) == [
        (None, [("", "Alla", False)]),
        (None, [("1", "Ett", True)]),
        ("Grupp", [("2", "Två", False), ("1", "Ett igen", False)]),
        (None, [("", "Inget", False)]),
    ]


def test_what_one_request_sets_on_its_filters_stays_with_that_request(register):
    """The filters are copied for each request without a deep copy: the plan filter a page with
    many plans turns into a hidden field, and the plans a reader may choose, stay with that
    request, and each request's filter methods belong to its own filterset."""
    from django import forms

    from decisions.models import Activity

    def activity_filter(data):
        request = RequestFactory().get("/", data)
        request.user = None
        return ActivityFilter(data, queryset=Activity.objects.all(), request=request)

    many_plans = activity_filter({"overdue": "true"})
    many_plans.filters["plan"].extra["widget"] = forms.HiddenInput
    assert isinstance(many_plans.form.fields["plan"].widget, forms.HiddenInput)
    few_plans = activity_filter({"overdue": "true"})
    assert type(few_plans.form.fields["plan"].widget) is forms.Select
    assert "widget" not in ActivityFilter.base_filters["plan"].extra
    shared = ActivityFilter.base_filters["plan"]
    assert shared.queryset.query.is_empty() and shared.extra["queryset"].query.is_empty()
    assert few_plans.filters["plan"].queryset.exists()  # the plans this reader may choose
    assert few_plans.filters["overdue"].filter.f.parent is few_plans
    assert few_plans.form.is_valid() and few_plans.qs.count() == many_plans.qs.count()


def test_a_field_nobody_has_filled_in_is_drawn_once_per_language_and_a_chosen_one_every_time(register):
    """An unfilled field reads the same for everyone in a language: it is drawn once and kept
    until the register changes. A chosen value, an error or another language is drawn anew."""
    from django.utils import translation

    from decisions import selectors

    def drawn(data):
        form = filter_form(CaseFilter, data, Case.objects.all())
        return {name: form[name].as_field_group() for name in ("status", "body", "q")}

    with selectors.read_generation_once():
        first, again = drawn({}), drawn({})
        assert first == again
        assert '<option value="" selected>Alla</option>' in first["status"]
        chosen = drawn({"status": "decided"})
        assert '<option value="decided" selected>beslutat</option>' in chosen["status"]
        assert chosen["body"] == first["body"]
        with translation.override("en"):
            english = drawn({})
        assert english["status"] != first["status"] and "<label" in english["status"]
    assert_drawn_as_django_draws(filter_form(CaseFilter, {}, Case.objects.all()))


def test_plans_a_reader_may_not_see_are_never_among_the_plan_choices_drawn_for_another(
    register, django_user_model
):
    """The plan filter lists the plans of the cases the reader may see, so it is drawn for each
    request: a reader with the right to see confidential cases leaves nothing behind for one
    without it."""
    from decisions import selectors
    from decisions.models import ActionPlan, Activity

    from ..roles import user_in

    plan = ActionPlan.objects.get()
    Case.objects.filter(pk=plan.case_id).update(confidential=True, secrecy_reference="OSL 18 kap. 1 §")
    cleared = user_in(django_user_model, "behorig", "Sekretessbehörig")

    def plan_field(user):
        request = RequestFactory().get("/", {})
        request.user = user
        form = ActivityFilter({}, queryset=Activity.objects.all(), request=request).form
        return form["plan"].as_field_group()

    with selectors.read_generation_once():
        assert f'value="{plan.pk}"' in plan_field(cleared)
        assert f'value="{plan.pk}"' not in plan_field(None)
