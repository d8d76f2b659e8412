"""Reads shared by views, exports and feeds. The visibility rule lives here, once.

Every read of cases starts from ``case_visible_list``; people, action plans and activities are
visible through the cases they appear in, so a confidential case never leaks through them.
"""

import json
import math
import re
import time
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from functools import partial
from types import MappingProxyType
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.query import get_related_populators
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from registry.postgresql import prepared_reads

from . import dnr as dnr_parser
from . import search_statistics
from .models import (
    ActionPlan,
    Activity,
    Attachment,
    Ballot,
    Case,
    KeyedUrl,
    Party,
    Person,
    Proceeding,
    Proposal,
    ProposalAuthor,
    Reference,
    RegisterGeneration,
    Reservation,
    SourceDocument,
    Statement,
    StatementAuthor,
    Unit,
    Vote,
    choice_label,
    party_url,
    reverse_by_key,
)

CONFIDENTIAL_PERMISSION = "decisions.view_confidential_case"
OPEN_ACTIVITY_STATUSES = (Activity.Status.PLANNED, Activity.Status.ONGOING)
# Open activities are due soon within this many days (the home page's table).
DUE_DAYS = 60
MAX_SEARCH_TERMS = 8
# The orders of the case list, by the name of its ``o`` parameter; newest first by default.
# Cases without a date or Dnr go last either way, on every database.
CASE_ORDERINGS = {
    "-date": (F("date").desc(nulls_last=True), "-pk"),
    "date": (F("date").asc(nulls_last=True), "pk"),
    "dnr": (F("dnr_year").asc(nulls_last=True), F("dnr_serial").asc(nulls_last=True), "dnr_key", "pk"),
    "title": ("title", "pk"),
}


def can_see_confidential(user) -> bool:
    """Whether ``user`` may see confidential (OSL) cases. Anonymous users never may."""
    return bool(user and user.is_authenticated and user.has_perm(CONFIDENTIAL_PERMISSION))


