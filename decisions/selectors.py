"""Reads shared by views, exports and feeds. The visibility rule lives here, once.

Every read of cases starts from ``case_visible_list``; people, action plans and activities are
visible through the cases they appear in, so a confidential case never leaks through them.
"""

import json
import re
from datetime import date, timedelta

from django.db import connections
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import dnr as dnr_parser
from .models import (
    ActionPlan,
    Activity,
    Attachment,
    Ballot,
    Case,
    Party,
    Person,
    Proceeding,
    Proposal,
    ProposalAuthor,
    Reference,
    Reservation,
    SourceDocument,
    Statement,
    StatementAuthor,
)

CONFIDENTIAL_PERMISSION = "decisions.view_confidential_case"
OPEN_ACTIVITY_STATUSES = (Activity.Status.PLANNED, Activity.Status.ONGOING)
MAX_SEARCH_TERMS = 8


def can_see_confidential(user) -> bool:
    """Whether ``user`` may see confidential (OSL) cases. Anonymous users never may."""
    return bool(user and user.is_authenticated and user.has_perm(CONFIDENTIAL_PERMISSION))


def case_visible_list(*, user=None, include_confidential: bool = False) -> QuerySet[Case]:
    """Every case the reader may see. For anyone without the right, confidential cases do not exist."""
    cases = Case.objects.all()
    if include_confidential or can_see_confidential(user):
        return cases
    return cases.filter(confidential=False)


def action_plan_visible_list(*, user=None) -> QuerySet[ActionPlan]:
    """Action plans of visible cases."""
    return ActionPlan.objects.filter(case__in=case_visible_list(user=user))


def activity_visible_list(*, user=None) -> QuerySet[Activity]:
    """Activities of visible cases' action plans."""
    return Activity.objects.filter(plan__case__in=case_visible_list(user=user))


# People and parties: seen through their appearances in visible cases.


# Where a person or party can appear in a case, and the path from that row to its case.
_APPEARANCE_CASE = {ProposalAuthor: "proposal__case", StatementAuthor: "statement__case", Reservation: "case"}


def _appearances(cases: QuerySet[Case] | None = None, **where) -> list[QuerySet]:
    """The appearance rows (author, statement author, reservation) matching ``where``, in ``cases``."""
    rows = []
    for model, case_path in _APPEARANCE_CASE.items():
        found = model.objects.filter(**where)
        rows.append(found if cases is None else found.filter(**{f"{case_path}__in": cases}))
    return rows


def _case_ids(rows: QuerySet) -> QuerySet:
    return rows.values(f"{_APPEARANCE_CASE[rows.model]}_id")


def person_visible_list(*, user=None) -> QuerySet[Person]:
    """People who appear in at least one visible case (as author, reservant, presenter or chair)."""
    cases = case_visible_list(user=user)
    seen = Q(pk__in=cases.values("presenter_id")) | Q(pk__in=cases.values("chair_id"))
    for rows in _appearances(cases):
        seen |= Q(pk__in=rows.values("person_id"))
    return Person.objects.filter(seen)


def _count_by_person(rows: QuerySet) -> Coalesce:
    """A correlated count of ``rows`` per person, for annotating a person list."""
    counted = rows.filter(person_id=OuterRef("pk")).order_by().values("person_id")
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")), 0)


def person_list_with_counts(*, user=None, name: str = "") -> QuerySet[Person]:
    """Visible people, optionally searched by name, each with how often they appear."""
    cases = case_visible_list(user=user)
    proposals, statements, reservations = _appearances(cases)
    people = person_visible_list(user=user)
    if name:
        people = people.filter(Q(name__icontains=name) | Q(key__icontains=name))
    return people.annotate(
        proposal_count=_count_by_person(proposals),
        statement_count=_count_by_person(statements),
        reservation_count=_count_by_person(reservations),
    ).order_by("name", "pk")


