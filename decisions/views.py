"""Server-rendered pages of the register. Every read goes through ``selectors``."""

import csv
from contextlib import nullcontext
from functools import partial
from http import HTTPStatus
from typing import NamedTuple

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, IntegerField, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView, UpdateView, View
from django.views.generic.edit import CreateView
from django_filters.views import FilterView

from registry.postgresql import prepared_reads

from . import feeds, forms, history, progress, selectors
from .export import activity_responsible
from .filters import (
    DEFAULT_ORDERING,
    ActivityFilter,
    CaseFilter,
    active_filter_chips,
    filters_given,
)
from .forms import AttachmentForm, CaseForm, ProposalForm, ReservationForm, StatementForm
from .models import Body, KeyedUrl, Party, Person, Unit

PAGE_SIZE = 25
LOGIN_URL = reverse_lazy("decisions:login")


class PublicReadMixin:
    """Pages anyone may read, unless the register is set to need a login (REGISTER_PUBLIC_READ)."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.REGISTER_PUBLIC_READ and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), LOGIN_URL)
        return super().dispatch(request, *args, **kwargs)


class PreparedReadsMixin:
    """Pages that read one thing by its key: their reads are the same at every request but for the
    key, so PostgreSQL plans them once per connection (``registry.postgresql``). The page is
    drawn inside, so that what the template reads is prepared too."""

    def dispatch(self, request, *args, **kwargs):
        with prepared_reads():
            response = super().dispatch(request, *args, **kwargs)
            return response.render() if hasattr(response, "render") else response


class ForgivingPaginationMixin:
    """Out-of-range or nonsense page numbers show the last or first page instead of a 404."""

    paginate_by = PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(query=query.urlencode(), **kwargs)


# A list counts its rows exactly up to this many; past it the count is the planner's estimate,
# shown as "about". Counting 93,000 decided cases took 31 ms a page, for a figure no reader needs
# to the last case; finding that there are more than this many takes a tenth of that.
COUNT_EXACTLY_UP_TO = 10_000
# A party with other filters reads this many of their keys before it counts them (CaseListView).
FEW_KEYS = 1_000


class KeysFirstPaginator(Paginator):
    """Pages over a queryset whose sort reads wide rows: a page first finds its rows' keys (a
    narrow read that the database sorts or skips through quickly), then reads those rows alone from
    ``rows`` (the same visible rows, without the filters), keeping the found order.

    ``count`` may be given when it is known already (kept until the register changes, or
    estimated). While the count is unknown, the first page's keys and the count come from one
    query: both have to find every matching row, so finding them once halves the work of a filtered
    list's first page. A later page counts on its own, so that a page past the end costs no extra
    query. Either count stops at COUNT_EXACTLY_UP_TO rows; a larger result is counted by the
    planner's estimate (``estimated``)."""

    estimated = False

    def __init__(self, object_list, per_page, *, rows, count=None, sorts_all=False, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows
        self.sorts_all = sorts_all
        self.first_page_keys: list | None = None
        if count is not None:  # known already: kept, or estimated
            self.__dict__["count"] = count

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)
        return self.count_up_to_estimate(self.object_list.order_by()[: COUNT_EXACTLY_UP_TO + 1].count())

    def count_up_to_estimate(self, counted: int) -> int:
        """``counted`` rows, counted as far as one past COUNT_EXACTLY_UP_TO; past it, the estimate."""
        if counted <= COUNT_EXACTLY_UP_TO:
            return counted
        count, self.estimated = selectors.count_past(self.object_list.order_by(), counted)
        return count

    def get_page(self, number):
        if "count" not in self.__dict__ and isinstance(self.object_list, QuerySet):
            self.read_keys_and_count(number)
        page = super().get_page(number)
        if (
            self.estimated
            and page.number > 1
            and not page.object_list
            and isinstance(self.object_list, QuerySet)
        ):
            # A page past the last row, which an estimate too high promised: count them all, once,
            # and show the real last page.
            self.__dict__["count"] = self.object_list.order_by().count()
            self.__dict__.pop("num_pages", None)
            self.estimated = False
            page = super().get_page(number)
        return page

    def page(self, number):
        """A page; with an estimated count, its rows read as far as ``per_page`` whatever the
        estimate says, and a count below the rows found raised to them (and one more when the
        page is full, so that the next page can be asked for)."""
        if not self.estimated:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        page = self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)
        found = len(page.object_list)
        at_least = bottom + found + (1 if found == self.per_page else 0)
        if at_least > self.count:
            self.__dict__["count"] = at_least
            self.__dict__.pop("num_pages", None)
        return page

    def read_keys_and_count(self, number) -> None:
        """When ``number`` asks for the first page (or for no page a number can be read from),
        read its keys with the count of the rows in one query.

        A list whose order sorts every matching row (``sorts_all``: a ranked search) counts them
        in a window over the sorted rows. Any other list walks an index in its order and stops at
        the page, while the count, a subquery the database runs once, stops one past
        COUNT_EXACTLY_UP_TO."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        if number != 1:
            return
        if self.sorts_all:
            counted = Window(Count("pk"))
        else:
            capped = self.object_list.order_by().values("pk")[: COUNT_EXACTLY_UP_TO + 1]
            sql, params = capped.query.get_compiler(using=capped.db).as_sql()
            counted = RawSQL(f"SELECT COUNT(*) FROM ({sql}) capped", params, output_field=IntegerField())
        rows = self.object_list.annotate(found_in_all=counted)
        found = list(rows.values_list("pk", "found_in_all")[: self.per_page])
        self.__dict__["count"] = self.count_up_to_estimate(found[0][1] if found else 0)
        self.first_page_keys = [key for key, _ in found]

    def page_keys(self, page_rows) -> list | None:
        """The keys of the page's slice of ``object_list``; None when the page reads it at once."""
        return list(page_rows.values_list("pk", flat=True))

    def _get_page(self, object_list, number, paginator):
        first_page_read = number == 1 and self.first_page_keys is not None
        keys = self.first_page_keys if first_page_read else self.page_keys(object_list)
        object_list = self.read_at_once(object_list) if keys is None else rows_by_key(self.rows, keys)
        return super()._get_page(object_list, number, paginator)

    def read_at_once(self, page_rows):
        """The rows of a page read without finding their keys first (``page_keys`` gave None)."""
        return page_rows