class KeptSql:
    """Queries of a fixed shape whose SQL Django writes once per process and level of access,
    then runs with each request's values. A search page's snippet query is one large expression:
    writing its SQL took 5 ms, longer than the database takes to run it.

    ``build(**stand_ins)`` returns the queryset, written with a stand-in for each value: a string,
    for a whole number (a key) a number no key has, for a day a day of the year 1; the SQL's
    parameters that are stand-ins are replaced by the values at each run. A value that is a list
    (keys) is one array parameter: ``= ANY(%s)``, PostgreSQL's (``among_keys``)."""

    def __init__(self, build):
        self.build = build
        self.written: dict[tuple, tuple] = {}

    def _written(self, key: tuple, values: dict, using: str) -> tuple:
        written = self.written.get((using, *key))
        if written is None:
            stand_ins = {name: _stand_in(name, value, n) for n, (name, value) in enumerate(values.items())}
            compiler = self.build(*key, **stand_ins).query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            names = {stand_in: name for name, stand_in in stand_ins.items()}
            # A day reaches the SQL's parameters as the database takes it: SQLite's as text.
            days = {_as_day(stand_in, using): name for stand_in, name in names.items() if _is_day(stand_in)}
            written = self.written[(using, *key)] = (sql, params, names | days, compiler)
        return written

    def sql(self, key: tuple, values: dict, *, using: str = "default") -> tuple[str, list]:
        """The SQL for ``key`` (what else shapes the query, such as the level of access) and its
        parameters for ``values``."""
        sql, params, names, _compiler = self._written(key, values, using)
        return sql, [_as_day(values[names[p]], using) if _is_stand_in(p, names) else p for p in params]

    def rows(self, key: tuple, values: dict, *, using: str = "default") -> list[tuple]:
        sql, params = self.sql(key, values, using=using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def values(self, key: tuple, values: dict, *, using: str = "default") -> list[tuple]:
        """The rows as the queryset's ``values_list`` gives them (its compiler's converters)."""
        compiler = self._written(key, values, using)[3]
        return list(compiler.results_iter([self.rows(key, values, using=using)], tuple_expected=True))

    def instances(self, key: tuple, values: dict, *, using: str = "default") -> list:
        """The rows as model instances with the related rows the queryset selects and its
        annotations, made as the queryset makes them (its compiler's converters and related
        populators)."""
        compiler = self._written(key, values, using)[3]
        rows = self.rows(key, values, using=using)
        klass_info, select = compiler.klass_info, compiler.select
        first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        fields = [column[0].target.attname for column in select[first:last]]
        related = get_related_populators(klass_info, select, using)
        annotations = compiler.annotation_col_map.items()
        made = []
        for row in compiler.results_iter([rows]):
            instance = klass_info["model"].from_db(using, fields, row[first:last])
            for populator in related:
                populator.populate(row, instance)
            for name, column in annotations:
                setattr(instance, name, row[column])
            made.append(instance)
        return made


# Whole-number stand-ins sit far below any key, one per value of a query.
_KEY_STAND_IN = -(2**62)


# Day stand-ins sit in the first years of the calendar, one per value of a query.
_DAY_STAND_IN = date(1, 1, 1)


def _stand_in(name: str, value, n: int):
    if isinstance(value, int) and not isinstance(value, bool):
        return _KEY_STAND_IN - n
    if _is_day(value):
        return _DAY_STAND_IN + timedelta(days=n)
    return f"\ue002{name}\ue003"


def among_keys(model, keys, column: str = "id", *, using: str | None = None):
    """A filter to the rows of ``model`` whose ``column`` is among ``keys``: on PostgreSQL one array
    parameter, not a placeholder per key; on another database ``using``, ``IN``."""
    if using is not None and connections[using].vendor != "postgresql":
        return Q(**{f"{column}__in": keys})
    quote = connection.ops.quote_name
    where = f"{quote(model._meta.db_table)}.{quote(column)} = ANY(%s)"
    return RawSQL(where, [keys], output_field=BooleanField())


def _is_day(value) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _as_day(value, using: str):
    """A day as the database ``using`` takes it as a parameter; any other value as it is."""
    return connections[using].ops.adapt_datefield_value(value) if _is_day(value) else value


def _is_stand_in(parameter, names: dict) -> bool:
    stands_in = isinstance(parameter, (str, int, date)) and not isinstance(parameter, (bool, datetime))
    return stands_in and parameter in names


def case_visible_list(
    *, user=None, access: str | None = None, include_confidential: bool = False
) -> QuerySet[Case]:
    """Every case the reader (``user``, or readers with ``access``) may see. For anyone without the
    right, confidential cases do not exist. The stored search vector is left unread: only the
    database searches it, and it is long."""
    cases = Case.objects.defer("search_vector")
    if include_confidential or (access or _access(user)) == "all":
        return cases
    return cases.filter(confidential=False)


def _hidden_case_q(access: str, case_path: str = "") -> Q | None:
    """What hides a case (at ``case_path``) from readers with ``access`` (see ``_access``): the
    reverse of ``case_visible_list``. None when nothing is hidden from them."""
    if access == "all":
        return None
    return Q(**{f"{case_path}__confidential" if case_path else "confidential": True})


def case_hidden_list(*, user=None, access: str | None = None) -> QuerySet[Case]:
    """Exactly the cases ``case_visible_list`` leaves out for ``user`` (or for readers with
    ``access``). They are few, so excluding by them is cheap where excluding "not visible" would
    hash every case."""
    hidden = _hidden_case_q(access or _access(user))
    return Case.objects.none() if hidden is None else Case.objects.filter(hidden)


def exclude_hidden_cases(rows: QuerySet, case_path: str, *, user=None, access: str | None = None) -> QuerySet:
    """``rows`` without those whose case (at ``case_path``, a chain of foreign keys) is hidden from
    ``user``, checked on the row's own case. For a short page of rows that is one index look-up
    each, where ``__in`` the hidden cases made PostgreSQL hash every action plan before reading the
    first activity (2.4 ms for the home page's 20 due activities)."""
    hidden = _hidden_case_q(access or _access(user), case_path)
    return rows if hidden is None else rows.exclude(hidden)


def action_plan_visible_list(*, user=None) -> QuerySet[ActionPlan]:
    """Action plans of visible cases."""
    return exclude_hidden_cases(ActionPlan.objects.all(), "case", user=user)


def activity_visible_list(*, user=None, access: str | None = None) -> QuerySet[Activity]:
    """Activities of visible cases' action plans (for ``user``, or for readers with ``access``)."""
    return exclude_hidden_cases(Activity.objects.all(), "plan__case", user=user, access=access)


# People and parties: seen through their appearances in visible cases.


# The paths from a case to the people who appear in it.
PERSON_IN_CASE = [
    "presenter",
    "chair",
    "proposals__authors__person",
    "statements__authors__person",
    "reservations__person",
    "votes__ballots__person",
]

# Where a person or party can appear in a case, and the path from that row to its case.
_APPEARANCE_CASE = {ProposalAuthor: "proposal__case", StatementAuthor: "statement__case", Reservation: "case"}


def _appearances(cases: QuerySet[Case] | None = None, **where) -> list[QuerySet]:
    """The appearance rows (author, statement author, reservation) matching ``where``, in ``cases``."""
    rows = []
    for model, case_path in _APPEARANCE_CASE.items():
        found = model.objects.filter(**where)
        rows.append(found if cases is None else found.filter(**{f"{case_path}__in": cases}))
    return rows


def _case_appears_q(exists=Exists, **where) -> Q:
    """Cases with an appearance row matching ``where``. Correlated EXISTS, so a list already
    narrowed by other filters probes a few rows instead of collecting every appearance."""
    q = Q()
    for model, case_path in _APPEARANCE_CASE.items():
        q |= Q(exists(model.objects.filter(**where, **{case_path: OuterRef("pk")})))
    return q


def person_visible_list(
    *, user=None, include_confidential: bool = False, municipality=None
) -> QuerySet[Person]:
    """People who appear in at least one visible case (as author, reservant, presenter or chair),
    or in one of ``municipality``'s visible cases when it is given."""
    cases = case_visible_list(user=user, include_confidential=include_confidential)
    if municipality is not None:
        cases = cases.filter(municipality=municipality)
    # Correlated EXISTS: the planner probes the indexes per person instead of hashing every case.
    seen = Q()
    for path in PERSON_IN_CASE:
        seen |= Q(Exists(cases.filter(**{path: OuterRef("pk")})))
    return Person.objects.filter(seen)


def person_visible_ids(*, user=None) -> Sequence[int]:
    """The ids of the people ``user`` can see (``person_visible_list``), by name. Deciding who
    appears in a visible case means looking through every appearance in the register, longer than a
    page may take, so the ids are kept like the counts until the register changes."""

    def ids():
        return list(person_visible_list(user=user).order_by("name", "pk").values_list("pk", flat=True))

    return register_cached(f"person-ids:{_access(user)}", ids)


def person_is_visible(pk: int, *, user=None) -> bool:
    """Whether the person with key ``pk`` is one ``user`` can see (``person_visible_ids``)."""
    return pk in person_visible_ids(user=user)


def person_list_ids(*, user=None, name: str = "") -> Sequence[int]:
    """The ids of the visible people, by name, optionally only those whose name or key holds ``name``."""
    ids = person_visible_ids(user=user)
    if name:
        named = set(
            Person.objects.filter(Q(name__icontains=name) | Q(key__icontains=name)).values_list(
                "pk", flat=True
            )
        )
        ids = [pk for pk in ids if pk in named]
    return ids


def person_appearance_counts(*, user=None) -> Mapping[int, tuple[int, int, int]]:
    """How often each person appears in the cases ``user`` can see: (proposals, statements,
    reservations), for the rows of the person list. Counted for everyone at once, grouped over the
    whole register, and kept like the person ids until the register changes: counting a page's 25
    people one by one walked 700 proposals case by case, 10 ms at 100,000 cases."""

    def counts():
        hidden = case_hidden_list(user=user)
        per_kind = [
            dict(
                model.objects.exclude(**{f"{case_path}__in": hidden})
                .values("person_id")
                .annotate(n=Count("pk"))
                .order_by()
                .values_list("person_id", "n")
            )
            for model, case_path in _APPEARANCE_CASE.items()
        ]
        people = set().union(*per_kind) - {None}
        return {pk: tuple(kind.get(pk, 0) for kind in per_kind) for pk in people}

    return register_cached(f"person-counts:{_access(user)}", counts)


class PartyNamed(NamedTuple):
    """A party as a row of a long table names it: enough for ``party_link``."""

    abbreviation: str
    name: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url


class Appearance(NamedTuple):
    """A row of a person page: the case they appeared in (its name, page and day), where in the
    case (``anchor``, a fragment of its page), the part they played (``role``, as the page
    reads it) and the party they spoke for."""

    case_pk: int
    case_name: str
    case_url: str
    date: date | None
    anchor: str
    role: str
    party: PartyNamed | None


# Each kind of appearance: its rows in the cases readers with ``access`` see, newest first, as
# (case key, Dnr, title, date, key of the part, what the part says of the role, party
# abbreviation, party name). Reading them as values, not as rows of four models, halved the
# page (54 million instructions a request for a person with 1,445 appearances).
_CASE_COLUMNS = ("id", "dnr", "title", "date")


def _appearance_values(rows: QuerySet, case_path: str, part: str, *role: str, party: str = "party"):
    case_columns = [f"{case_path}__{name}" if case_path else name for name in _CASE_COLUMNS]
    newest = (f"-{case_path}__date", "pk") if case_path else CASE_ORDERINGS["-date"]
    columns = (*case_columns, part, *role, f"{party}__abbreviation", f"{party}__name")
    return rows.order_by(*newest).values_list(*columns)


def _person_appearances(access: str, *, person: int) -> dict[str, QuerySet]:
    """Every appearance of the person with key ``person`` in the cases readers with ``access`` see,
    by kind (``_appearance_values``), in the page's order."""
    # Each row's own case decides, on the join that reads its Dnr and title: ``__in`` the visible
    # cases joined each case a second time (0.3 ms for 141 proposals).
    cases = case_visible_list(access=access)
    proposals, statements, reservations = (
        exclude_hidden_cases(rows, case_path, access=access)
        for rows, case_path in zip(_appearances(person=person), _APPEARANCE_CASE.values(), strict=True)
    )
    ballots = exclude_hidden_cases(Ballot.objects.filter(person=person), "vote__case", access=access)
    return {
        "proposal_roles": _appearance_values(proposals, "proposal__case", "proposal_id", "role"),
        "statement_roles": _appearance_values(
            statements, "statement__case", "statement_id", "statement__kind", "statement__forum__name"
        ),
        "reservations": _appearance_values(reservations, "case", "pk"),
        "ballots": _appearance_values(ballots, "vote__case", "vote_id", "choice"),
        "presented_cases": _appearance_values(
            cases.filter(presenter=person), "", "pk", party="presenter_party"
        ),
        "chaired_cases": _appearance_values(cases.filter(chair=person), "", "pk", party="chair_party"),
    }


def _latest_appearances(access: str, kind: str, count: int, *, person: int) -> QuerySet:
    return _person_appearances(access, person=person)[kind][:count]


_LATEST_APPEARANCES_SQL = KeptSql(_latest_appearances)
# The kinds, in the page's order, as ``_person_appearances`` names them (no query is made here).
PERSON_APPEARANCE_KINDS = tuple(_person_appearances("public", person=0))


def _appearance_anchor_and_role(kind: str, part, *role) -> tuple[str, str]:
    """Where in the case page an appearance of ``kind`` is, and how the page names the role."""
    if kind == "proposal_roles":
        return f"#forslag-{part}", choice_label(ProposalAuthor, "role", role[0])
    if kind == "statement_roles":
        said = capfirst(choice_label(Statement, "kind", role[0]))
        return f"#uttalande-{part}", f"{said}, {role[1]}" if role[1] else said
    if kind == "reservations":
        return f"#reservation-{part}", ""
    if kind == "ballots":
        return f"#votering-{part}", choice_label(Ballot, "choice", role[0])
    return "", gettext("föredragande") if kind == "presented_cases" else gettext("ordförande")


def person_appearances_latest(person: Person, *, user=None, count: int) -> dict[str, list[Appearance]]:
    """The latest ``count`` visible appearances of ``person`` of each kind (``_person_appearances``).
    Their SQL is written once per process: writing it took a third of the page."""
    access, using = _access(user), person._state.db
    case_url = KeyedUrl("decisions:case_detail")
    # A page names the same few parties row after row: each is made once, with its address.
    parties: dict[tuple, PartyNamed] = {}

    def party(abbreviation: str | None, name: str) -> PartyNamed | None:
        if abbreviation is None:
            return None
        if (abbreviation, name) not in parties:
            parties[abbreviation, name] = PartyNamed(abbreviation, name, party_url(abbreviation))
        return parties[abbreviation, name]

    found = {}
    for kind in PERSON_APPEARANCE_KINDS:
        rows = _LATEST_APPEARANCES_SQL.rows((access, kind, count), {"person": person.pk}, using=using)
        found[kind] = [
            Appearance(
                case_pk,
                Case.name_of(dnr, title),
                case_url(case_pk),
                day,
                *_appearance_anchor_and_role(kind, *rest[:-2]),
                party(*rest[-2:]),
            )
            for case_pk, dnr, title, day, *rest in rows
        ]
    return found


def case_person_q(person) -> Q:
    """Cases where ``person`` proposed, stated, reserved, presented or chaired. One person appears
    in a few cases of a large register, so their ids are collected first (one set drawn from the
    indexes) and the cases then read by key, instead of testing every case."""
    found = [Case.objects.filter(**{role: person}).values("pk") for role in ("presenter", "chair")]
    found += [model.objects.filter(person=person).values(path) for model, path in _APPEARANCE_CASE.items()]
    ids = [rows.order_by() for rows in found]  # SQLite allows no ORDER BY inside a UNION
    return Q(pk__in=ids[0].union(*ids[1:]))


def case_party_q(party, *, row_by_row: bool = False) -> Q:
    """Cases where ``party`` appears: any author, statement author, reservation, presenter or chair.
    ``row_by_row`` checks each case the database walks by the indexes (``RowByRowExists``), for a
    list that another condition narrows case by case, such as a search: otherwise PostgreSQL may
    first collect every appearance of the party (50 ms for a large one)."""
    appears = _case_appears_q(exists=RowByRowExists if row_by_row else Exists, party=party)
    return Q(presenter_party=party) | Q(chair_party=party) | appears


def party_members(party: Party, *, user=None) -> QuerySet[Person]:
    """People seen with ``party`` in visible cases."""
    cases = case_visible_list(user=user)
    seen = Q(pk__in=cases.filter(presenter_party=party).values("presenter_id"))
    seen |= Q(pk__in=cases.filter(chair_party=party).values("chair_id"))
    for rows in _appearances(cases, party=party):
        seen |= Q(pk__in=rows.values("person_id"))
    return Person.objects.filter(seen).order_by("name", "pk")


def party_case_ids(party: Party, *, user=None, order: str = "-date") -> Sequence[int]:
    """The keys of the visible cases where ``party`` appears, in the case list's ``order``: the
    case list filtered by the party alone, and the party page's latest cases. A large party appears
    in half the register, and deciding which cases took 150 ms, so the keys are kept like the
    counts until the register changes."""

    def ids():
        cases = case_visible_list(user=user).filter(case_party_q(party)).order_by(*CASE_ORDERINGS[order])
        return list(cases.values_list("pk", flat=True))

    return register_cached(f"party-case-ids:{party.pk}:{order}:{_access(user)}", ids)


def party_case_set(party: Party, *, user=None) -> frozenset[int]:
    """``party_case_ids`` as a set, kept alike: the case list keeps a party's cases among those the
    other filters found by looking each one up here."""
    return register_cached(
        f"party-case-set:{party.pk}:{_access(user)}", lambda: frozenset(party_case_ids(party, user=user))
    )


def party_summary(party: Party, *, user=None, latest: int = 25) -> dict:
    """What the party page shows: the ids of the ``latest`` visible cases where ``party`` appears,
    how many there are, and the key and name of each person seen with it, kept like its cases."""
    case_ids = party_case_ids(party, user=user)

    def members():
        return list(party_members(party, user=user).values_list("pk", "name"))

    return {
        "case_ids": case_ids[:latest],
        "case_count": len(case_ids),
        "members": register_cached(f"party-members:{party.pk}:{_access(user)}", members),
    }


def document_visible_list(*, user=None, access: str | None = None) -> QuerySet[SourceDocument]:
    """Source documents whose every case is visible. A protocol records many cases: one that also
    records a confidential case holds its text, so it is withheld whole from those without the right."""
    return SourceDocument.objects.exclude(cases__in=case_hidden_list(user=user, access=access))


# A row of a case table (jinja2/includes/case_table.html) and of the case CSV: the long texts
# (summary, decision points) are left unread, as fetching and decoding them for 25 rows cost a page
# 0.6 ms.
class CaseRow:
    """A case as a row of a case table or of the case CSV: its key, Dnr, title, secrecy, day,
    paragraph, status, and the names of its municipality and body. Read as values: making a
    page's 25 cases with their municipalities and bodies as model instances took 1.2 ms. A search
    gives each row its ``snippet``."""

    COLUMNS = (
        "pk",
        "dnr",
        "title",
        "confidential",
        "date",
        "paragraph",
        "status",
        "municipality__name",
        "body__name",
    )
    __slots__ = (*(name.partition("__")[0] for name in COLUMNS), "snippet")

    def __init__(self, pk, dnr, title, confidential, date, paragraph, status, municipality, body):
        self.pk, self.dnr, self.title, self.confidential = pk, dnr, title, confidential
        self.date, self.paragraph, self.status = date, paragraph, status
        self.municipality, self.body = municipality, body
        self.snippet = ""

    def __repr__(self) -> str:
        return f"<CaseRow {self.pk}: {Case.name_of(self.dnr, self.title)}>"

    def get_absolute_url(self) -> str:
        return reverse_by_key("decisions:case_detail", self.pk)

    def get_status_display(self) -> str:
        return choice_label(Case, "status", self.status)


def case_row_values(cases: QuerySet[Case]) -> QuerySet:
    """``cases`` as the values of their table rows (``CaseRow.COLUMNS``), in their order."""
    return cases.values_list(*CaseRow.COLUMNS)


def case_rows(cases: QuerySet[Case]) -> list[CaseRow]:
    """The table rows of ``cases`` (a page of them), in their order."""
    return [CaseRow(*values) for values in case_row_values(cases)]


# Cases: detail, Dnr look-up and free-text search.


def case_detail_list(*, access: str) -> QuerySet[Case]:
    """Cases readers with ``access`` see, with the rows the head of the case page names: places,
    bodies and people. Its parts (proposals, statements, ...) are read by ``case_parts``."""
    return case_visible_list(access=access).select_related(
        "municipality", "body", "preparing_body", "presenter", "presenter_party", "chair", "chair_party"
    )


def _case_detail_read(access: str, *, case: int) -> QuerySet[Case]:
    return case_detail_list(access=access).filter(pk=case)


_CASE_DETAIL_SQL = KeptSql(_case_detail_read)


def case_detail(pk: int, *, user=None, using: str = DEFAULT_DB_ALIAS) -> Case | None:
    """The case with key ``pk`` as ``case_detail_list`` reads it, or None when ``user`` may not
    see it or there is none. Its SQL, seven tables joined, is written once per process and level
    of access: writing it took a tenth of the case page. A key past what the column holds finds
    none, as the ORM's lookup would."""
    low, high = connections[using].ops.integer_field_range(Case._meta.pk.get_internal_type())
    if not low <= pk <= high:
        return None
    found = _CASE_DETAIL_SQL.instances((_access(user),), {"case": pk}, using=using)
    return found[0] if found else None


# The items a case page can highlight in its source, by the name used in ``?markera=``.
MARKABLE = {
    "forslag": (Proposal, "case"),
    "uttalande": (Statement, "case"),
    "reservation": (Reservation, "case"),
    "bilaga": (Attachment, "case"),
    "hanvisning": (Reference, "case"),
    "aktivitet": (Activity, "plan__case"),
}


def case_marked_item(case: Case, marker: str):
    """The extracted item of ``case`` named by ``marker`` ("uttalande-3"), or None."""
    kind, _, pk = (marker or "").partition("-")
    if kind not in MARKABLE or not pk.isdigit() or len(pk) > 18:
        return None
    model, case_field = MARKABLE[kind]
    return model.objects.filter(pk=int(pk), **{case_field: case}).first()


def case_dnr_q(text: str) -> Q | None:
    """Cases whose Dnr is ``text`` in any spelling; None when ``text`` is no Dnr."""
    parsed = dnr_parser.parse_dnr(text)
    if not parsed.parsed:
        return None
    q = Q(dnr_key__in=dnr_parser.dnr_lookup_keys(text))
    if parsed.series is None and parsed.classification is None:
        # "2018/550" names KS 2018/550 too: any series, same year, serial and sub-number.
        q |= Q(dnr_year=parsed.year, dnr_serial=parsed.serial, dnr_sub_number=parsed.sub_number)
    return q


def case_find_by_dnr(cases: QuerySet[Case], text: str) -> Case | None:
    """The one case in ``cases`` whose Dnr ``text`` is, or None when none or several match."""
    q = case_dnr_q(text)
    if q is None:
        return None
    found = list(cases.filter(q).order_by("pk")[:2])
    return found[0] if len(found) == 1 else None


def case_search(
    cases: QuerySet[Case], text: str, *, user=None, broad: bool = False, planned_once: bool = False
) -> QuerySet[Case]:
    """Cases matching the free text ``text``: Swedish full text on PostgreSQL, words elsewhere.
    Source texts count only when ``user`` may read them (``document_visible_list``). A ``broad``
    search (see ``case_search_broad_estimate``) is not ranked but newest first; one
    ``planned_once`` is written to be read as a prepared statement (``_broad_match``)."""
    text = " ".join(text.split())
    if not text:
        return cases
    if connections[cases.db].vendor == "postgresql":
        return _case_search_postgres(cases, text, _access(user), broad=broad, planned_once=planned_once)
    documents = document_visible_list(user=user)
    words = search_words(text)
    dnr_q = case_dnr_q(text)
    if not words:
        return cases.filter(dnr_q) if dnr_q else cases.none()
    matched = Q()
    for variants in words:
        matched &= _any_q(variants, documents)
    return cases.filter(matched | dnr_q if dnr_q else matched)


def _any_q(variants: set[str], documents: QuerySet[SourceDocument]) -> Q:
    """Cases containing any of ``variants`` in a field of their own or in a related text."""
    # JSON is stored with \\u escapes on SQLite, so look for the escaped spellings too.
    escaped = {json.dumps(v)[1:-1] for v in variants}
    found = _contains_any(["title", "dnr", "summary"], variants)
    found |= _contains_any(["decision_points"], variants | escaped)
    related = [
        Statement.objects.filter(_contains_any(["text"], variants)).values("case_id"),
        Reservation.objects.filter(_contains_any(["reason"], variants)).values("case_id"),
        SourceDocument.cases.through.objects.filter(
            _contains_any(["sourcedocument__text"], variants), sourcedocument__in=documents
        ).values("case_id"),
    ]
    for rows in related:
        found |= Q(pk__in=rows)
    return found


def _contains_any(fields: list[str], variants: set[str]) -> Q:
    found = Q()
    for field in fields:
        for variant in sorted(variants):
            found |= Q(**{f"{field}__icontains": variant})
    return found


# Definite and plural endings: "medlemskapet", "nätverkets" and "reservationerna" search as
# prefixes of "medlemskap", "nätverk" and "reservation", which the Swedish stemmer leaves whole.
SWEDISH_ENDINGS = (
    "arnas",
    "ernas",
    "ornas",
    "arna",
    "erna",
    "orna",
    "ens",
    "ets",
    "en",
    "et",
    "ar",
    "er",
    "or",
)
SHORTEST_STEM = 4
WITHOUT_DIACRITICS = str.maketrans("åäöéü", "aaoeu")


def search_words(text: str) -> list[set[str]]:
    """Each word of ``text`` as the spellings to look for: its stem (definite and plural endings
    off), in the case typed, lower case and capitalised, and without diacritics (OCR lost them);
    and the whole word, which PostgreSQL stems as it stemmed the texts (its Swedish stemmer cuts
    "möjlighet" to "möj", shorter than the stem above)."""
    words = []
    for word in re.findall(r"\w+", text)[:MAX_SEARCH_TERMS]:
        lower = word.lower()
        cut = next(
            (len(e) for e in SWEDISH_ENDINGS if lower.endswith(e) and len(lower) - len(e) >= SHORTEST_STEM), 0
        )
        stem = word[: len(word) - cut]
        plain = stem.lower().translate(WITHOUT_DIACRITICS)
        words.append({stem, stem.lower(), stem.capitalize(), plain, lower})
    return words


def swedish_prefix_query(text: str, *, weights: str = "") -> str:
    """A raw tsquery for ``text``: every word as a prefix, all words required. Only word
    characters reach the query, so it is always valid. With ``weights`` (letters A-D) a word
    matches only where the stored vector gave it one of those weights."""
    clauses = []
    for variants in search_words(text):
        prefixes = sorted({f"{v.lower()}:*{weights}" for v in variants})
        clauses.append("(" + " | ".join(prefixes) + ")")
    return " & ".join(clauses)


def _tsquery(raw: str):
    """The Swedish full-text query for the raw tsquery ``raw`` (``swedish_prefix_query``)."""
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(raw, config="swedish", search_type="raw")


# How the case page reads each kind of part of a case, by the name of its relation, for readers
# with a level of access (``_access``) and a case (a stand-in, see ``KeptSql``): their SQL is
# written once per process, and run only for the kinds the case has (``case_parts``).
_CASE_PART_READS = {
    "proposals": lambda access, *, case: Proposal.objects.filter(case=case),
    "statements": lambda access, *, case: Statement.objects.filter(case=case).select_related("forum"),
    "reservations": lambda access, *, case: Reservation.objects.filter(case=case).select_related(
        "person", "party", "in_favour_of"
    ),
    "proceedings": lambda access, *, case: Proceeding.objects.filter(case=case).select_related("body"),
    "votes": lambda access, *, case: Vote.objects.filter(case=case),
    "attachments": lambda access, *, case: Attachment.objects.filter(case=case),
    "references": lambda access, *, case: Reference.objects.filter(case=case).select_related("target"),
    # The page shows a document's text, never its search vector, which adds about half its size.
    "documents": lambda access, *, case: (
        document_visible_list(access=access)
        .filter(cases=case)
        .defer("search_vector")
        .order_by("date", "filename", "pk")
    ),
    "action_plans": lambda access, *, case: ActionPlan.objects.filter(case=case),
}
CASE_PART_NAMES = tuple(_CASE_PART_READS)
_CASE_PART_SQL = {name: KeptSql(build) for name, build in _CASE_PART_READS.items()}

# The people of a case's proposals, statements and votes, read once for the whole case and shared
# out to their rows as ``people`` (in their order), by kind of row and its key's name.
_CASE_PEOPLE_READS = {
    "proposals": (ProposalAuthor, "proposal"),
    "statements": (StatementAuthor, "statement"),
    "votes": (Ballot, "vote"),
}


def _case_people(model, row: str, access: str, *, case: int) -> QuerySet:
    return model.objects.filter(**{f"{row}__case": case}).select_related("person", "party")


_CASE_PEOPLE_SQL = {
    name: (f"{row}_id", KeptSql(partial(_case_people, model, row)))
    for name, (model, row) in _CASE_PEOPLE_READS.items()
}


def _case_part_presence(access: str, *, case: int) -> QuerySet:
    """Whether the case ``case`` (a stand-in, see ``KeptSql``) has each kind of part, for readers
    with ``access``: the source documents are those they may read."""
    rows = {name: getattr(Case, name).rel.related_model.objects.all() for name in CASE_PART_NAMES}
    rows["documents"] = document_visible_list(access=access)
    case_field = {name: "cases" if name == "documents" else "case" for name in CASE_PART_NAMES}
    has = {
        f"has_{name}": Exists(rows[name].filter(**{case_field[name]: OuterRef("pk")}))
        for name in CASE_PART_NAMES
    }
    return Case.objects.filter(pk=case).annotate(**has).values_list(*has)


CASE_PART_PRESENCE_SQL = KeptSql(_case_part_presence)


def case_parts(case: Case, *, user=None) -> dict[str, list]:
    """The parts of ``case`` the case page shows, by kind (``CASE_PART_NAMES``), each a list of rows
    with what the page draws of them; proposals, statements and votes with their ``people``
    (authors, ballots). Which kinds the case has is asked first, in one query: most cases lack most
    kinds, and reading a kind that turns out empty cost the page 0.7-1.5 ms each. Each read's SQL
    is written once per process (``KeptSql``): writing them took longer than running them."""
    using, access = case._state.db, _access(user)
    present = CASE_PART_PRESENCE_SQL.rows((access,), {"case": case.pk}, using=using)
    has = dict(zip(CASE_PART_NAMES, present[0] if present else (), strict=False))
    parts = {name: [] for name in CASE_PART_NAMES}
    for name in CASE_PART_NAMES:
        if has.get(name):
            parts[name] = _CASE_PART_SQL[name].instances((access,), {"case": case.pk}, using=using)
    for name, (key, read) in _CASE_PEOPLE_SQL.items():
        people: dict[int, list] = {}
        if parts[name]:
            for row in read.instances((access,), {"case": case.pk}, using=using):
                people.setdefault(getattr(row, key), []).append(row)
        for row in parts[name]:
            row.people = people.get(row.pk, [])
    return parts


# Above this many matches (the planner's estimate) a search is broad: ranking every match would
# cost more than a page may, so the results come newest first and their count is the estimate.
SEARCH_RANK_LIMIT = 2_000


def case_search_broad_estimate(text: str, *, user=None, using: str = "default") -> int | None:
    """When ``text`` is a broad search on PostgreSQL, the planner's estimate of the cases it finds;
    None for a narrow search or another database. The estimate comes from the statistics of the
    search vectors' words: it costs no more for the commonest word than for the rarest.

    The matching rows of cases, statements, reservations and documents are estimated as the
    planner would (``search_statistics``), a document once for each case it belongs to (one
    protocol holds many cases); before the tables have statistics, by the planner. A case
    may match in several of them, so the parts are combined as chances that a case matches in
    each, not added: a common word's parts summed to 155,000 of a register of 100,000 cases."""
    raw = swedish_prefix_query(" ".join(text.split())) if connections[using].vendor == "postgresql" else ""
    if not raw:
        return None
    estimated = search_statistics.matching_rows(
        raw,
        own=tuple(model._meta.db_table for model in (Case, Statement, Reservation)),
        documents=SourceDocument._meta.db_table,
        links=SourceDocument.cases.through._meta.db_table,
        using=using,
    )
    if estimated is not None:
        parts, cases = estimated  # the register's cases as its statistics count them
    else:  # a table not yet analysed: the planner knows no more, but may guess
        sql, params = MATCHING_ROWS_SQL.sql((_access(user),), {"query": raw}, using=using)
        with connections[using].cursor() as cursor:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            parts = _plan_part_rows(cursor.fetchone()[0])
        cases = case_visible_count(user=user)
    cases = max(cases, 1)
    missed = 1.0
    for rows in parts:
        missed *= 1 - min(rows / cases, 1.0)
    found = math.ceil(cases * (1 - missed))
    return found if found > SEARCH_RANK_LIMIT else None


def _matching_rows(access: str, *, query: str) -> QuerySet:
    """Every row whose search vector matches the raw tsquery ``query`` (a stand-in, see
    ``KeptSql``), a document once for each of its cases: what the broad-search estimate counts."""
    query = _tsquery(query)
    documents = document_visible_list(access=access).filter(search_vector=query)
    in_documents = SourceDocument.cases.through.objects.filter(sourcedocument__in=documents)
    own = [model.objects.filter(search_vector=query) for model in (Case, Statement, Reservation)]
    matching = [in_documents.values("pk")] + [rows.order_by().values("pk") for rows in own]
    return matching[0].union(*matching[1:], all=True)


MATCHING_ROWS_SQL = KeptSql(_matching_rows)


def _plan_rows(plan) -> int:
    """The rows the top of an ``EXPLAIN (FORMAT JSON)`` plan expects (the driver may or may not
    have decoded the JSON)."""
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _plan_part_rows(plan) -> list[int]:
    """The rows each part of a UNION ALL is expected to give, from its ``EXPLAIN (FORMAT JSON)``
    plan; the whole as one part when the plan did not keep them apart."""
    plan = json.loads(plan) if isinstance(plan, str) else plan
    top = plan[0]["Plan"]
    if top["Node Type"] == "Append" and top.get("Plans"):
        return [int(part["Plan Rows"]) for part in top["Plans"]]
    return [int(top["Plan Rows"])]


def estimated_count(rows: QuerySet) -> int:
    """How many rows the PostgreSQL planner expects ``rows`` to hold: instant, roughly right."""
    return _plan_rows(rows.explain(format="json"))


def counts_are_estimated(using: str) -> bool:
    """Whether a count too large to take at every page is the planner's estimate (PostgreSQL)."""
    return connections[using].vendor == "postgresql"


def count_past(rows: QuerySet, at_least: int) -> tuple[int, bool]:
    """How many rows ``rows`` holds, and whether that is an estimate, when ``at_least`` of them are
    known: on PostgreSQL the planner's estimate (never below ``at_least``); elsewhere, counted."""
    if not counts_are_estimated(rows.db):
        return rows.count(), False
    return max(estimated_count(rows), at_least), True


def _matching_case_ids(query, documents: QuerySet[SourceDocument]) -> QuerySet:
    """The ids of cases whose own text, statements, reservations or (readable) source documents
    match ``query``: one set drawn from the GIN indexes, so cases are then fetched by key."""
    own = Case.objects.using(documents.db).filter(search_vector=query).order_by().values("pk")
    rows = [
        model.objects.using(documents.db).filter(search_vector=query) for model in (Statement, Reservation)
    ]
    in_documents = SourceDocument.cases.through.objects.using(documents.db).filter(
        sourcedocument__in=documents.filter(search_vector=query)
    )
    return own.union(*[r.order_by().values("case_id") for r in rows], in_documents.values("case_id"))


# What a broad search asks of each case it walks: its own vector, a statement's or a reservation's,
# or that of a source document the reader may read, each looked up by the case's key (EXISTS ...
# OFFSET 0, as ``RowByRowExists`` writes it). Written as SQL, once per level of access: building
# it from querysets took a millisecond a search.
_RELATED_MATCH = (
    'EXISTS(SELECT 1 FROM "{table}" related WHERE related."case_id" = "decisions_case"."id"'
    ' AND related."search_vector" @@ to_tsquery(%s::regconfig, %s) OFFSET 0)'
)
_DOCUMENT_MATCH = (
    'EXISTS(SELECT 1 FROM "{links}" link JOIN "{documents}" document'
    ' ON document."id" = link."sourcedocument_id" WHERE link."case_id" = "decisions_case"."id"'
    ' AND document."search_vector" @@ to_tsquery(%s::regconfig, %s){readable} OFFSET 0)'
)


def _readable_document_clause(access: str, document: str) -> str:
    """The condition (`` AND ...``) that keeps a source document (named ``document`` in the SQL)
    to those readers with ``access`` may read, for the searches written as SQL on PostgreSQL;
    empty when they may read every one.

    A document that records a hidden case is withheld whole (``document_visible_list``). What hides
    a case is its confidentiality (``_hidden_case_q``), so whether a document records a
    confidential case is kept on its row (``records_confidential``, by the triggers of migration
    0012): a search reads it there instead of looking each link's case up among the hidden ones."""
    if _hidden_case_q(access) is None:
        return ""
    return f' AND NOT {document}."records_confidential"'


def _hidden_case_condition(access: str) -> tuple[str, tuple] | None:
    """What hides a row of the cases' table (named as the table) from readers with ``access``,
    as SQL and its parameters, for the searches written as SQL; None when nothing is hidden. A
    search that reads the case's row anyway checks it there instead of looking its key up among
    the hidden ones."""
    if _hidden_case_q(access) is None:
        return None
    hidden = case_hidden_list(access=access)
    compiler = hidden.query.get_compiler(connection=connection)
    return hidden.query.where.as_sql(compiler, connection)


_broad_match_sql: dict[tuple[str, bool], str] = {}
_TSQUERY = "to_tsquery(%s::regconfig, %s)"


def _broad_match(access: str, raw: str, *, planned_once: bool = False) -> tuple[str, list]:
    """The condition a broad search puts on each case, for readers with ``access``, and its
    parameters for the raw tsquery ``raw``. ``planned_once``: for a statement prepared once and
    run with any words, each tsquery is made once per run (a subquery) instead of at every case
    the search walks, as a plan for any words would."""
    key = (access, planned_once)
    if key not in _broad_match_sql:
        parts = [
            f'"decisions_case"."search_vector" @@ {_TSQUERY}',
            *(_RELATED_MATCH.format(table=model._meta.db_table) for model in (Statement, Reservation)),
            _DOCUMENT_MATCH.format(
                links=SourceDocument.cases.through._meta.db_table,
                documents=SourceDocument._meta.db_table,
                readable=_readable_document_clause(access, "document"),
            ),
        ]
        sql = " OR ".join(parts)
        if planned_once:
            sql = sql.replace(_TSQUERY, f"(SELECT {_TSQUERY})")
        _broad_match_sql[key] = sql
    return _broad_match_sql[key], ["swedish", raw] * 4


class RowByRowExists(Exists):
    """EXISTS that PostgreSQL checks for each row it walks, by the related table's index.

    A plain EXISTS (or IN) beside an OR is planned as a hashed set of every matching related row,
    built before the first case is read: for a common word that is thousands of statements, 14 ms,
    for a page that reads 40 cases. An OFFSET keeps the planner from turning the subquery into
    that set, so each case walked costs one index lookup instead."""

    template = "EXISTS(%(subquery)s OFFSET 0)"


def _case_search_postgres(
    cases: QuerySet[Case], text: str, access: str, *, broad: bool, planned_once: bool = False
) -> QuerySet[Case]:
    """Swedish full-text search over the stored vectors, ranked by the case's own text; a broad
    search comes newest first. What matches is SQL written once per level of access (building it
    as querysets took 2 ms a search), run with the request's words."""
    from django.contrib.postgres.search import SearchRank

    dnr_q = case_dnr_q(text)
    raw = swedish_prefix_query(text)
    if not raw:
        return cases.filter(dnr_q) if dnr_q else cases.none()
    if broad:
        # Walked newest first, each case checked on its own text, statements, reservations and
        # source documents, so a page needs only a few rows.
        sql, params = _broad_match(access, raw, planned_once=planned_once)
        matched = Q(RawSQL(sql, params, output_field=BooleanField()))
        found = cases.filter(matched | dnr_q if dnr_q else matched)
        return found.order_by(*CASE_ORDERINGS["-date"])
    # The ids found by the four indexes, as one array read by the case's key: beside the list's
    # other filters, IN (subquery) was planned as a hash join over an index of the whole register.
    sql, params = _MATCHING_CASE_IDS_SQL.sql((access,), {"query": raw}, using=cases.db)
    matched = Q(RawSQL(f'"decisions_case"."id" = ANY(ARRAY({sql}))', params, output_field=BooleanField()))
    found = cases.filter(matched | dnr_q if dnr_q else matched)
    rank = SearchRank(F("search_vector"), _tsquery(raw))
    return found.annotate(rank=rank).order_by("-rank", *CASE_ORDERINGS["-date"])


def _matching_case_ids_for(access: str, *, query: str) -> QuerySet:
    return _matching_case_ids(_tsquery(query), document_visible_list(access=access))


_MATCHING_CASE_IDS_SQL = KeptSql(_matching_case_ids_for)


# A search alone (no other filter, no order asked for) that is narrow: the cases it finds, ranked.
# Only a case's own text is ranked (ts_rank over its vector); a case found only by a statement, a
# reservation or a document ranks below every case whose own text holds the words, newest first,
# as it did when ts_rank, reading every found case's vector, gave it nothing. Ranking and reading
# every found case took 17 ms for 2,372 cases at 100,000; this reads the own-text matches (296)
# and takes the others' keys from the indexes, reading their rows only for a page past the first
# few hundred results. A matching document's cases, and whether it is withheld from the reader
# (``_readable_document_clause``), are read from its row (migration 0012): looking its cases up
# among the links and those among the hidden cases took half the query.
_RANKED_SEARCH = """WITH q AS (SELECT to_tsquery('swedish'::regconfig, %s) AS q),
own AS MATERIALIZED (
    SELECT "{cases}"."id", "{cases}"."date", ts_rank("{cases}"."search_vector", q.q) AS rank FROM "{cases}", q
    WHERE "{cases}"."search_vector" @@ q.q{own_visible}
),
others AS MATERIALIZED (
    SELECT related."case_id" AS "id" FROM "{statements}" related, q
    WHERE related."search_vector" @@ q.q{related_visible}
    UNION SELECT related."case_id" FROM "{reservations}" related, q
    WHERE related."search_vector" @@ q.q{related_visible}
    UNION SELECT unnest(document."case_keys") FROM "{documents}" document, q
    WHERE document."search_vector" @@ q.q{readable}
    EXCEPT SELECT "id" FROM own
)
"""
_ranked_search_sql: dict[str, tuple[str, list]] = {}


def _ranked_search(access: str) -> tuple[str, list]:
    """The common part of a ranked search's queries for readers with ``access``, and the
    parameters of its hidden cases (after the query's words)."""
    if access not in _ranked_search_sql:
        params = []
        own_visible = related_visible = ""
        if (hidden := _hidden_case_condition(access)) is not None:
            hidden_where, hidden_params = hidden
            # The own-text matches are checked on their rows; a statement's or reservation's
            # case (a few dozen) by its key.
            own_visible = f" AND NOT ({hidden_where})"
            related_visible = (
                f' AND NOT EXISTS(SELECT 1 FROM "{Case._meta.db_table}"'
                f' WHERE "{Case._meta.db_table}"."id" = related."case_id" AND {hidden_where})'
            )
            # In the order the SQL holds them: own, statements, reservations.
            params = [*hidden_params, *hidden_params, *hidden_params]
        sql = _RANKED_SEARCH.format(
            own_visible=own_visible,
            related_visible=related_visible,
            readable=_readable_document_clause(access, "document"),
            cases=Case._meta.db_table,
            documents=SourceDocument._meta.db_table,
            statements=Statement._meta.db_table,
            reservations=Reservation._meta.db_table,
        )
        _ranked_search_sql[access] = (sql, params)
    return _ranked_search_sql[access]


class RankedSearch:
    """The keys of the cases a narrow search alone finds, in the order of relevance (a sequence
    for ``KeyPaginator``): first the cases whose own text matches, by rank, then the others, newest
    first. One query reads the count and the keys of a page (``span``, the page asked for); a slice
    of another page reads again. The query is prepared: planning it took 4 ms, as long as running
    it."""

    # The page's keys among the cases whose own text matches (as far as stop, cut at start here),
    # then those among the others, newest first: the others' rows are read only for a page that
    # reaches past the own-text matches (a LIMIT of nothing reads none).
    READ = (
        'SELECT (SELECT count(*) FROM own), (SELECT count(*) FROM others), ARRAY(SELECT "id" FROM own'
        ' ORDER BY rank DESC, "date" DESC NULLS LAST, "id" DESC LIMIT %s),'
        f' ARRAY(SELECT c."id" FROM "{Case._meta.db_table}" c'
        ' WHERE c."id" = ANY(ARRAY(SELECT "id" FROM others)) ORDER BY c."date" DESC NULLS LAST, c."id" DESC'
        " LIMIT greatest(%s - greatest(%s, (SELECT count(*) FROM own)), 0)"
        " OFFSET greatest(%s - (SELECT count(*) FROM own), 0))"
    )

    def __init__(self, raw: str, *, user=None, using: str = DEFAULT_DB_ALIAS, span: tuple[int, int]):
        """``raw``: the search as a raw tsquery (``swedish_prefix_query``)."""
        self.common, hidden_params = _ranked_search(_access(user))
        self.params = [raw, *hidden_params]
        self.using = using
        self.count, self.span, self.keys = self._read(*span)

    def _read(self, start: int, stop: int) -> tuple[int, tuple[int, int], list[int]]:
        with prepared_reads(), connections[self.using].cursor() as cursor:
            cursor.execute(self.common + self.READ, [*self.params, stop, stop, start, start])
            own_count, others_count, own_keys, other_keys = cursor.fetchone()
        count = own_count + others_count
        return count, slice(start, stop).indices(count)[:2], own_keys[start:stop] + other_keys

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, wanted: slice) -> list[int]:
        start, stop, _step = wanted.indices(self.count)
        if stop <= start:
            return []
        if (start, stop) != self.span:  # another page than the one read
            self.count, self.span, self.keys = self._read(start, stop)
        return self.keys


