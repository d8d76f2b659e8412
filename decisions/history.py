"""Reads of the change history (django-simple-history): a case's history page, and the version an
edit form was read at.

A case's history gathers the records of the case and of every row that belongs to it, deleted rows
too, in a fixed number of queries; the old and new values of each change come from comparing a
record with the one before it for the same row (``diff_against``), so no record is read twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import (
    ActionPlan,
    Activity,
    Attachment,
    Ballot,
    Case,
    FollowUp,
    Proceeding,
    Proposal,
    ProposalAuthor,
    Reference,
    Reservation,
    Statement,
    StatementAuthor,
    Vote,
)

# The fields that name a row of each model on the history page, the first one filled in wins. Rows
# named by a person are labelled through the batch of related objects, so naming costs no query.
LABEL_FIELDS = {
    Case: ("title",),
    Proposal: ("origin", "kind"),
    ProposalAuthor: ("person",),
    Statement: ("label", "kind"),
    StatementAuthor: ("person",),
    Reservation: ("person",),
    Attachment: ("title",),
    Proceeding: ("paragraph", "date"),
    Reference: ("text",),
    Vote: ("question", "yes_means"),
    Ballot: ("person",),
    ActionPlan: ("title",),
    Activity: ("title",),
    FollowUp: ("date",),
}
# A new row is shown by what it says, not by where it sits: its place in the source text and the
# row it belongs to (the page is that row's history) are left out; later changes to them still show.
NOT_SHOWN_ON_CREATE = {
    "document",
    "span_start",
    "span_end",
    "position",
    "case",
    "plan",
    "proposal",
    "statement",
    "vote",
    "activity",
}
ACTIONS = {"+": _("skapad"), "~": _("ändrad"), "-": _("borttagen")}
EMPTY = "–"


@dataclass
class Change:
    """One field of one record: its label, the value before and the value after."""

    field: str
    old: str
    new: str


@dataclass
class Entry:
    """One saved version of a case or one of its rows, and the version of that row before it."""

    record: object
    previous: object | None
    model: type
    changes: list[Change] = field(default_factory=list)
    label: str = ""

    @property
    def action(self) -> str:
        return ACTIONS.get(self.record.history_type, self.record.history_type)

    @property
    def kind(self) -> str:
        return self.model._meta.verbose_name

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name

    @property
    def user(self) -> str:
        return user_label(self.record.history_user)


def user_label(user) -> str:
    """A person's name when the account has one, else the user name; commands save with no user."""
    if user is None:
        return EMPTY
    return user.get_full_name() or user.get_username()


def _case_histories(case_pk: int) -> list[QuerySet]:
    """The history of a case and of every row under it, as one query each."""
    proposals = Proposal.history.filter(case_id=case_pk)
    statements = Statement.history.filter(case_id=case_pk)
    votes = Vote.history.filter(case_id=case_pk)
    plans = ActionPlan.history.filter(case_id=case_pk)
    activities = Activity.history.filter(plan_id__in=plans.values("id"))
    return [
        Case.history.filter(id=case_pk),
        proposals,
        ProposalAuthor.history.filter(proposal_id__in=proposals.values("id")),
        statements,
        StatementAuthor.history.filter(statement_id__in=statements.values("id")),
        Reservation.history.filter(case_id=case_pk),
        Attachment.history.filter(case_id=case_pk),
        Proceeding.history.filter(case_id=case_pk),
        Reference.history.filter(case_id=case_pk),
        votes,
        Ballot.history.filter(vote_id__in=votes.values("id")),
        plans,
        activities,
        FollowUp.history.filter(activity_id__in=activities.values("id")),
    ]


def case_history(case: Case) -> list[Entry]:
    """Every saved version of ``case`` and its rows, the newest first, without their changes yet."""
    entries = []
    for records in _case_histories(case.pk):
        previous: dict[int, object] = {}
        model = records.model.instance_type
        for record in records.select_related("history_user").order_by("id", "history_id"):
            entries.append(Entry(record=record, previous=previous.get(record.id), model=model))
            previous[record.id] = record
    entries.sort(key=lambda e: (e.record.history_date, e.record.history_id), reverse=True)
    return entries


