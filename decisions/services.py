"""Writes: parsed documents resolved and saved, one transaction each, every change in the history."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone, translation

from . import dnr as dnr_parser
from .models import (
    ActionPlan,
    Activity,
    Attachment,
    Ballot,
    Case,
    FollowUp,
    Municipality,
    Proceeding,
    Proposal,
    ProposalAuthor,
    Reference,
    Reservation,
    SourceDocument,
    Statement,
    StatementAuthor,
    Vote,
)
from .parsing import ParseError, parse_document, read_text
from .parsing.types import (
    Actor,
    ParsedActionPlan,
    ParsedCase,
    ParsedDocument,
    ParsedProposal,
    ParsedStatement,
)
from .resolve import Resolver


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the cases it touched, and whether the document was new."""

    document: SourceDocument
    cases: list[Case]
    created: bool


@transaction.atomic
def document_import(
    *, path: Path, operator: str = "import_document", municipality: str | None = None
) -> ImportResult:
    """Import one document file: parse, resolve and save it, or raise ParseError with nothing written."""
    data = path.read_bytes()
    text = read_text(data, filename=path.name)
    existing = SourceDocument.objects.filter(sha256=_sha256(data)).first()
    if existing:
        return ImportResult(document=existing, cases=list(existing.cases.all()), created=False)
    parsed = parse_document(text, filename=path.name)
    return document_save(parsed=parsed, text=text, operator=operator, municipality=municipality)


@transaction.atomic
def document_save(
    *, parsed: ParsedDocument, text: str, operator: str = "import_document", municipality: str | None = None
) -> ImportResult:
    """Save a parsed document: a case per parsed case (added to the existing case with its Dnr)."""
    resolver = Resolver(reason=f"{operator}: {parsed.filename}")
    town_name = municipality or parsed.municipality
    if not town_name:
        raise ParseError(
            "kan inte avgöra vilken kommun dokumentet gäller; ange kommunen med --municipality",
            filename=parsed.filename,
            line=1,
        )
    town = resolver.municipality(town_name)
    document = resolver.save(
        SourceDocument(
            filename=parsed.filename,
            sha256=_sha256(text.encode("utf-8")),
            kind=parsed.kind if parsed.kind in SourceDocument.Kind.values else SourceDocument.Kind.OTHER,
            date=parsed.date,
            text=text,
            is_ocr=parsed.is_ocr,
        )
    )
    for unit in parsed.units:
        resolver.unit(town, unit.abbreviation, unit.name)
    cases = [
        case for parsed_case in parsed.cases for case in _case_save(resolver, town, document, parsed_case)
    ]
    reference_relink(reason=resolver.reason)
    return ImportResult(document=document, cases=cases, created=True)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _case_save(
    resolver: Resolver, town: Municipality, document: SourceDocument, parsed: ParsedCase
) -> list[Case]:
    """The case under the paragraph's Dnr gets the handling with all it holds; any further Dnr the
    paragraph names as its own get the handling too, so each case shows it."""
    dnrs = list(getattr(parsed, "dnrs", ())) or [parsed.dnr or ""]
    cases = [_case_get(resolver, town, parsed, dnr) for dnr in dnrs]
    proceedings = [_proceeding_save(resolver, town, case, document, parsed) for case in cases]
    _children_save(resolver, town, cases[0], document, parsed)
    _votes_save(resolver, cases[0], proceedings[0], document, parsed)
    return cases


def _case_get(resolver: Resolver, town: Municipality, parsed: ParsedCase, dnr: str) -> Case:
    """The case with this Dnr in the municipality, or a new one; its state follows its latest handling."""
    case = _case_find(town, dnr) or Case(municipality=town, title=parsed.title, dnr=dnr)
    if _is_latest(case, parsed):
        _case_fill(resolver, town, case, parsed)
    return resolver.save(case)


def _proceeding_save(
    resolver: Resolver, town: Municipality, case: Case, document: SourceDocument, parsed: ParsedCase
) -> Proceeding:
    """Record this handling of the case, with any OCR repairs made while reading it."""
    document.cases.add(case)
    outcome = parsed.status if parsed.status in Proceeding.Outcome.values else Proceeding.Outcome.DECIDED
    return resolver.save(
        Proceeding(
            case=case,
            body=resolver.body(town, parsed.body),
            date=parsed.date,
            paragraph=parsed.paragraph or "",
            decision_points=list(parsed.decision_points),
            outcome=outcome,
            document=document,
            repairs=[{"original": old, "repaired": new} for old, new in getattr(parsed, "repairs", ())],
        )
    )


def _votes_save(
    resolver: Resolver, case: Case, proceeding: Proceeding, document: SourceDocument, parsed: ParsedCase
) -> None:
    """Each votering with its ballots; a member named twice in one vote keeps the first ballot."""
    first = case.votes.count()
    for index, vote in enumerate(parsed.votes):
        row = resolver.save(
            Vote(
                case=case,
                proceeding=proceeding,
                question=vote.question or "",
                yes_means=vote.yes_means,
                no_means=vote.no_means,
                yes=vote.yes,
                no=vote.no,
                abstain=vote.abstain,
                result=vote.result or "",
                mismatch=getattr(vote, "mismatch", None) or "",
                **_extracted(document, vote.span, first + index),
            )
        )
        _ballots_save(resolver, row, vote.ballots)