def case_search_ranked(
    text: str, *, user=None, using: str = DEFAULT_DB_ALIAS, span: tuple[int, int]
) -> RankedSearch | None:
    """The ranked keys of a narrow search alone (``RankedSearch``), reading those of ``span``
    (start, stop) at once; None where ``case_search`` finds them instead: on another database, or
    for text that may be a Dnr (which ``case_search`` also looks for) or holds no word."""
    text = " ".join(text.split())
    if connections[using].vendor != "postgresql" or case_dnr_q(text) is not None:
        return None
    raw = swedish_prefix_query(text)
    return RankedSearch(raw, user=user, using=using, span=span) if raw else None


# The weight a case's search vector gives the words of its own text, its summary and decision
# points (migration 0004); its title and Dnr weigh more.
OWN_TEXT_WEIGHT = "B"

# Snippets: where the words were found, with the hits between these two markers. They are
# characters no document holds, so the page can escape the text and then mark the hits.
HIT_START, HIT_END = "\ue000", "\ue001"
SNIPPET_WORDS = 30
# The decision points (a JSON list of strings) as plain text, for a passage on PostgreSQL.
DECISION_POINTS_TEXT = (
    "CASE WHEN jsonb_typeof(decisions_case.decision_points) = 'array' THEN array_to_string(ARRAY("
    "SELECT jsonb_array_elements_text(decisions_case.decision_points)), ' ') ELSE '' END"
)