class CasePaginator(KeysFirstPaginator):
    """Pages over cases in a large register.

    ``count`` may be given: the register's cached count when no filter is in use, or the planner's
    estimate for a broad search (``estimated``). The first page reads its rows at once, down an
    index in the list's order; a later page finds its keys first, which an index walk skips
    through without reading the rows.
    """

    def __init__(self, object_list, per_page, *, rows, count=None, estimated=False, prepared=False, **kwargs):
        super().__init__(object_list, per_page, rows=rows, count=count, **kwargs)
        self.estimated = self.estimated or estimated
        self.prepared = prepared

    def read_at_once(self, page_rows) -> list:
        with prepared_reads() if self.prepared else nullcontext():
            return selectors.case_rows(page_rows)

    def page_keys(self, page_rows) -> list | None:
        return super().page_keys(page_rows) if page_rows.query.low_mark else None


class KeyPaginator(KeysFirstPaginator):
    """Pages over a list of keys, each page reading its own rows alone from ``rows``."""

    def page_keys(self, page_rows) -> list:
        return page_rows


class KeysFoundInChunks:
    """The keys of ``keys``, in their order, that the queryset ``found_in`` holds, read a chunk of
    keys at a time and only as far as a slice asks: a page of a broad search in a party's cases
    reads the first few hundred or thousand of the party's keys, not all of them. The chunks
    double, from FIRST_CHUNK to LAST_CHUNK keys: a common word fills a page from the first."""

    FIRST_CHUNK, LAST_CHUNK = 250, 4_000

    def __init__(self, keys, found_in):
        self.keys, self.found_in = keys, found_in.order_by()
        self.found: list = []
        self.read = 0
        self.chunk = self.FIRST_CHUNK

    def __getitem__(self, wanted: slice) -> list:
        self.find(wanted.stop)
        return self.found[wanted]

    def find(self, wanted: int | None) -> None:
        """Read chunks until ``wanted`` keys are found (all, for None) or every key is read."""
        while (wanted is None or len(self.found) < wanted) and self.read < len(self.keys):
            chunk = list(self.keys[self.read : self.read + self.chunk])
            self.read += len(chunk)
            self.chunk = min(self.chunk * 2, self.LAST_CHUNK)
            among = selectors.among_keys(self.found_in.model, chunk, using=self.found_in.db)
            hits = set(self.found_in.filter(among).values_list("pk", flat=True))
            self.found.extend(key for key in chunk if key in hits)

    @property
    def read_all(self) -> bool:
        return self.read >= len(self.keys)