def person_appearances(person: Person, *, user=None) -> dict[str, QuerySet]:
    """Every visible appearance of ``person``, each with the party at the time and its case."""
    cases = case_visible_list(user=user)
    proposals, statements, reservations = _appearances(cases, person=person)
    return {
        "proposal_roles": proposals.select_related("party", "proposal__case").order_by(
            "-proposal__case__date", "pk"
        ),
        "statement_roles": statements.select_related("party", "statement__case", "statement__forum").order_by(
            "-statement__case__date", "pk"
        ),
        "reservations": reservations.select_related("party", "case").order_by("-case__date", "pk"),
        "presented_cases": cases.filter(presenter=person).select_related("presenter_party", "body"),
        "chaired_cases": cases.filter(chair=person).select_related("chair_party", "body"),
        "ballots": Ballot.objects.filter(person=person, vote__case__in=cases)
        .select_related("party", "vote__case")
        .order_by("-vote__case__date", "pk"),
    }


def case_person_q(person) -> Q:
    """Cases where ``person`` proposed, stated, reserved, presented or chaired."""
    q = Q(presenter=person) | Q(chair=person)
    for rows in _appearances(person=person):
        q |= Q(pk__in=_case_ids(rows))
    return q


def case_party_q(party) -> Q:
    """Cases where ``party`` appears: any author, statement author, reservation, presenter or chair."""
    q = Q(presenter_party=party) | Q(chair_party=party)
    for rows in _appearances(party=party):
        q |= Q(pk__in=_case_ids(rows))
    return q


def party_members(party: Party, *, user=None) -> QuerySet[Person]:
    """People seen with ``party`` in visible cases."""
    cases = case_visible_list(user=user)
    seen = Q(pk__in=cases.filter(presenter_party=party).values("presenter_id"))
    seen |= Q(pk__in=cases.filter(chair_party=party).values("chair_id"))
    for rows in _appearances(cases, party=party):
        seen |= Q(pk__in=rows.values("person_id"))
    return Person.objects.filter(seen).order_by("name", "pk")


# Cases: detail, Dnr look-up and free-text search.


def case_detail_list(*, user=None) -> QuerySet[Case]:
    """Visible cases with everything the case page shows, in a constant number of queries."""
    authors = ProposalAuthor.objects.select_related("person", "party")
    return (
        case_visible_list(user=user)
        .select_related(
            "municipality", "body", "preparing_body", "presenter", "presenter_party", "chair", "chair_party"
        )
        .prefetch_related(
            Prefetch("proposals", queryset=Proposal.objects.prefetch_related(Prefetch("authors", authors))),
            Prefetch(
                "statements",
                queryset=Statement.objects.select_related("forum").prefetch_related(
                    Prefetch("authors", StatementAuthor.objects.select_related("person", "party"))
                ),
            ),
            Prefetch(
                "reservations",
                queryset=Reservation.objects.select_related("person", "party", "in_favour_of"),
            ),
            Prefetch("proceedings", queryset=Proceeding.objects.select_related("body")),
            Prefetch("votes__ballots", queryset=Ballot.objects.select_related("person", "party")),
            "attachments",
            Prefetch("references", queryset=Reference.objects.select_related("target")),
            Prefetch("documents", queryset=SourceDocument.objects.order_by("date", "filename", "pk")),
            "action_plans",
        )
    )


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