def case_search_snippets(
    cases: Sequence[Case | CaseRow], text: str, *, user=None, using: str = DEFAULT_DB_ALIAS
) -> dict[int, str]:
    """For each of ``cases`` (one page of results), a passage with the words of ``text`` marked,
    taken only from texts ``user`` may read."""
    if not cases or not search_words(text):
        return {}
    if connections[using].vendor == "postgresql":
        return _snippets_postgres(cases, text, user=user, using=using)
    # A list's rows leave the long texts unread: the page's are read here, in one query.
    texts = (
        Case.objects.using(using)
        .filter(pk__in=[c.pk for c in cases])
        .values_list("pk", "summary", "decision_points")
    )
    words = PassageWords(search_words(text), word_start=False)
    found = {pk: marked_passage(_case_own_text(summary, points), words) for pk, summary, points in texts}
    return {pk: snippet for pk, snippet in found.items() if snippet}


def _case_own_text(summary: str, decision_points) -> str:
    points = decision_points if isinstance(decision_points, list) else []
    return " ".join([summary, *[str(p) for p in points]])


def _snippets_postgres(cases: Sequence[Case | CaseRow], text: str, *, user, using: str) -> dict[int, str]:
    """The passage of each case: from its own text when that holds a hit, else from the first
    statement, reservation or source document that matched. The database finds which text
    matched, by the stored vectors; the hits are marked here, by the stems the database made of
    the query (``PassageWords.of_tsquery``). Having PostgreSQL draw the passage (ts_headline)
    parsed every text again, about 0.1 ms a case and far more for a protocol. One query for the
    page, its SQL written once per level of access."""
    values = {
        "query": swedish_prefix_query(text),
        "own_query": swedish_prefix_query(text, weights=OWN_TEXT_WEIGHT),
        "keys": [c.pk for c in cases],
    }
    # Its plan is the same for any words: it reads the page's cases by key.
    with prepared_reads():
        found = SNIPPET_SQL.rows((_access(user),), values, using=using)
    snippets, words = {}, None
    for pk, stems, passage in found:
        words = words or PassageWords.of_tsquery(stems)
        if snippet := marked_passage(passage or "", words):
            snippets[pk] = snippet
    return snippets