def page_asked(request) -> int:
    """The page number the request asks for; 1 for none or nonsense."""
    try:
        return max(int(request.GET.get("page", 1)), 1)
    except (TypeError, ValueError):
        return 1


def rows_by_key(rows, keys: list) -> list:
    """The rows of ``rows`` with these keys, in the keys' order: ``rows`` is a queryset, or a
    function that reads them by key (``selectors.case_rows_by_key``)."""
    if callable(rows):
        return rows(keys)
    return selectors.in_key_order(keys, rows.filter(pk__in=keys))


def case_rows_reader(user):
    """What reads a page of the case list by key, for ``user``."""
    return partial(selectors.case_rows_by_key, user=user)


class HomeView(PublicReadMixin, TemplateView):
    template_name = "decisions/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            **selectors.home_tables(user=user, cases=10, activities=20),
            overdue_count=selectors.activity_overdue_count(user=user),
            **selectors.register_counts(user=user),
            **kwargs,
        )


def query_text(request, name: str = "q") -> str:
    """A free-text parameter as it is searched: at most 200 characters, without the NUL characters
    PostgreSQL cannot compare."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:200]


def filtered_cases(request):
    """The case list's filterset over what the reader may see (shared by the page and the CSV)."""
    cases = selectors.case_visible_list(user=request.user).order_by(*DEFAULT_ORDERING)
    return CaseFilter(request.GET or None, queryset=cases, request=request)