def case_search(cases: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Cases matching the free text ``text``: Swedish full text on PostgreSQL, words elsewhere."""
    text = " ".join(text.split())
    if not text:
        return cases
    if connections[cases.db].vendor == "postgresql":
        return _case_search_postgres(cases, text)
    words = search_words(text)
    dnr_q = case_dnr_q(text)
    if not words:
        return cases.filter(dnr_q) if dnr_q else cases.none()
    matched = Q()
    for variants in words:
        matched &= _any_q(variants)
    return cases.filter(matched | dnr_q if dnr_q else matched)


def _any_q(variants: set[str]) -> Q:
    """Cases containing any of ``variants`` in a field of their own or in a related text."""
    # JSON is stored with \\u escapes on SQLite, so look for the escaped spellings too.
    escaped = {json.dumps(v)[1:-1] for v in variants}
    found = _contains_any(["title", "dnr", "summary"], variants)
    found |= _contains_any(["decision_points"], variants | escaped)
    related = [
        Statement.objects.filter(_contains_any(["text"], variants)).values("case_id"),
        Reservation.objects.filter(_contains_any(["reason"], variants)).values("case_id"),
        SourceDocument.cases.through.objects.filter(_contains_any(["sourcedocument__text"], variants)).values(
            "case_id"
        ),
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
    off), in the case typed, lower case and capitalised, and without diacritics (OCR lost them)."""
    words = []
    for word in re.findall(r"\w+", text)[:MAX_SEARCH_TERMS]:
        lower = word.lower()
        cut = next(
            (len(e) for e in SWEDISH_ENDINGS if lower.endswith(e) and len(lower) - len(e) >= SHORTEST_STEM), 0
        )
        stem = word[: len(word) - cut]
        words.append({stem, stem.lower(), stem.capitalize(), stem.lower().translate(WITHOUT_DIACRITICS)})
    return words


def swedish_prefix_query(text: str) -> str:
    """A raw tsquery for ``text``: every word as a prefix, all words required. Only word
    characters reach the query, so it is always valid."""
    clauses = []
    for variants in search_words(text):
        prefixes = sorted({f"{v.lower()}:*" for v in variants})
        clauses.append("(" + " | ".join(prefixes) + ")")
    return " & ".join(clauses)


def _case_search_postgres(cases: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Swedish full-text search, ranked; the vectors are computed at query time for now."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
    from django.db.models import TextField
    from django.db.models.functions import Cast

    dnr_q = case_dnr_q(text)
    raw = swedish_prefix_query(text)
    if not raw:
        return cases.filter(dnr_q) if dnr_q else cases.none()
    query = SearchQuery(raw, config="swedish", search_type="raw")
    own = SearchVector("title", "dnr", weight="A", config="swedish") + SearchVector(
        "summary", Cast("decision_points", TextField()), weight="B", config="swedish"
    )
    document_rank = (
        SourceDocument.objects.filter(cases=OuterRef("pk"))
        .annotate(rank=SearchRank(SearchVector("text", weight="D", config="swedish"), query))
        .order_by("-rank")
        .values("rank")[:1]
    )
    matched = Q(search=query)
    for model, field in [(Statement, "text"), (Reservation, "reason")]:
        rows = model.objects.annotate(v=SearchVector(field, config="swedish")).filter(v=query)
        matched |= Q(pk__in=rows.values("case_id"))
    documents = SourceDocument.objects.annotate(v=SearchVector("text", config="swedish")).filter(v=query)
    matched |= Q(pk__in=documents.values("cases"))
    return (
        cases.annotate(search=own)
        .filter(matched | dnr_q if dnr_q else matched)
        .annotate(rank=SearchRank(own, query) + Coalesce(Subquery(document_rank), 0.0))
        .order_by("-rank", F("date").desc(nulls_last=True), "-pk")
    )


# Home page and follow-up of action plans.


def overdue_q(today: date) -> Q:
    """Activities past their deadline that are neither done nor cancelled (``Activity.is_overdue``)."""
    return Q(deadline__lt=today, status__in=OPEN_ACTIVITY_STATUSES)


def activity_with_overdue(activities: QuerySet[Activity], *, today: date | None = None) -> QuerySet:
    """``activities`` annotated with ``overdue``, computed in the query."""
    today = today or timezone.localdate()
    return activities.annotate(overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()))


def activity_due_list(*, user=None, today: date | None = None, days: int = 60) -> QuerySet[Activity]:
    """Open activities of visible plans due from ``today`` to ``days`` days ahead, soonest first."""
    today = today or timezone.localdate()
    due = activity_visible_list(user=user).filter(
        status__in=OPEN_ACTIVITY_STATUSES, deadline__gte=today, deadline__lte=today + timedelta(days=days)
    )
    return due.select_related("plan").order_by("deadline", "pk")


def activity_overdue_list(*, user=None, today: date | None = None) -> QuerySet[Activity]:
    """Visible activities that are overdue, the longest overdue first."""
    today = today or timezone.localdate()
    overdue = activity_visible_list(user=user).filter(overdue_q(today))
    return overdue.select_related("plan").order_by("deadline", "pk")


def register_counts(*, user=None) -> dict[str, int]:
    """How many cases, people and action plans the reader can see."""
    return {
        "case_count": case_visible_list(user=user).count(),
        "person_count": person_visible_list(user=user).count(),
        "action_plan_count": action_plan_visible_list(user=user).count(),
    }