class PassageWords:
    """The words of a search as a passage looks for them: for each word of the query, the
    beginnings (``groups``) a hit starts with, lower case, capitalised or in capitals. With
    ``word_start`` a hit begins a word and runs to its end, as the database's prefix search
    matches; without, it may sit inside a word, as SQLite's search matches. Each spelling is
    looked for as plain text to find the first hit in a long text: a regular expression that
    ignored case took ten times as long in a protocol, and one with each spelling twice as long.
    Within a passage, where the text is short, the hits are found by that expression."""

    def __init__(self, groups: Sequence[Sequence[str]], *, word_start: bool):
        self.groups = [tuple({w.lower() for w in group}) for group in groups if group]
        forms = {form for group in self.groups for w in group for form in (w, w.capitalize(), w.upper())}
        # Longest first, so that a hit is the longest spelling found at its place.
        self.forms = sorted(forms, key=len, reverse=True)
        self.word_start = word_start
        alternatives = "|".join(re.escape(form) for form in self.forms) or "(?!)"
        self.pattern = re.compile(f"(?:{alternatives})" + (r"\w*" if word_start else ""))

    @classmethod
    def of_tsquery(cls, tsquery_text: str) -> "PassageWords":
        """The words of a tsquery as PostgreSQL writes it (``'stem':* | ... & ...``): its stems,
        grouped by the words of the query. The Swedish stemmer only cuts endings, so a word whose
        stem begins with a stem of the query begins with it too."""
        return cls(search_statistics.tsquery_stems(tsquery_text), word_start=True)

    def search(self, text: str, start: int = 0) -> tuple[int, int] | None:
        """Where the first hit in ``text`` from ``start`` begins and ends."""
        first, first_form = len(text), ""
        for form in self.forms:
            at = text.find(form, start, first + len(form))
            while at != -1 and self.word_start and at and _in_word(text[at - 1]):
                at = text.find(form, at + 1, first + len(form))
            if at != -1 and at < first:
                first, first_form = at, form
        if not first_form:
            return None
        end = first + len(first_form)
        return first, _WORD_REST.match(text, end).end() if self.word_start else end

    def group(self, hit: str) -> int:
        """Which word of the query ``hit`` is a hit of."""
        hit = hit.lower()
        for n, group in enumerate(self.groups):
            if any(hit.startswith(w) if self.word_start else w in hit for w in group):
                return n
        return -1

    def hits(self, text: str, start: int, end: int):
        """Each hit in the span ``start``-``end`` of ``text`` (a passage's few hundred characters),
        as where it begins and ends."""
        for found in self.pattern.finditer(text, start, end):
            if not (self.word_start and found.start() and _in_word(text[found.start() - 1])):
                yield found.span()

    def marked(self, text: str) -> str:
        """``text`` with each hit between HIT_START and HIT_END."""
        out, done = [], 0
        for start, end in self.hits(text, 0, len(text)):
            out += [text[done:start], HIT_START, text[start:end], HIT_END]
            done = end
        return "".join(out) + text[done:]