class CaseListView(PublicReadMixin, ForgivingPaginationMixin, FilterView):
    filterset_class = CaseFilter
    strict = False

    def get(self, request, *args, **kwargs):
        found = selectors.case_find_by_dnr(
            selectors.case_visible_list(user=request.user), query_text(request)
        )
        if found is not None:
            return redirect(found)
        return super().get(request, *args, **kwargs)

    def get_filterset(self, filterset_class):
        filterset = filtered_cases(self.request)
        filterset.party_apart = filterset.search_apart = True
        return filterset

    def get_paginator(self, queryset, per_page, **kwargs):
        user = self.request.user
        given = filters_given(self.filterset)
        party = self.filterset.party_left
        if party is not None:
            # Which cases a large party appears in is kept until the register changes: deciding
            # it reads half the register's appearances. Alone, the party's kept keys are the list.
            # With a broad search, or other filters that find more rows than a list counts
            # exactly, the list walks the party's keys asking which the rest finds. With other
            # filters, the list is the rows they find (the party filter left them as they were)
            # that are among the party's cases.
            order = self.filterset.form.cleaned_data.get("o") or "-date"
            if self.filterset.broad_estimate is not None:
                return self.party_keys_walked(queryset, party, order, per_page, **kwargs)
            if set(given) == {"party"}:
                keys = selectors.party_case_ids(party, user=user, order=order)
            else:
                # A few keys are read at once; past them the rows are counted as far as the
                # limit first: reading ten thousand keys costs more than walking the party's.
                keys = list(queryset.values_list("pk", flat=True)[: FEW_KEYS + 1])
                if len(keys) > FEW_KEYS:
                    if queryset.order_by()[: COUNT_EXACTLY_UP_TO + 1].count() > COUNT_EXACTLY_UP_TO:
                        return self.party_keys_walked(queryset, party, order, per_page, **kwargs)
                    keys = list(queryset.values_list("pk", flat=True))
                in_party = selectors.party_case_set(party, user=user)
                keys = [pk for pk in keys if pk in in_party]
            return KeyPaginator(keys, per_page, rows=case_rows_reader(user), **kwargs)
        searched_alone = set(given) == {"q"}
        if (text := self.filterset.search_left) is not None:
            # A narrow search alone, in its own order: ranked by queries of its own, or where
            # those do not serve (text that may be a Dnr), found as the filter would have.
            stop = page_asked(self.request) * per_page
            found = selectors.case_search_ranked(
                text, user=user, using=queryset.db, span=(stop - per_page, stop)
            )
            if found is not None:
                return KeyPaginator(found, per_page, rows=case_rows_reader(user), count=len(found), **kwargs)
            queryset = selectors.case_search(queryset, text, user=user)
        count, estimated = None, False
        if self.filterset.broad_estimate is not None:
            # A broad search alone counts what its estimate found; with other filters, the
            # planner estimates the rows of both.
            count = (
                self.filterset.broad_estimate
                if searched_alone
                else selectors.estimated_count(queryset.order_by())
            )
            estimated = True
        elif not given:
            count = selectors.case_visible_count(user=user)
        rows = case_rows_reader(user)
        # A narrow search is ranked: its order sorts every case it finds (see read_keys_and_count).
        ranked = "q" in given and self.filterset.broad_estimate is None
        # A broad search alone walks the newest cases whatever its words (each case is checked
        # for them, which no index serves): its first page is planned once per connection.
        # Planning it took 1.5 ms, longer than walking to 25 matches.
        prepared = self.filterset.broad_planned_once
        return CasePaginator(
            queryset,
            per_page,
            rows=rows,
            count=count,
            estimated=estimated,
            sorts_all=ranked,
            prepared=prepared,
            **kwargs,
        )

    def party_keys_walked(self, queryset, party, order: str, per_page, **kwargs):
        """A party with a broad search or other filters that find many rows: the party's kept
        keys in the list's order, kept where the rest (``queryset``) finds them, a chunk at a time
        as far as the page needs. Walking the whole register newest first for a small party's
        matches took 85-116 ms, and reading the keys of 93,000 decided cases to keep a party's
        among them 40 ms. The count is exact when the page has read all the party's keys;
        otherwise it is estimated: the planner's estimate for the rest times the party's share of
        the visible cases (the planner's own guess for the two together was the rest's alone)."""
        user = self.request.user
        party_keys = selectors.party_case_ids(party, user=user, order=order)
        keys = KeysFoundInChunks(party_keys, queryset)
        # The keys as far as the asked page and one more: when that reads all the party's keys,
        # the count is exact, and an estimate never cuts the page short.
        keys.find(page_asked(self.request) * per_page + 1)
        if not keys.read_all and not selectors.counts_are_estimated(queryset.db):
            keys.find(None)  # nothing to estimate with: find them all
        if keys.read_all:
            count = len(keys.found)
        else:
            share = len(party_keys) / max(selectors.case_visible_count(user=user), 1)
            count = max(round(selectors.estimated_count(queryset.order_by()) * share), len(keys.found))
        paginator = KeyPaginator(keys, per_page, rows=case_rows_reader(user), count=count, **kwargs)
        paginator.estimated = not keys.read_all
        return paginator

    def get_context_data(self, **kwargs):
        broad_search = self.filterset.broad_estimate is not None
        chips = active_filter_chips(self.filterset)
        context = super().get_context_data(chips=chips, broad_search=broad_search, **kwargs)
        text = self.filterset.form.cleaned_data.get("q") if self.filterset.is_valid() else ""
        if text:
            context["object_list"] = cases = list(context["object_list"])
            snippets = selectors.case_search_snippets(cases, text, user=self.request.user)
            for case in cases:
                case.snippet = snippets.get(case.pk, "")
        return context


CSV_CHUNK = 1000
CSV_COLUMNS = ["Dnr", "Rubrik", "Kommun", "Organ", "Datum", "Paragraf", "Status", "URL"]


class Echo:
    """A file-like object whose ``write`` hands back the line, for streaming csv rows."""

    def write(self, value):
        return value


