"""The filters of the case and activity lists. Every filter reads the URL, so a filtered list can be
bookmarked."""

import copy

import django_filters
from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from . import selectors
from .forms import ActivityFilterForm, CaseFilterForm, KeptModelChoiceField
from .models import ActionPlan, Activity, Body, Case, Municipality, Party, Person, Unit

YES_NO = [("true", _("Ja")), ("false", _("Nej"))]

# The ``o`` parameter: the orders (``selectors.CASE_ORDERINGS``) and what the reader picks.
ORDERINGS = selectors.CASE_ORDERINGS
DEFAULT_ORDERING = ORDERINGS["-date"]
ORDERING_CHOICES = [
    ("-date", _("datum, senaste först")),
    ("date", _("datum, äldsta först")),
    ("dnr", _("diarienummer")),
    ("title", _("rubrik")),
]


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


class KeptModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice among rows every reader sees alike: the form keeps them (``shared_choices``)."""

    field_class = KeptModelChoiceField


class FieldsMadeForOneRequest(dict):
    """A filter form class's fields, made for the one request its filterset serves: the form takes
    them as they are instead of deep-copying them as Django protects fields a form class shares."""

    def __deepcopy__(self, memo):
        return dict(self)


class RequestFilterSet(django_filters.FilterSet):
    """A filterset that copies its filters for each request without deep-copying them, and whose
    form takes the fields its filters made for this request as they are. Deep copies of the
    filters, then of the fields made from them, cost a list page 1 ms. Each filter is copied with
    its own ``extra`` (the keyword arguments of its field) and its own bound filter method, so
    what a request sets there or on the filter stays with that request."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, shared in self.base_filters.items():
            filter_ = self.filters[name] = copy.copy(shared)
            filter_.extra = dict(shared.extra)
            filter_.model, filter_.parent = queryset.model, self
            if shared.method is not None:
                filter_.method = shared.method  # a filter method of its own, not the shared one's

    def get_form_class(self):
        form_class = super().get_form_class()
        form_class.base_fields = FieldsMadeForOneRequest(form_class.base_fields)
        return form_class


class CaseFilter(RequestFilterSet):
    """Free text, where and when, who took part, and what the case holds."""

    q = django_filters.CharFilter(
        label=_("Sök"),
        method="filter_text",
        max_length=200,
        help_text=_("Ord eller diarienummer, t.ex. KS 2018/550."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    municipality = KeptModelChoiceFilter(
        label=_("Kommun"), queryset=Municipality.objects.all(), empty_label=_("Alla kommuner")
    )
    body = KeptModelChoiceFilter(
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
    party = KeptModelChoiceFilter(
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

    # Set by the case list: the party filter leaves the rows as they are, unless a narrow search
    # ranks them, and names the party it left out in ``party_left``; the list keeps the party's
    # cases among the rows from the party's kept keys.
    party_apart = False
    party_left = None
    # Set by the case list: a narrow search alone, in its own order, leaves the rows as they are
    # and names its text in ``search_left``; the list ranks it by a query of its own
    # (``selectors.case_search_ranked``), and the queryset ``case_search`` builds would go unused.
    search_apart = False
    search_left = None
    # Whether a broad search alone was written to be read as a prepared statement: its first
    # page walks the newest cases whatever the words, so one plan serves every search.
    broad_planned_once = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set by a broad free-text search: its estimated number of matches (see case_search).
        self.broad_estimate = None
        if self.data.get("person"):  # the visible people are only worth building when one is asked for
            user = getattr(self.request, "user", None)
            self.filters["person"].queryset = selectors.person_visible_list(user=user)

    def filter_text(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        self.broad_estimate = selectors.case_search_broad_estimate(value, user=user, using=queryset.db)
        broad = self.broad_estimate is not None
        if self.search_apart and self.searched_alone():
            if not broad:
                self.search_left = value
                return queryset
            self.broad_planned_once = True
        planned_once = self.broad_planned_once
        return selectors.case_search(queryset, value, user=user, broad=broad, planned_once=planned_once)

    def searched_alone(self) -> bool:
        """Whether the free text is the only filter given, with no order asked for."""
        return set(filters_given(self)) == {"q"} and not self.form.cleaned_data.get("o")

    def filter_party(self, queryset, name, value):
        # The text filter comes first (it is declared first), so a broad search is known here.
        searched = bool(self.form.cleaned_data.get("q"))
        if self.party_apart and (not searched or self.broad_estimate is not None):
            self.party_left = value  # the list view keeps the party's cases itself (CaseListView)
            return queryset
        # A search narrows the cases one by one: the party is checked only for those it finds.
        return queryset.filter(selectors.case_party_q(value, row_by_row=searched))

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


def filters_given(filterset: django_filters.FilterSet) -> dict:
    """The filters that narrow the rows, by name, with their cleaned values: given and valid, as
    ``filter_queryset`` applies them, without the sort order."""
    if not filterset.is_bound:
        return {}
    filterset.is_valid()  # cleans the form; an invalid field is left out of cleaned_data
    cleaned = filterset.form.cleaned_data.items()
    return {name: value for name, value in cleaned if name not in NOT_CHIPS and value not in EMPTY_VALUES}


def active_filter_chips(filterset: django_filters.FilterSet) -> list[dict]:
    """The filters in use, each with a link to the same list without it."""
    form = filterset.form
    chips = []
    for name, value in filters_given(filterset).items():
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


PLAN_CHOICES_MAX = 100


class ActivityFilter(RequestFilterSet):
    """Activities across plans: where, which plan, who is responsible, how far, and by when."""

    municipality = KeptModelChoiceFilter(
        label=_("Kommun"),
        field_name="plan__case__municipality",
        queryset=Municipality.objects.all(),
        empty_label=_("Alla kommuner"),
    )
    plan = django_filters.ModelChoiceFilter(
        label=_("Handlingsplan"), queryset=ActionPlan.objects.none(), empty_label=_("Alla handlingsplaner")
    )
    unit = KeptModelChoiceFilter(
        label=_("Ansvarig enhet"),
        field_name="responsible",
        queryset=Unit.objects.select_related("municipality"),
        empty_label=_("Alla enheter"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Activity.Status.choices, empty_label=_("Alla")
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Försenad"), choices=YES_NO, method="filter_overdue", empty_label=_("Alla")
    )
    due_after = django_filters.DateFilter(
        label=_("Klart senast, från"),
        field_name="deadline",
        lookup_expr="gte",
        widget=forms.DateInput({"type": "date"}),
    )
    due_before = django_filters.DateFilter(
        label=_("Klart senast, till"),
        field_name="deadline",
        lookup_expr="lte",
        widget=forms.DateInput({"type": "date"}),
    )

    class Meta:
        model = Activity
        form = ActivityFilterForm
        fields = []

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        user = getattr(self.request, "user", None)
        plans = selectors.action_plan_visible_list(user=user).select_related("case__municipality")
        self.filters["plan"].queryset = plans

    def plans_as_hidden_field_when_many(self) -> None:
        """For the page's form: a list of thousands of plans helps nobody, so then the plan is
        chosen from its own page and kept in a hidden field."""
        user = getattr(self.request, "user", None)
        if selectors.action_plan_visible_count(user=user) > PLAN_CHOICES_MAX:
            self.filters["plan"].extra["widget"] = forms.HiddenInput

    def filter_overdue(self, queryset, name, value):
        overdue = selectors.overdue_q(self.today)
        return queryset.filter(overdue) if value == "true" else queryset.exclude(overdue)