_WORD_REST = re.compile(r"\w*")


def _in_word(character: str) -> bool:
    return character.isalnum() or character == "_"


# A passage: SNIPPET_WORDS words around a hit, a third of them before it; a second such part
# around the first hit of another word of the query, when the first part lacks it.
PASSAGE_CONTEXT_CHARACTERS = 20 * SNIPPET_WORDS


def marked_passage(text: str, words: PassageWords) -> str:
    """Where ``text`` holds a word of the search: the words around the first hit, and around the
    first hit of a word the first part lacks, hits marked (``PassageWords.marked``); empty without
    a hit. Only the characters near a hit are split into words, so a long protocol costs little
    more than a summary."""
    first = words.search(text)
    if first is None:
        return ""
    spans = [_passage_around(text, *first, 0)]
    if len(words.groups) > 1:
        seen = {words.group(text[start:end]) for start, end in words.hits(text, *spans[0])}
        unseen = [group for n, group in enumerate(words.groups) if n not in seen]
        found = (
            PassageWords(unseen, word_start=words.word_start).search(text, spans[0][1]) if unseen else None
        )
        if found is not None:
            spans.append(_passage_around(text, *found, spans[0][1]))
    passage = " … ".join(" ".join(words.marked(text[start:end]).split()) for start, end in spans)
    cut_before = text[: spans[0][0]].strip() != ""
    cut_after = text[spans[-1][1] :].strip() != ""
    return ("… " if cut_before else "") + passage + (" …" if cut_after else "")