def _csv_cell(value) -> str:
    """A cell spreadsheet programs will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class CaseCsvView(PublicReadMixin, View):
    """Exactly the rows of the filtered list, as CSV, streamed."""

    def get(self, request, *args, **kwargs):
        origin = site_origin(request)
        values = selectors.case_row_values(filtered_cases(request).qs).iterator(chunk_size=CSV_CHUNK)
        rows = (_csv_values(origin, selectors.CaseRow(*row)) for row in values)
        return csv_response(rows, columns=CSV_COLUMNS, filename="arenden.csv")


def site_origin(request) -> str:
    """The scheme and host links in a download start with, worked out once per download."""
    return request.build_absolute_uri("/").rstrip("/")


def _csv_values(origin: str, case: selectors.CaseRow) -> list:
    return [
        case.dnr,
        case.title,
        case.municipality,
        case.body or "",
        case.date.isoformat() if case.date else "",
        case.paragraph,
        case.get_status_display(),
        origin + case.get_absolute_url(),
    ]


class CaseDetailView(PreparedReadsMixin, PublicReadMixin, DetailView):
    def get_object(self, queryset=None):
        case = selectors.case_detail(self.kwargs["pk"], user=self.request.user)
        if case is None:
            raise Http404
        return case

    def get_context_data(self, **kwargs):
        marked = selectors.case_marked_item(self.object, self.request.GET.get("markera", ""))
        parts = selectors.case_parts(self.object, user=self.request.user)
        return super().get_context_data(
            parts=parts,
            statement_groups=group_by_forum(parts["statements"]),
            sources=[source_parts(doc, marked) for doc in parts["documents"]],
            marked=marked,
            can_see_confidential=selectors.can_see_confidential(self.request.user),
            **kwargs,
        )


def group_by_forum(statements) -> list[tuple]:
    """Statements grouped by the body they were made in, in order of first appearance."""
    groups: dict = {}
    for statement in statements:
        groups.setdefault(statement.forum, []).append(statement)
    return list(groups.items())


def source_parts(document, marked) -> dict:
    """A source document's text split around the marked passage, when it lies in this document."""
    text = document.text
    if marked is None or not marked.has_span or marked.document_id != document.pk:
        return {"document": document, "before": text, "marked": "", "after": ""}
    start = min(marked.span_start, len(text))
    end = min(max(marked.span_end, start), len(text))
    return {"document": document, "before": text[:start], "marked": text[start:end], "after": text[end:]}


HISTORY_PAGE_SIZE = 50


class CaseHistoryView(PreparedReadsMixin, PublicReadMixin, ForgivingPaginationMixin, ListView):
    """Who changed what and when in a case and its rows, newest first, with old and new values."""

    template_name = "decisions/case_history.html"
    paginate_by = HISTORY_PAGE_SIZE

    def get_queryset(self):
        cases = selectors.case_visible_list(user=self.request.user).select_related("municipality")
        self.case = get_object_or_404(cases, pk=self.kwargs["case_pk"])
        return history.case_history(self.case)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(case=self.case, **kwargs)
        history.entries_explain(context["object_list"])
        return context