def _ballots_save(resolver: Resolver, vote: Vote, ballots) -> None:
    seen: set[int] = set()
    for position, ballot in enumerate(ballots):
        person = resolver.person(ballot.person.name)
        if person.pk not in seen:
            seen.add(person.pk)
            resolver.save(
                Ballot(
                    vote=vote,
                    person=person,
                    party=resolver.party(ballot.person.party),
                    choice=ballot.vote,
                    position=position,
                )
            )


def _case_find(town: Municipality, dnr: str) -> Case | None:
    if not dnr:
        return None
    return Case.objects.filter(municipality=town, dnr_key=dnr_parser.normalize_dnr(dnr)).first()


def _is_latest(case: Case, parsed: ParsedCase) -> bool:
    """A handling older than the one the case shows does not overwrite the case's current state."""
    return case.pk is None or case.date is None or (parsed.date is not None and parsed.date >= case.date)


def _case_fill(resolver: Resolver, town: Municipality, case: Case, parsed: ParsedCase) -> None:
    """Set the case-level fields from its latest handling."""
    case.title = parsed.title or case.title
    case.kind = parsed.kind if parsed.kind in Case.Kind.values else Case.Kind.OTHER
    case.status = parsed.status if parsed.status in Case.Status.values else Case.Status.RECEIVED
    case.body = resolver.body(town, parsed.body) or case.body
    case.preparing_body = resolver.body(town, parsed.preparing_body) or case.preparing_body
    case.date = parsed.date or case.date
    case.paragraph = parsed.paragraph or case.paragraph
    case.decision_points = list(parsed.decision_points) or case.decision_points
    case.immediate_adjustment = parsed.immediate_adjustment
    case.summary = parsed.summary or case.summary
    if parsed.presenter:
        case.presenter = resolver.person(parsed.presenter.name)
        case.presenter_party = resolver.party(parsed.presenter.party)
    if parsed.chair:
        case.chair = resolver.person(parsed.chair.name)
        case.chair_party = resolver.party(parsed.chair.party)


def _children_save(
    resolver: Resolver, town: Municipality, case: Case, document: SourceDocument, parsed: ParsedCase
) -> None:
    offset = _next_position(case)
    proposals = [
        _proposal_save(resolver, case, document, p, offset + i) for i, p in enumerate(parsed.proposals)
    ]
    _statements_save(resolver, town, case, document, parsed.statements, offset)
    for i, reservation in enumerate(parsed.reservations):
        target = reservation.in_favour_of
        resolver.save(
            Reservation(
                case=case,
                person=resolver.person(reservation.person.name),
                party=resolver.party(reservation.person.party),
                in_favour_of=proposals[target] if target is not None and target < len(proposals) else None,
                in_favour_text=reservation.in_favour_text or "",
                reason=reservation.reason or "",
                **_extracted(document, reservation.span, offset + i),
            )
        )
    for plan in parsed.action_plans:
        _action_plan_save(resolver, town, case, document, plan)
    _listed_save(resolver, case, document, parsed, offset)


def _next_position(case: Case) -> int:
    """Items from a later document follow those already recorded for the case."""
    return max(case.proposals.count(), case.statements.count(), case.reservations.count())


def _extracted(document: SourceDocument, span: tuple[int, int], position: int) -> dict:
    return {"document": document, "span_start": span[0], "span_end": span[1], "position": position}


def _proposal_save(
    resolver: Resolver, case: Case, document: SourceDocument, parsed: ParsedProposal, position: int
) -> Proposal:
    proposal = resolver.save(
        Proposal(
            case=case,
            kind=parsed.kind if parsed.kind in Proposal.Kind.values else Proposal.Kind.PROPOSAL,
            origin=parsed.origin or "",
            points=list(parsed.points),
            text=parsed.text,
            outcome=parsed.outcome if parsed.outcome in Proposal.Outcome.values else Proposal.Outcome.UNKNOWN,
            **_extracted(document, parsed.span, position),
        )
    )
    people = [(a, ProposalAuthor.Role.AUTHOR) for a in parsed.authors]
    people += [(s, ProposalAuthor.Role.SUPPORTER) for s in parsed.supporters]
    for index, (actor, role) in enumerate(people):
        resolver.save(
            ProposalAuthor(
                proposal=proposal,
                person=resolver.person(actor.name),
                party=resolver.party(actor.party),
                role=role,
                title=_title(actor),
                position=index,
            )
        )
    return proposal


def _title(actor: Actor) -> str:
    return actor.role if actor.role and actor.role not in {"author", "supporter"} else ""