def _passage_around(text: str, start: int, end: int, not_before: int) -> tuple[int, int]:
    """The span of SNIPPET_WORDS words around the hit at ``start``-``end``: a third of them before
    it (none before ``not_before``), the rest after it."""
    wanted_before = SNIPPET_WORDS // 3
    window_start = max(not_before, start - PASSAGE_CONTEXT_CHARACTERS)
    before = text[window_start:start]
    pieces = before.rsplit(None, wanted_before)
    if len(pieces) > wanted_before or window_start > not_before:
        # Leave out what lies before the words kept, and a word the window cut in two.
        kept = before[len(pieces[0]) :] if len(pieces) > 1 else ""
    else:
        kept = before
    part_start = start - len(kept.lstrip())
    after = text[end : end + PASSAGE_CONTEXT_CHARACTERS]
    words_after = SNIPPET_WORDS - 1 - len(kept.split())
    rest = after.split(None, words_after)[words_after:] if words_after > 0 else [after.lstrip()]
    part_end = end + len(after) - len(rest[0]) if rest else end + len(after)
    return part_start, part_end


# The text of the first document of a case that matches and that the reader may read: whether
# it is withheld is read from its row (``_readable_document_clause``), where looking its links
# up among the hidden cases took a fifth of the query.
_SNIPPET_DOCUMENT = (
    'SELECT document."text" FROM "{documents}" document JOIN "{links}" link'
    ' ON link."sourcedocument_id" = document."id" WHERE link."case_id" = "{cases}"."id"'
    " AND document.\"search_vector\" @@ to_tsquery('swedish'::regconfig, %s){readable}"
    ' ORDER BY document."id" LIMIT 1'
)


def _snippet_rows(access: str, *, query: str, own_query: str, keys: str) -> QuerySet:
    """The snippet query of ``_snippets_postgres`` for readers with ``access``: ``query`` is the
    raw tsquery, ``own_query`` the same restricted to the case's own text (OWN_TEXT_WEIGHT),
    ``keys`` the page's case keys (all stand-ins, see ``KeptSql``). Each row is a case's key, the
    query's stems (as tsquery text) and the text its passage comes from."""
    from django.db.models import Case as DbCase
    from django.db.models import TextField, Value, When
    from django.db.models.functions import Concat

    tsquery = _tsquery(query)

    def matching(rows, field, case_field):
        rows = rows.filter(search_vector=tsquery, **{case_field: OuterRef("pk")})
        return Subquery(rows.order_by("pk").values(field)[:1])

    in_document = RawSQL(
        _SNIPPET_DOCUMENT.format(
            documents=SourceDocument._meta.db_table,
            links=SourceDocument.cases.through._meta.db_table,
            cases=Case._meta.db_table,
            readable=_readable_document_clause(access, "document"),
        ),
        [query],
        output_field=TextField(),
    )
    elsewhere = Coalesce(
        matching(Statement.objects.all(), "text", "case"),
        matching(Reservation.objects.all(), "reason", "case"),
        in_document,
        Value(""),
    )
    own = Concat("summary", Value(" "), RawSQL(DECISION_POINTS_TEXT, []), output_field=TextField())
    # The passage comes from elsewhere only for cases whose own text holds no hit. Whether it does
    # is read from the stored vector, where the own text's words carry their own weight.
    own_hit = Q(search_vector=_tsquery(own_query))
    stems = RawSQL("to_tsquery('swedish'::regconfig, %s)::text", [query], output_field=TextField())
    rows = Case.objects.filter(among_keys(Case, keys)).annotate(
        stems=stems,
        passage=DbCase(When(own_hit, then=own), default=elsewhere, output_field=TextField()),
    )
    return rows.values_list("pk", "stems", "passage")


SNIPPET_SQL = KeptSql(_snippet_rows)


def overdue_q(today: date) -> Q:
    """Activities past their deadline that are neither done nor cancelled (``Activity.is_overdue``)."""
    return Q(deadline__lt=today, status__in=OPEN_ACTIVITY_STATUSES)


def activity_with_overdue(activities: QuerySet[Activity], *, today: date | None = None) -> QuerySet:
    """``activities`` annotated with ``overdue``, computed in the query."""
    today = today or timezone.localdate()
    return activities.annotate(overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()))


def activity_due_list(*, user=None, today: date | None = None, days: int = DUE_DAYS) -> QuerySet[Activity]:
    """Open activities of visible plans due from ``today`` to ``days`` days ahead, soonest first."""
    today = today or timezone.localdate()
    return _due_between(activity_visible_list(user=user), today, today + timedelta(days=days))


def _due_between(activities: QuerySet[Activity], start: date, end: date) -> QuerySet[Activity]:
    due = activities.filter(status__in=OPEN_ACTIVITY_STATUSES, deadline__gte=start, deadline__lte=end)
    return due.select_related("plan").order_by("deadline", "pk")


def activity_overdue_list(*, user=None, today: date | None = None) -> QuerySet[Activity]:
    """Visible activities that are overdue, the longest overdue first."""
    return _overdue_on(activity_visible_list(user=user), today or timezone.localdate())


def _overdue_on(activities: QuerySet[Activity], today: date) -> QuerySet[Activity]:
    return activities.filter(overdue_q(today)).select_related("plan").order_by("deadline", "pk")


# The home page's tables: the latest cases, and the activities due soon and overdue, read with
# what their rows show, their SQL written once per process and level of access.
def _latest_cases(access: str, count: int) -> QuerySet:
    cases = case_visible_list(access=access)
    return case_row_values(cases.order_by(*CASE_ORDERINGS["-date"])[:count])


def _due_activities(access: str, count: int, *, start: date, end: date) -> QuerySet[Activity]:
    return activity_rows(_due_between(activity_visible_list(access=access), start, end))[:count]


def _overdue_activities(access: str, count: int, *, today: date) -> QuerySet[Activity]:
    return activity_rows(_overdue_on(activity_visible_list(access=access), today))[:count]


_HOME_SQL = {
    "latest_cases": KeptSql(_latest_cases),
    "due_activities": KeptSql(_due_activities),
    "overdue_activities": KeptSql(_overdue_activities),
}


def home_tables(*, user=None, today: date | None = None, cases: int, activities: int) -> dict[str, list]:
    """The ``cases`` latest cases ``user`` may see, and the first ``activities`` of the open
    activities due within DUE_DAYS of ``today`` and of those overdue: writing their SQL at every
    request took a fifth of the home page."""
    today, access = today or timezone.localdate(), _access(user)
    values = {
        "latest_cases": {},
        "due_activities": {"start": today, "end": today + timedelta(days=DUE_DAYS)},
        "overdue_activities": {"today": today},
    }
    tables = {
        name: read.instances((access, activities), values[name])
        for name, read in _HOME_SQL.items()
        if name != "latest_cases"
    }
    # The latest cases' plan is the same at every request: PostgreSQL plans it once per connection
    # (0.6 ms to 0.2). The activities' plans depend on the day: planned afresh, as a plan made once
    # for any day read every overdue activity (10 ms).
    with prepared_reads():
        latest = _HOME_SQL["latest_cases"].values((access, cases), values["latest_cases"])
    return {"latest_cases": [CaseRow(*row) for row in latest], **tables}


# What is kept between requests (the home page's counts, the filter forms' choices, the keys of
# long lists) lives in each server process's memory, this long or until the register changes.
# A change is seen through the register's generation, in two parts: this process's count of its
# own writes, counted up at once, and the database's count of committed writes
# (``RegisterGeneration``), which every process reads, once a request.
COUNTS_SECONDS = 60
_generation_read: ContextVar[dict | None] = ContextVar("register_generation_read", default=None)


class KeptValues:
    """This process's kept values, for one generation of the register at a time: a new generation
    drops them all. A value is handed out as it was kept, not copied as a cache backend would
    (unpickling a party's 47,000 case keys took 1.2 ms a request), so it is kept read-only: a list
    as a tuple, a dict behind a read-only view."""

    def __init__(self):
        self.own_writes = 0
        self.generation = None
        self.values: dict[str, tuple[float, object]] = {}

    def get(self, key: str, compute, generation: tuple[int, int]):
        if generation != self.generation:
            self.generation, self.values = generation, {}
        now = time.monotonic()
        kept = self.values.get(key)
        if kept is not None and kept[0] > now:
            return kept[1]
        value = _read_only(compute())
        self.values[key] = (now + COUNTS_SECONDS, value)
        return value

    def clear(self) -> None:
        self.generation, self.values = None, {}


def _read_only(value):
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return MappingProxyType(value)
    return value


kept_values = KeptValues()


def register_counts(*, user=None) -> dict[str, int]:
    """How many cases, people and action plans the reader can see. Counting them across a large
    register takes longer than a page may, so each count (or the people's ids) is kept per level
    of access."""
    return {
        "case_count": case_visible_count(user=user),
        "person_count": len(person_visible_ids(user=user)),
        "action_plan_count": action_plan_visible_count(user=user),
    }