class PersonListView(PublicReadMixin, ForgivingPaginationMixin, ListView):
    """Visible people by name. The list is of ids; a page reads its people with their counts."""

    template_name = "decisions/person_list.html"

    def get_queryset(self):
        return selectors.person_list_ids(user=self.request.user, name=query_text(self.request))

    def get_paginator(self, queryset, per_page, **kwargs):
        return KeyPaginator(queryset, per_page, rows=Person.objects.all(), **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(q=query_text(self.request), **kwargs)
        counts = selectors.person_appearance_counts(user=self.request.user)
        for person in context["object_list"]:
            person.proposal_count, person.statement_count, person.reservation_count = counts.get(
                person.pk, (0, 0, 0)
            )
        return context


# The latest appearances of each kind a person page shows: a page of the list, like the case list.
PERSON_PREVIEW = PAGE_SIZE


class PersonDetailView(PreparedReadsMixin, PublicReadMixin, DetailView):
    model = Person

    def get_object(self, queryset=None):
        # Whether the reader may see the person is read from the kept visible ids: asking the
        # database means six EXISTS over every appearance (3 ms a page).
        if not selectors.person_is_visible(self.kwargs["pk"], user=self.request.user):
            raise Http404
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        latest = selectors.person_appearances_latest(
            self.object, user=self.request.user, count=PERSON_PREVIEW + 1
        )
        # The latest of each kind; the case list filtered by the person holds them all.
        shown = {}
        for kind, rows in latest.items():
            shown[kind], shown[f"{kind}_more"] = rows[:PERSON_PREVIEW], len(rows) > PERSON_PREVIEW
        return super().get_context_data(**shown, preview=PERSON_PREVIEW, **kwargs)


# Party and body pages show the latest cases and link to the filtered list for the rest.
CASE_PREVIEW = 25


class PartyDetailView(PreparedReadsMixin, PublicReadMixin, DetailView):
    model = Party
    slug_field = "abbreviation"
    slug_url_kwarg = "abbreviation"

    def get_object(self, queryset=None):
        if "\x00" in self.kwargs["abbreviation"]:  # no party has one, and PostgreSQL cannot compare it
            raise Http404
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        user = self.request.user
        summary = selectors.party_summary(self.object, user=user, latest=CASE_PREVIEW)
        return super().get_context_data(
            cases=selectors.case_rows_by_key(summary["case_ids"], user=user),
            case_count=summary["case_count"],
            members=person_links(summary["members"]),
            **kwargs,
        )


class PersonLink(NamedTuple):
    """A person in a long list of names: key, name and page."""

    pk: int
    name: str
    url: str


def person_links(people: list[tuple[int, str]]) -> list[PersonLink]:
    """People given by key and name, each with the address of their page."""
    person_url = KeyedUrl("decisions:person_detail")
    return [PersonLink(pk, name, person_url(pk)) for pk, name in people]


class BodyDetailView(PreparedReadsMixin, PublicReadMixin, DetailView):
    def get_queryset(self):
        return Body.objects.select_related("municipality", "parent")

    def get_context_data(self, **kwargs):
        cases = selectors.case_visible_list(user=self.request.user).filter(body=self.object)
        return super().get_context_data(
            cases=selectors.case_rows(cases[:CASE_PREVIEW]),
            case_count=cases.count(),
            children=self.object.children.all(),
            **kwargs,
        )


class UnitDetailView(PreparedReadsMixin, PublicReadMixin, DetailView):
    def get_queryset(self):
        return Unit.objects.select_related("municipality")

    def get_context_data(self, **kwargs):
        activities = selectors.activity_visible_list(user=self.request.user).filter(responsible=self.object)
        activities = selectors.activity_rows(selectors.activity_with_overdue(activities))
        return super().get_context_data(activities=activities.order_by("deadline", "pk"), **kwargs)


# Editing: login and permission needed; the case must be visible to the editor.


class EditMixin(PermissionRequiredMixin):
    """Anonymous users go to the login page, logged-in users without permission get 403."""

    login_url = LOGIN_URL
    template_name = "decisions/edit_form.html"
    success_message = _("Ändringarna är sparade.")

    def post(self, request, *args, **kwargs):
        # The row is locked from the version check to the save, so two saves cannot both pass it.
        with transaction.atomic():
            return super().post(request, *args, **kwargs)

    def get_case(self):
        if not hasattr(self, "case"):
            cases = self.locked(selectors.case_visible_list(user=self.request.user))
            self.case = get_object_or_404(cases, pk=self.kwargs["case_pk"])
        return self.case

    def locked(self, queryset):
        """``queryset`` locked for update while a form is being saved."""
        return queryset.select_for_update() if self.request.method == "POST" else queryset

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, self.success_message)
        return response

    def form_invalid(self, form):
        """A save over a newer version answers 409 Conflict, with the form and what changed."""
        response = super().form_invalid(form)
        if form.conflict is not None:
            response.status_code = HTTPStatus.CONFLICT
        return response

    def get_success_url(self):
        return self.get_case().get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.get_case(), heading=self.get_heading(), **kwargs)


class CaseUpdateView(EditMixin, UpdateView):
    form_class = CaseForm
    permission_required = "decisions.change_case"
    pk_url_kwarg = "case_pk"

    def get_object(self, queryset=None):
        return self.get_case()

    def get_heading(self):
        return _("Ändra ärendet")


class CaseChildMixin(EditMixin):
    """Adding or changing one row of a case (proposal, statement, reservation, attachment)."""

    def get_queryset(self):
        return self.locked(self.form_class._meta.model.objects.filter(case=self.get_case()))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.get_case()}

    def get_heading(self):
        verbose_name = self.form_class._meta.model._meta.verbose_name
        if getattr(self, "object", None) is not None:
            return _("Ändra %(thing)s") % {"thing": verbose_name}
        return _("Lägg till %(thing)s") % {"thing": verbose_name}


class ProposalCreateView(CaseChildMixin, CreateView):
    form_class = ProposalForm
    permission_required = "decisions.add_proposal"