def entries_explain(entries: list[Entry]) -> list[Entry]:
    """Fill in each entry's label and field changes, naming related rows with one query per model."""
    wanted: dict[type, set] = {}
    raw = [_raw_changes(entry) for entry in entries]
    for entry, changes in zip(entries, raw, strict=True):
        for name, old, new in changes:
            _want(wanted, entry.model, name, old, new)
        _want(wanted, entry.model, *label_value(entry.record, entry.model))
    labels = _related_labels(wanted)
    for entry, changes in zip(entries, raw, strict=True):
        entry.label = display(entry.model, *label_value(entry.record, entry.model), labels)
        entry.changes = [_change(entry.model, name, old, new, labels) for name, old, new in changes]
    return entries


def label_value(row, model) -> tuple[str, object]:
    """The naming field of ``row`` (a history record or a row of ``model``) and its stored value."""
    name = value = None
    for name in LABEL_FIELDS[model]:
        value = getattr(row, model._meta.get_field(name).attname)
        if not is_empty(value):
            break
    return name, value


def _raw_changes(entry: Entry) -> list[tuple]:
    """(field name, old, new) for what this version changed; a new row shows what it was given."""
    if entry.record.history_type == "-":
        return []
    fields = tracked_fields(entry.model)
    if entry.previous is None:
        given = _values(entry.record, [name for name in fields if name not in NOT_SHOWN_ON_CREATE])
        return [(name, None, new) for name, new in given if not is_empty(new)]
    delta = entry.record.diff_against(entry.previous, included_fields=fields)
    return [(change.field, change.old, change.new) for change in delta.changes]


def tracked_fields(model) -> list[str]:
    """The fields a person edits or the import sets: not the ids and timestamps the database keeps,
    nor many-to-many fields, whose history would cost a query per record."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and not f.auto_created and f.name not in ("updated_at",)
    ]


def _values(record, fields: list[str]):
    for name in fields:
        yield name, getattr(record, record._meta.get_field(name).attname)


def is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _want(wanted: dict, model, name: str, *values) -> None:
    model_field = model._meta.get_field(name)
    if model_field.is_relation:
        wanted.setdefault(model_field.related_model, set()).update(v for v in values if v is not None)


def _related_labels(wanted: dict[type, set]) -> dict[tuple, str]:
    labels = {}
    for model, pks in wanted.items():
        for pk, obj in model.objects.in_bulk(list(pks)).items():
            labels[(model, pk)] = object_label(obj)
    return labels


def object_label(obj) -> str:
    """How a related row reads: its naming field when that is plain text, else its own str()."""
    if type(obj) not in LABEL_FIELDS:
        return str(obj)
    name, value = label_value(obj, type(obj))
    if obj._meta.get_field(name).is_relation:
        return str(obj)
    return display(type(obj), name, value, {})


def _change(model, name: str, old, new, labels: dict) -> Change:
    verbose = str(model._meta.get_field(name).verbose_name)
    return Change(field=verbose, old=display(model, name, old, labels), new=display(model, name, new, labels))


def display(model, name: str, value, labels: dict) -> str:
    """A stored value as a reader would say it: choice labels, related rows by name, ja/nej."""
    model_field = model._meta.get_field(name)
    if is_empty(value):
        return EMPTY
    if model_field.is_relation:
        return labels.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("ja") if value else _("nej"))
    if isinstance(value, list):
        return "; ".join(_list_item(item) for item in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _list_item(item) -> str:
    if isinstance(item, dict):
        return ", ".join(f"{k}: {v}" for k, v in item.items())
    return str(item)


# Versions of a row for edit forms: the latest history record's id, which every save moves on.


def latest_version(obj) -> int | None:
    """The id of the newest history record of ``obj``, or None when it has none."""
    return obj.history.order_by("-history_id").values_list("history_id", flat=True).first()


@dataclass
class Conflict:
    """What others saved after an edit form was read: who, when, and each field with its value now."""

    user: str
    date: object
    changes: list[Change]


def changes_since(obj, version: str) -> Conflict:
    """What changed in ``obj`` since the history record ``version``; no fields when that record is
    unknown (a form from another row, or a made-up version)."""
    latest = obj.history.select_related("history_user").order_by("-history_id").first()
    if latest is None:  # a row saved without history (raw SQL): nothing to tell
        return Conflict(user=EMPTY, date=None, changes=[])
    known = version.isascii() and version.isdigit() and len(version) < 19
    read_at = obj.history.filter(history_id=int(version)).first() if known else None
    conflict = Conflict(user=user_label(latest.history_user), date=latest.history_date, changes=[])
    if read_at is not None:
        entry = Entry(record=latest, previous=read_at, model=type(obj))
        conflict.changes = entries_explain([entry])[0].changes
    return conflict
