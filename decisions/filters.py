"""The case list's filters. Every filter reads the URL, so a filtered list can be bookmarked."""

import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from . import selectors
from .forms import CaseFilterForm
from .models import Body, Case, Municipality, Party, Person

YES_NO = [("true", _("Ja")), ("false", _("Nej"))]

# The ``o`` parameter: what the reader picks, and the ordering it stands for.
# Cases without a date or Dnr go last either way, on every database.
ORDERINGS = {
    "-date": (F("date").desc(nulls_last=True), "-pk"),
    "date": (F("date").asc(nulls_last=True), "pk"),
    "dnr": (F("dnr_year").asc(nulls_last=True), F("dnr_serial").asc(nulls_last=True), "dnr_key", "pk"),
    "title": ("title", "pk"),
}
DEFAULT_ORDERING = ORDERINGS["-date"]
ORDERING_CHOICES = [
    ("-date", _("datum, senaste först")),
    ("date", _("datum, äldsta först")),
    ("dnr", _("diarienummer")),
    ("title", _("rubrik")),
]


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


class CaseFilter(django_filters.FilterSet):
    """Free text, where and when, who took part, and what the case holds."""

    q = django_filters.CharFilter(
        label=_("Sök"),
        method="filter_text",
        max_length=200,
        help_text=_("Ord eller diarienummer, t.ex. KS 2018/550."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommun"), queryset=Municipality.objects.all(), empty_label=_("Alla kommuner")
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Organ"),
        queryset=Body.objects.select_related("municipality"),
        empty_label=_("Alla organ"),
    )
    year = YearFilter(label=_("År"), field_name="date__year", min_value=1900, max_value=2100)
    date_from = django_filters.DateFilter(
        label=_("Från datum"), field_name="date", lookup_expr="gte", widget=forms.DateInput({"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("Till datum"), field_name="date", lookup_expr="lte", widget=forms.DateInput({"type": "date"})
    )
    kind = django_filters.ChoiceFilter(label=_("Typ"), choices=Case.Kind.choices, empty_label=_("Alla typer"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Case.Status.choices, empty_label=_("Alla")
    )
    party = django_filters.ModelChoiceFilter(
        label=_("Parti"),
        queryset=Party.objects.all(),
        to_field_name="abbreviation",
        method="filter_party",
        empty_label=_("Alla partier"),
    )
    # People are many: chosen from a person's page, kept in the form as a hidden field.
    person = django_filters.ModelChoiceFilter(
        label=_("Person"), queryset=Person.objects.none(), method="filter_person", widget=forms.HiddenInput
    )
    has_reservations = django_filters.ChoiceFilter(
        label=_("Med reservationer"), choices=YES_NO, method="filter_has_reservations", empty_label=_("Alla")
    )
    has_action_plan = django_filters.ChoiceFilter(
        label=_("Med handlingsplan"), choices=YES_NO, method="filter_has_action_plan", empty_label=_("Alla")
    )
    o = django_filters.ChoiceFilter(
        label=_("Sortering"), choices=ORDERING_CHOICES, method="filter_ordering", empty_label=_("Standard")
    )

    class Meta:
        model = Case
        form = CaseFilterForm
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        self.filters["person"].queryset = selectors.person_visible_list(user=user)

    def filter_text(self, queryset, name, value):
        return selectors.case_search(queryset, value)

    def filter_party(self, queryset, name, value):
        return queryset.filter(selectors.case_party_q(value))

    def filter_person(self, queryset, name, value):
        return queryset.filter(selectors.case_person_q(value))

    def filter_has_reservations(self, queryset, name, value):
        return _filter_has(queryset, "reservations", value)

    def filter_has_action_plan(self, queryset, name, value):
        return _filter_has(queryset, "action_plans", value)

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value])


def _filter_has(queryset, relation: str, value: str):
    """Cases with (``value`` "true") or without ("false") rows in ``relation``."""
    model = getattr(Case, relation).rel.related_model
    rows = model.objects.values("case_id")
    return queryset.filter(pk__in=rows) if value == "true" else queryset.exclude(pk__in=rows)


# Parameters that are not filters a reader would want to remove one by one.
NOT_CHIPS = {"o", "page"}


def active_filter_chips(filterset: CaseFilter) -> list[dict]:
    """The filters in use, each with a link to the same list without it."""
    if not filterset.is_bound:
        return []
    form = filterset.form
    cleaned = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    chips = []
    for name, value in cleaned.items():
        if name in NOT_CHIPS or value in (None, ""):
            continue
        without = filterset.data.copy()
        without.pop(name, None)
        without.pop("page", None)
        chips.append(
            {
                "label": form.fields[name].label,
                "value": _display(form.fields[name], value),
                "query": without.urlencode(),
            }
        )
    return chips


def _display(field, value) -> str:
    """How a cleaned filter value reads on its chip."""
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(field, forms.ModelChoiceField):
        return field.label_from_instance(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