class ProposalUpdateView(CaseChildMixin, UpdateView):
    form_class = ProposalForm
    permission_required = "decisions.change_proposal"


class StatementCreateView(CaseChildMixin, CreateView):
    form_class = StatementForm
    permission_required = "decisions.add_statement"


class StatementUpdateView(CaseChildMixin, UpdateView):
    form_class = StatementForm
    permission_required = "decisions.change_statement"


class ReservationCreateView(CaseChildMixin, CreateView):
    form_class = ReservationForm
    permission_required = "decisions.add_reservation"


class ReservationUpdateView(CaseChildMixin, UpdateView):
    form_class = ReservationForm
    permission_required = "decisions.change_reservation"


class AttachmentCreateView(CaseChildMixin, CreateView):
    form_class = AttachmentForm
    permission_required = "decisions.add_attachment"


class AttachmentUpdateView(CaseChildMixin, UpdateView):
    form_class = AttachmentForm
    permission_required = "decisions.change_attachment"


# Action plans and activities


class ActionPlanDetailView(PreparedReadsMixin, PublicReadMixin, DetailView):
    """A plan: its progress and chart, and its activities by focus area, each with its follow-up
    log; clerks change the status and add follow-ups on the activity's row."""

    def get_queryset(self):
        return selectors.action_plan_detail_list(user=self.request.user)

    def get_context_data(self, *, failed_form=None, **kwargs):
        activities = list(selectors.plan_activities(self.object))
        areas, whole = progress.plan_progress(activities, plan_name=self.object.title)
        editing = self.attach_row_forms(activities, failed_form)
        return super().get_context_data(
            activities=activities,
            areas=areas,
            progress=whole,
            chart=progress.status_chart(areas),
            editing=editing,
            failed_form=failed_form,
            **kwargs,
        )

    def attach_row_forms(self, activities, failed_form) -> bool:
        """Give each activity the row forms the reader may use (the failed one kept with its errors);
        returns whether there are any."""
        user = self.request.user
        allowed = [form for form in ROW_FORMS if user.has_perm(form.permission)]
        for activity in activities:
            activity.row_forms = [_row_form(form, activity, user, failed_form) for form in allowed]
        return bool(allowed)


def _row_form(form_class, activity, user, failed_form):
    """A fresh form for the row, or the one just posted there that failed, errors and all."""
    failed_here = type(failed_form) is form_class and failed_form.activity.pk == activity.pk
    return failed_form if failed_here else form_class(activity=activity, user=user)


class ActivityRowEditView(PermissionRequiredMixin, View):
    """A POST from an activity's row: saved, then back to the plan (POST-redirect-GET); with
    errors, the plan page again with the form's errors on the row."""

    http_method_names = ["post"]
    form_class: type[forms.ActivityRowForm]

    def get_permission_required(self):
        return [self.form_class.permission]

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            return super().handle_no_permission()
        activity = (
            selectors.activity_visible_list().select_related("plan").filter(pk=self.kwargs["pk"]).first()
        )
        target = activity.get_absolute_url() if activity else reverse("decisions:activity_list")
        return redirect_to_login(target, LOGIN_URL)

    def post(self, request, pk):
        activities = selectors.activity_visible_list(user=request.user).select_related("plan")
        activity = get_object_or_404(activities, pk=pk)
        form = self.form_class(request.POST, activity=activity, user=request.user)
        if not form.is_valid():
            messages.error(request, form.failure_message)
            return self.plan_page(activity, form)
        message = form.save(author=_author(request.user))
        messages.success(request, message)
        return redirect(activity.get_absolute_url())

    def plan_page(self, activity, form):
        page = ActionPlanDetailView()
        page.setup(self.request, pk=activity.plan_id)
        page.object = page.get_object()
        return page.render_to_response(page.get_context_data(object=page.object, failed_form=form))


def _author(user) -> str:
    """How a clerk is named in the follow-up log: full name, or user name when there is none."""
    return user.get_full_name() or user.get_username()


class ActivityStatusView(ActivityRowEditView):
    form_class = forms.ActivityStatusForm


class FollowUpCreateView(ActivityRowEditView):
    form_class = forms.FollowUpForm


ROW_FORMS = [forms.ActivityStatusForm, forms.FollowUpForm]