def _statements_save(
    resolver: Resolver,
    town: Municipality,
    case: Case,
    document: SourceDocument,
    parsed: tuple[ParsedStatement, ...],
    offset: int,
) -> None:
    saved: list[Statement] = []
    for i, statement in enumerate(parsed):
        refers_to = saved[statement.refers_to] if statement.refers_to is not None else None
        row = resolver.save(
            Statement(
                case=case,
                kind=statement.kind,
                label=statement.label,
                forum=resolver.body(town, statement.forum),
                text=statement.text,
                refers_to=refers_to,
                **_extracted(document, statement.span, offset + i),
            )
        )
        for index, actor in enumerate(statement.authors):
            resolver.save(
                StatementAuthor(
                    statement=row,
                    person=resolver.person(actor.name),
                    party=resolver.party(actor.party),
                    title=_title(actor),
                    position=index,
                )
            )
        saved.append(row)


def _action_plan_save(
    resolver: Resolver, town: Municipality, case: Case, document: SourceDocument, parsed: ParsedActionPlan
) -> None:
    plan = resolver.save(
        ActionPlan(
            case=case,
            title=parsed.title,
            owner=case.body,
            period_start=parsed.period_start,
            period_end=parsed.period_end,
            purpose=parsed.purpose or "",
            goal=parsed.goal or "",
        )
    )
    for item in parsed.activities:
        activity = resolver.save(
            Activity(
                plan=plan,
                focus_area=item.focus_area,
                title=item.title,
                implementation=item.implementation or "",
                responsible_text=item.responsible_text,
                deadline=item.deadline,
                status=Activity.Status.DONE if item.done and not item.deadline else Activity.Status.PLANNED,
                **_extracted(document, item.span, item.position),
            )
        )
        units = [resolver.known_unit(town, name) for name in item.responsible]
        activity.responsible.set([unit for unit in units if unit])
        if item.follow_up:
            resolver.save(
                FollowUp(
                    activity=activity,
                    date=case.date or document.imported_at.date(),
                    author=resolver.reason,
                    text=item.follow_up,
                )
            )


def _listed_save(
    resolver: Resolver, case: Case, document: SourceDocument, parsed: ParsedCase, offset: int
) -> None:
    listed = [(a.title, a.kind, "", None, a.span) for a in parsed.attachments]
    listed += [
        (_enclosure_title(e.kind, e.author), e.kind, e.author or "", e.date, e.span)
        for e in parsed.enclosures
    ]
    for i, (title, kind, author, date, span) in enumerate(listed):
        resolver.save(
            Attachment(
                case=case,
                title=title,
                kind=kind if kind in Attachment.Kind.values else Attachment.Kind.DOCUMENT,
                author=author,
                date=date,
                **_extracted(document, span, offset + i),
            )
        )
    for i, reference in enumerate(parsed.references):
        resolver.save(Reference(case=case, text=reference.text, **_extracted(document, reference.span, i)))


def _enclosure_title(kind: str, author: str | None) -> str:
    """ "Stadsledningskontorets tjänsteutlåtande", or the kind alone when no office is named."""
    if not author:
        return kind.capitalize()
    return f"{author}{'' if author.endswith('s') else 's'} {kind}"


def reference_relink(*, reason: str = "reference_relink") -> int:
    """Link cited Dnr to the cases they name, now that more cases may be in the register."""
    linked = 0
    for reference in Reference.objects.filter(target__isnull=True).select_related("case"):
        target = (
            Case.objects.filter(dnr_key=reference.key, municipality=reference.case.municipality_id).first()
            or Case.objects.filter(dnr_key=reference.key).first()
        )
        if target and target != reference.case:
            reference.target = target
            reference._change_reason = reason
            reference.save(update_fields=["target"])
            linked += 1
    return linked


# Following up action plans: status changes and the follow-up log, each change in the history.

REASON_STATUS = "Status ändrad: {old} → {new}"
REASON_FOLLOW_UP = "Uppföljning tillagd"
REASON_STATUS_FOLLOW_UP = "Status ändrad vid uppföljning: {old} → {new}"


@transaction.atomic
def activity_status_change(
    *, activity: Activity, status: str, on: datetime.date | None = None, reason: str = REASON_STATUS
) -> bool:
    """Give ``activity`` a new status, changed ``on`` (today by default). Returns whether anything
    changed: the same status again is no change and leaves the date as it was."""
    if status == activity.status:
        return False
    with translation.override("sv"):  # the history is written in Swedish, whoever reads the page
        old, new = str(Activity.Status(activity.status).label), str(Activity.Status(status).label)
    activity._change_reason = reason.format(old=old, new=new)
    activity.status = status
    activity.status_changed_on = on or timezone.localdate()
    activity.save(update_fields=["status", "status_changed_on"])
    return True


@transaction.atomic
def followup_add(
    *, activity: Activity, text: str, author: str = "", on: datetime.date | None = None, new_status: str = ""
) -> FollowUp:
    """Add a dated entry to ``activity``'s follow-up log; a new status given with it is applied too."""
    on = on or timezone.localdate()
    follow_up = FollowUp(activity=activity, date=on, author=author, text=text, new_status=new_status)
    follow_up._change_reason = REASON_FOLLOW_UP
    follow_up.save()
    if new_status:
        activity_status_change(activity=activity, status=new_status, on=on, reason=REASON_STATUS_FOLLOW_UP)
    return follow_up
