"""The register as one JSON document, per the contract in decisions/contracts/."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django.db.models import Prefetch
from django.utils import timezone

from . import selectors
from .models import Activity, Ballot, Case, ProposalAuthor, Reservation, StatementAuthor, Unit
from .parsing.actionplan import split_responsible
from .parsing.text import fold

# Unit names and abbreviations repeat row after row (a page, a download): each is folded once.
fold_name = lru_cache(maxsize=4096)(fold)

SCHEMA_PATH = Path(__file__).resolve().parent / "contracts" / "register-export.schema.json"
SCHEMA_ID = "register-export/1"


def export_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def register_export(*, include_confidential: bool = False) -> dict:
    """Every visible case with its parts, the people and the units. Confidential cases only on request."""
    cases = selectors.case_visible_list(include_confidential=include_confidential)
    return {
        "schema": SCHEMA_ID,
        "generated_at": timezone.now().isoformat(),
        "cases": [
            case_export(case) for case in _with_parts(cases).order_by("municipality__name", "date", "pk")
        ],
        "people": [
            {"name": person.name, "aliases": person.aliases}
            for person in selectors.person_visible_list(include_confidential=include_confidential).order_by(
                "name", "pk"
            )
        ],
        "units": [
            {
                "abbreviation": u.abbreviation,
                "name": u.name,
                "municipality": u.municipality.name if u.municipality else None,
            }
            for u in Unit.objects.select_related("municipality").order_by("abbreviation", "pk")
        ],
    }


def _with_parts(cases):
    return cases.select_related(
        "municipality", "body", "presenter", "presenter_party", "chair", "chair_party"
    ).prefetch_related(
        Prefetch("proposals__authors", queryset=ProposalAuthor.objects.select_related("person", "party")),
        Prefetch("statements__authors", queryset=StatementAuthor.objects.select_related("person", "party")),
        "statements__forum",
        Prefetch("reservations", queryset=Reservation.objects.select_related("person", "party")),
        "proceedings__body",
        "proceedings__document",
        Prefetch("votes__ballots", queryset=Ballot.objects.select_related("person", "party")),
        "documents",
        "attachments",
        "references",
        Prefetch(
            "action_plans__activities",
            queryset=Activity.objects.prefetch_related("responsible", "follow_ups"),
        ),
    )


def _actor(person, party, role=None) -> dict | None:
    if person is None:
        return None
    return {"name": person.name, "party": party.abbreviation if party else None, "role": role}


def case_export(case: Case) -> dict:
    """One case in the export's shape; indexes (refers_to, in_favour_of) point into its own lists."""
    proposals = list(case.proposals.all())
    statements = list(case.statements.all())
    return {
        "dnr": case.dnr or None,
        "dnr_parts": _dnr_parts(case),
        "title": case.title,
        "municipality": case.municipality.name,
        "body": case.body.name if case.body else None,
        "date": _date(case.date),
        "paragraph": case.paragraph or None,
        "status": case.status,
        "confidential": case.confidential,
        **({"secrecy_reference": case.secrecy_reference} if case.confidential else {}),
        "presenter": _actor(case.presenter, case.presenter_party, "föredragande"),
        "chair": _actor(case.chair, case.chair_party, "ordförande"),
        "decision": list(case.decision_points),
        "documents": [_document(d) for d in case.documents.all()],
        "proposals": [_proposal(p) for p in proposals],
        "statements": [_statement(s, statements) for s in statements],
        "reservations": [_reservation(r, proposals) for r in case.reservations.all()],
        "attachments": [{"title": a.title, "kind": a.kind} for a in case.attachments.all()],
        "references": [r.text for r in case.references.all()],
        "action_plans": [_plan(plan) for plan in case.action_plans.all()],
        "proceedings": [_proceeding(p) for p in case.proceedings.all()],
        "votes": [_vote(v) for v in case.votes.all()],
    }


def _vote(vote) -> dict:
    return {
        "question": vote.question or None,
        "yes_means": vote.yes_means,
        "no_means": vote.no_means,
        "yes": vote.yes,
        "no": vote.no,
        "abstain": vote.abstain,
        "result": vote.result or None,
        "ballots": [
            {"name": b.person.name, "party": b.party.abbreviation if b.party else None, "vote": b.choice}
            for b in vote.ballots.all()
        ],
    }


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _dnr_parts(case: Case) -> dict | None:
    if not case.dnr:
        return None
    return {
        "series": case.dnr_series or None,
        "year": case.dnr_year,
        "serial": case.dnr_serial,
        "classification": case.dnr_classification or None,
    }


def _document(document) -> dict:
    return {
        "filename": document.filename,
        "sha256": document.sha256,
        "kind": document.kind,
        "date": _date(document.date),
        "is_ocr": document.is_ocr,
    }


def _proposal(proposal) -> dict:
    return {
        "kind": proposal.kind,
        "origin": proposal.origin or None,
        "authors": [_actor(a.person, a.party, a.role) for a in proposal.authors.all()],
        "points": list(proposal.points),
        "outcome": proposal.outcome,
    }


def _statement(statement, statements) -> dict:
    refers_to = statement.refers_to_id
    return {
        "kind": statement.kind,
        "label": statement.label or None,
        "forum": statement.forum.name if statement.forum else None,
        "authors": [_actor(a.person, a.party, a.title or None) for a in statement.authors.all()],
        "text": statement.text,
        "refers_to": next((i for i, s in enumerate(statements) if s.pk == refers_to), None),
    }


def _reservation(reservation, proposals) -> dict:
    target = reservation.in_favour_of_id
    return {
        "name": reservation.person.name,
        "party": reservation.party.abbreviation if reservation.party else None,
        "in_favour_of": next((i for i, p in enumerate(proposals) if p.pk == target), None),
        "reason": reservation.reason or None,
    }


def _plan(plan) -> dict:
    return {
        "title": plan.title,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "activities": [_activity(a) for a in plan.activities.all()],
    }


def _activity(activity) -> dict:
    follow_ups = list(activity.follow_ups.all())
    return {
        "focus_area": activity.focus_area,
        "activity": activity.title,
        "implementation": activity.implementation or None,
        "responsible": activity_responsible(activity),
        "deadline": _date(activity.deadline),
        "status": activity.status,
        "follow_up": follow_ups[-1].text if follow_ups else None,
    }


def activity_responsible(activity, units=None) -> list[str]:
    """Who is responsible, in the source's order: a unit by its abbreviation, any other name
    ("Trygghetssamordnaren") as written. ``units`` are the activity's units when already read."""
    known = {}
    for unit in activity.responsible.all() if units is None else units:
        known[fold_name(unit.abbreviation)] = known[fold_name(unit.name)] = unit.abbreviation
    names = split_responsible(activity.responsible_text)
    return [known.get(fold_name(name), name) for name in names]


def _proceeding(proceeding) -> dict:
    return {
        "body": proceeding.body.name if proceeding.body else None,
        "date": _date(proceeding.date),
        "paragraph": proceeding.paragraph or None,
        "decision": list(proceeding.decision_points),
        "outcome": proceeding.outcome,
        "document": proceeding.document.filename if proceeding.document else None,
    }