def filtered_activities(request, *, user=None, download: bool = False):
    """The activity list's filterset over the activities ``user`` may see (shared by the page,
    the CSV, which also reads each plan's case, and the calendar feed)."""
    rows = selectors.activity_download_list if download else selectors.activity_list
    return ActivityFilter(request.GET or None, queryset=rows(user=user), request=request)


class ActivityListView(PublicReadMixin, ForgivingPaginationMixin, FilterView):
    filterset_class = ActivityFilter
    strict = False

    def get_filterset(self, filterset_class):
        filterset = filtered_activities(self.request, user=self.request.user)
        filterset.queryset = selectors.activity_rows(filterset.queryset)
        filterset.plans_as_hidden_field_when_many()
        return filterset

    def get_paginator(self, queryset, per_page, **kwargs):
        # The sort by deadline and plan title reads every activity with its plan: the list's own
        # order of keys, all or the overdue ones, is kept until the register changes, and a page
        # reads its 25 rows alone. Any other filter narrows the rows enough to sort them.
        given = filters_given(self.filterset)
        if given and given != {"overdue": "true"}:
            return super().get_paginator(queryset, per_page, **kwargs)
        user, today = self.request.user, self.filterset.today
        keys = selectors.activity_list_ids(user=user, today=today, overdue=bool(given))
        rows = partial(selectors.activity_rows_by_key, user=user, today=today)
        return KeyPaginator(keys, per_page, rows=rows, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(chips=active_filter_chips(self.filterset), **kwargs)
        context["object_list"] = activities = list(context["object_list"])
        selectors.activity_units_read(activities)
        return context


ACTIVITY_CSV_COLUMNS = [
    "Handlingsplan",
    "Kommun",
    "Fokusområde",
    "Aktivitet",
    "Ansvariga",
    "Klart senast",
    "Status",
    "Status ändrad",
    "Försenad",
    "URL",
]


def csv_response(rows, *, columns: list[str], filename: str) -> StreamingHttpResponse:
    """``rows`` (lists of values) streamed as CSV under ``columns``; a BOM so Excel reads å, ä, ö.
    Lines go out a chunk at a time: memory stays flat, and the server writes few large pieces."""
    writer = csv.writer(Echo())

    def lines():
        chunk = ["\ufeff" + writer.writerow(columns)]
        for row in rows:
            chunk.append(writer.writerow([_csv_cell(value) for value in row]))
            if len(chunk) >= CSV_CHUNK:
                yield "".join(chunk)
                chunk = []
        yield "".join(chunk)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ActivityCsvView(PublicReadMixin, View):
    """Exactly the rows of the filtered activity list, as CSV, streamed."""

    def get(self, request, *args, **kwargs):
        origin = site_origin(request)
        activities = filtered_activities(request, user=request.user, download=True).qs.iterator(
            chunk_size=CSV_CHUNK
        )
        rows = (_activity_csv_values(origin, activity) for activity in activities)
        return csv_response(rows, columns=ACTIVITY_CSV_COLUMNS, filename="aktiviteter.csv")


def _activity_csv_values(origin: str, activity) -> list:
    return [
        activity.plan.title,
        activity.plan.case.municipality.name,
        activity.focus_area,
        activity.title,
        ", ".join(activity_responsible(activity)),
        activity.deadline.isoformat() if activity.deadline else "",
        activity.get_status_display(),
        activity.status_changed_on.isoformat() if activity.status_changed_on else "",
        "ja" if activity.overdue else "nej",
        origin + activity.get_absolute_url(),
    ]


class ActivityCalendarView(PublicReadMixin, View):
    """Deadlines as an iCalendar feed: all activities, filtered like the list, or one unit's.
    A feed is subscribed to and passed on, so it holds public activities only, whoever asks."""

    def get(self, request, pk=None):
        activities = filtered_activities(request).qs
        name, filename = str(_("Aktiviteter i Beslutsregistret")), "aktiviteter.ics"
        if pk is not None:
            unit = get_object_or_404(Unit, pk=pk)
            activities = activities.filter(responsible=unit)
            name, filename = f"{name}: {unit}", f"aktiviteter-enhet-{unit.pk}.ics"
        body = feeds.activity_calendar(
            activities, name=name, absolute_url=request.build_absolute_uri, stamp=timezone.now()
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