def case_visible_count(*, user=None) -> int:
    """How many cases the reader can see: the unfiltered case list's count, kept like the others."""
    return register_cached(f"case-count:{_access(user)}", lambda: case_visible_list(user=user).count())


def activity_list_ids(*, user=None, today: date | None = None, overdue: bool = False) -> Sequence[int]:
    """The keys of the activity list's rows in its order (``activity_list``), all of them or only
    those overdue ``today``; kept like the counts until the register changes. Sorting 12,000
    activities by deadline and plan title took 8 ms a page, and counting the overdue ones 4 ms."""
    today = today or timezone.localdate()

    def ids():
        rows = activity_list(user=user, today=today).prefetch_related(None)
        if overdue:
            rows = rows.filter(overdue_q(today))
        return list(rows.values_list("pk", flat=True))

    which = "overdue" if overdue else "all"
    return register_cached(f"activity-ids:{_access(user)}:{today.isoformat()}:{which}", ids)


def activity_overdue_count(*, user=None, today: date | None = None) -> int:
    """How many visible activities are overdue ``today`` (for the home page)."""
    return len(activity_list_ids(user=user, today=today, overdue=True))


def action_plan_visible_count(*, user=None) -> int:
    """How many action plans the reader can see, kept like the others."""
    key = f"action-plan-count:{_access(user)}"
    return register_cached(key, lambda: action_plan_visible_list(user=user).count())


def _access(user) -> str:
    """The reader's level of access: "all" with the right to see confidential cases, else
    "public". Cached counts and written SQL are kept per level."""
    return "all" if can_see_confidential(user) else "public"


def register_cached(key: str, compute):
    """``compute()``, kept under ``key`` until the register changes or COUNTS_SECONDS pass."""
    return kept_values.get(key, compute, (committed_generation(), kept_values.own_writes))


def committed_generation() -> int:
    """How many committed writes the database has counted; read once a request
    (``read_generation_once``), and at each call outside one."""
    read = _generation_read.get()
    if read is not None and "value" in read:
        return read["value"]
    # Prepared: every page reads it, and planning it took longer than reading its one row.
    with prepared_reads(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT value FROM {connection.ops.quote_name(RegisterGeneration._meta.db_table)}", []
        )
        row = cursor.fetchone()
    value = row[0] if row else 0
    if read is not None:
        read["value"] = value
    return value


@contextmanager
def read_generation_once():
    """Within this block (a request), the committed generation is read from the database once."""
    token = _generation_read.set({})
    try:
        yield
    finally:
        _generation_read.reset(token)


def register_changed(using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """A signal receiver: a row of the register was saved or deleted, so what was kept is old.
    This process sees it at once; every process sees it once the write is committed."""
    kept_values.own_writes += 1
    if not _count_already_waits(using):
        transaction.on_commit(partial(_count_committed_change, using), using=using)


def _count_already_waits(using: str) -> bool:
    """True when this transaction will already count a change at its commit: an import saves
    hundreds of rows in one transaction, and one count says as much as hundreds. A count waiting
    in a savepoint that is rolled back is dropped with it, and the next write asks again."""
    waiting = transaction.get_connection(using).run_on_commit
    return any(getattr(callback, "func", None) is _count_committed_change for _, callback, _ in waiting)


def _count_committed_change(using: str) -> None:
    generations = RegisterGeneration.objects.using(using)
    if not generations.update(value=F("value") + 1):  # the row is made by migration 0009
        generations.create(value=1)


# Action plans and activities: the plan page, the activity list and the calendar feeds.


def action_plan_detail_list(*, user=None) -> QuerySet[ActionPlan]:
    """Visible action plans with the case that decided them and the body that owns them."""
    return action_plan_visible_list(user=user).select_related("case", "case__municipality", "owner")


def plan_activities(plan: ActionPlan, *, today: date | None = None) -> QuerySet[Activity]:
    """A plan's activities in table order, with ``overdue``, their units and follow-up logs."""
    activities = activity_with_overdue(plan.activities.all(), today=today)
    return activities.prefetch_related("responsible", "follow_ups").order_by("position", "pk")


def activity_list(*, user=None, today: date | None = None) -> QuerySet[Activity]:
    """Visible activities across all plans with ``overdue``, plan and units, as the activity list
    shows them; the nearest deadline first, activities without one last."""
    activities = activity_with_overdue(activity_visible_list(user=user), today=today)
    return (
        activities.select_related("plan")
        .prefetch_related("responsible")
        .order_by(F("deadline").asc(nulls_last=True), "plan__title", "position", "pk")
    )


def activity_units_read(activities: list[Activity]) -> None:
    """Give each of ``activities`` (one page of a list) its responsible units as
    ``responsible_units``, ordered as units are, read in one narrow query. Prefetching them
    through the relation took 1.7 ms a page; this takes 0.5 ms, and on PostgreSQL its SQL is
    written once per process."""
    keys = [a.pk for a in activities]
    using = activities[0]._state.db if activities else DEFAULT_DB_ALIAS
    if connections[using].vendor == "postgresql":
        with prepared_reads():  # one plan for any keys
            found = _UNITS_AMONG_SQL.rows((), {"keys": keys}, using=using)
    else:
        found = _units_of(Activity.responsible.through.objects.using(using).filter(activity_id__in=keys))
    read: dict[int, list[Unit]] = {}
    for activity_pk, pk, abbreviation, name in found:
        read.setdefault(activity_pk, []).append(Unit(pk=pk, abbreviation=abbreviation, name=name))
    for activity in activities:
        activity.responsible_units = read.get(activity.pk, [])


def _units_of(pairs: QuerySet):
    """The (activity, unit, abbreviation, name) of ``pairs`` of activities and their units."""
    return pairs.order_by("unit__abbreviation").values_list(
        "activity_id", "unit_id", "unit__abbreviation", "unit__name"
    )


def _units_among(*, keys: str):
    pairs = Activity.responsible.through
    return _units_of(pairs.objects.filter(among_keys(pairs, keys, "activity_id")))


_UNITS_AMONG_SQL = KeptSql(_units_among)


# The rows of the lists' tables, by key. An activity table's row (jinja2/includes/activity_table.html)
# leaves the plan's and the activity's long texts unread; a case table's is a ``CaseRow``.
ACTIVITY_ROW_FIELDS = ("title", "deadline", "status", "responsible_text", "plan__title")


def activity_rows(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """``activities`` (with their plans) with what a row of an activity table shows. Their units
    are left to ``activity_units_read``."""
    return activities.select_related("plan").prefetch_related(None).only(*ACTIVITY_ROW_FIELDS)


def _case_rows_among(access: str, *, keys: str) -> QuerySet:
    cases = case_visible_list(access=access)
    return case_row_values(cases.filter(among_keys(Case, keys)))


def _activity_rows_among(access: str, *, today: date, keys: str) -> QuerySet[Activity]:
    activities = activity_with_overdue(activity_visible_list(access=access), today=today)
    return activity_rows(activities).filter(among_keys(Activity, keys))


_CASE_ROWS_AMONG_SQL = KeptSql(_case_rows_among)
_ACTIVITY_ROWS_AMONG_SQL = KeptSql(_activity_rows_among)


def in_key_order(keys: Sequence[int], rows) -> list:
    """Those of ``rows`` whose keys are among ``keys``, in the keys' order."""
    found = {row.pk: row for row in rows}
    return [found[key] for key in keys if key in found]


def case_rows_by_key(keys: Sequence[int], *, user=None, using: str = DEFAULT_DB_ALIAS) -> list[CaseRow]:
    """The table rows of the cases with ``keys`` that ``user`` may see, in the keys' order: a page
    of a list whose keys were found first. On PostgreSQL their SQL is written once per process
    (writing it took 0.7 ms a page)."""
    if connections[using].vendor == "postgresql":
        with prepared_reads():  # one plan for any keys
            values = _CASE_ROWS_AMONG_SQL.values((_access(user),), {"keys": list(keys)}, using=using)
        read = [CaseRow(*row) for row in values]
    else:
        read = case_rows(case_visible_list(user=user).using(using).filter(pk__in=keys))
    return in_key_order(keys, read)


def activity_rows_by_key(
    keys: Sequence[int], *, user=None, today: date | None = None, using: str = DEFAULT_DB_ALIAS
) -> list[Activity]:
    """The activities with ``keys`` that ``user`` may see, as ``activity_rows`` reads them with
    ``overdue`` on ``today``, in the keys' order, their SQL written once per process on
    PostgreSQL."""
    today = today or timezone.localdate()
    if connections[using].vendor == "postgresql":
        values = {"today": today, "keys": list(keys)}
        with prepared_reads():  # one plan for any keys and day
            read = _ACTIVITY_ROWS_AMONG_SQL.instances((_access(user),), values, using=using)
    else:
        activities = activity_with_overdue(activity_visible_list(user=user), today=today)
        read = activity_rows(activities).using(using).filter(pk__in=keys)
    return in_key_order(keys, read)


def activity_download_list(*, user=None, today: date | None = None) -> QuerySet[Activity]:
    """``activity_list`` with each plan's case and municipality, which the CSV names. The page
    leaves them unread: a case row is wide, and reading 25 of them cost the page 2 ms."""
    rows = activity_list(user=user, today=today).select_related("plan__case__municipality")
    return rows.defer("plan__case__search_vector")
