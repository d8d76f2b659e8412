"""A register rebuilt from its export (register-export/1): the way back for export_register.

Everything the export holds comes back: people with their spellings, parties, bodies, units, and
each case with its documents, handlings, proposals, statements, reservations, votes, attachments,
cited Dnr and action plans. Exporting the rebuilt register gives the same JSON. What the export
does not hold cannot come back: the source texts (documents are restored by name and checksum,
without text) and the passages each item was read from. A confidential case keeps its secrecy
reference; an export made before the reference was exported gets a placeholder for the registrator
to fill in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from . import dnr as dnr_parser
from .export import export_schema
from .models import (
    ActionPlan,
    Activity,
    Attachment,
    Ballot,
    Body,
    Case,
    FollowUp,
    Municipality,
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
    Unit,
    Vote,
)
from .parsing.parties import party_name
from .resolve import body_kind, person_key
from .services import reference_relink

SECRECY_NOT_EXPORTED = "Sekretessgrund saknas i exporten; ange den"


class RegisterImportError(Exception):
    """The export cannot be imported; the message says why. Nothing has been written."""


@dataclass(frozen=True)
class RegisterImportResult:
    cases: int
    people: int


def export_read(path: Path) -> dict:
    """The export in ``path``, valid against the contract; RegisterImportError says what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise RegisterImportError(f"{path}: filen finns inte") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RegisterImportError(f"{path}: ingen giltig JSON ({error})") from error
    validator = jsonschema.Draft202012Validator(export_schema(), format_checker=jsonschema.FormatChecker())
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "dokumentet"
        raise RegisterImportError(
            f"{path}: följer inte exportformatet register-export/1: {where}: {error.message}"
        )
    return data


@transaction.atomic
def register_import(*, path: Path, operator: str = "import_register") -> RegisterImportResult:
    """Rebuild the register in ``path`` in this database, all of it or nothing. Refuses an export
    whose cases are already here, so nothing is doubled or overwritten."""
    data = export_read(path)
    clashes = _clashes(data["cases"])
    if clashes:
        raise RegisterImportError(
            f"{path}: registret har redan {len(clashes)} av ärendena: {', '.join(clashes[:10])}"
            + (" …" if len(clashes) > 10 else "")
        )
    rebuild = _Rebuild(reason=f"{operator}: {path.name}")
    try:
        rebuild.everything(data)
    except (ValidationError, IntegrityError, DataError) as error:
        raise RegisterImportError(f"{path}: {rebuild.at}: {_reason(error)}") from error
    reference_relink(reason=rebuild.reason)
    return RegisterImportResult(cases=len(data["cases"]), people=len(data.get("people", [])))


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return str(error)


def _clashes(cases: list[dict]) -> list[str]:
    """The exported cases the register holds already: same Dnr in the same municipality, or for a
    case without Dnr, the same title and date."""
    found = []
    for case in cases:
        same = Case.objects.filter(municipality__name=case["municipality"])
        if case["dnr"]:
            same = same.filter(dnr_key=dnr_parser.normalize_dnr(case["dnr"]))
        else:
            same = same.filter(dnr_key="", title=case["title"], date=case["date"])
        if same.exists():
            found.append(case["dnr"] or case["title"])
    return found


def _check_values(obj) -> None:
    """What the register requires and SQLite would not refuse: known choices, lengths that fit."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if field.choices and value not in ("", None) and value not in dict(field.flatchoices):
            raise ValidationError({field.name: [f"okänt värde {value!r}"]})
        if field.max_length and isinstance(value, str) and len(value) > field.max_length:
            raise ValidationError({field.name: [f"längre än {field.max_length} tecken"]})


class _Rebuild:
    """Writes the rows of one import, every save in the history under the import's reason, and
    remembers the people, parties, bodies and documents it has seen."""

    def __init__(self, *, reason: str):
        self.reason = reason
        self.people: dict[str, Person] = {}
        self.parties: dict[str, Party] = {}
        self.bodies: dict[tuple[int, str], Body] = {}
        self.documents: dict[str, SourceDocument] = {}
        self.municipalities: dict[str, Municipality] = {}
        self.units: dict[tuple[str | None, str], Unit] = {}
        self.at = ""

    def everything(self, data: dict) -> None:
        """People and units first, then the cases; ``at`` says where it got to, for the message."""
        self.at = "personerna"
        for person in data.get("people", []):
            self.person_add(person["name"], person.get("aliases", []))
        self.at = "enheterna"
        for unit in data.get("units", []):
            self.unit_add(unit)
        for case in data["cases"]:
            self.at = f"ärendet {case['dnr'] or case['title']!r}"
            self.case_add(case)

    def save(self, obj):
        _check_values(obj)
        obj._change_reason = self.reason
        obj.save()
        return obj

    def person_add(self, name: str, aliases: list[str]) -> Person:
        key = person_key(name)
        person = Person.objects.filter(key=key).first()
        if person is None:
            person = self.save(Person(name=name, key=key, aliases=list(aliases)))
        self.people.setdefault(name, person)
        return person

    def person(self, name: str) -> Person:
        return self.people.get(name) or self.person_add(name, [])

    def party(self, abbreviation: str | None) -> Party | None:
        if not abbreviation:
            return None
        if abbreviation not in self.parties:
            self.parties[abbreviation] = Party.objects.filter(abbreviation=abbreviation).first() or self.save(
                Party(abbreviation=abbreviation, name=party_name(abbreviation))
            )
        return self.parties[abbreviation]

    def municipality(self, name: str | None) -> Municipality | None:
        if not name:
            return None
        if name not in self.municipalities:
            self.municipalities[name] = Municipality.objects.filter(name=name).first() or self.save(
                Municipality(name=name)
            )
        return self.municipalities[name]

    def body(self, town: Municipality, name: str | None) -> Body | None:
        """The body of that name in the town; a new one gets its kind and parent from its name."""
        if not name:
            return None
        key = (town.pk, name)
        if key not in self.bodies:
            kind, parent = body_kind(name)
            self.bodies[key] = Body.objects.filter(municipality=town, name=name).first() or self.save(
                Body(municipality=town, name=name, kind=kind, parent=self.body(town, parent))
            )
        return self.bodies[key]

    def unit_add(self, exported: dict) -> Unit:
        town = self.municipality(exported.get("municipality"))
        unit = Unit.objects.filter(municipality=town, abbreviation=exported["abbreviation"]).first()
        unit = unit or self.save(
            Unit(municipality=town, abbreviation=exported["abbreviation"], name=exported["name"])
        )
        self.units[(exported.get("municipality"), unit.abbreviation)] = unit
        return unit

    def unit(self, town: Municipality, name: str) -> Unit | None:
        """The unit an activity names, in the case's municipality or in none."""
        return self.units.get((town.name, name)) or self.units.get((None, name))

    def document(self, exported: dict) -> SourceDocument:
        sha256 = exported["sha256"]
        if sha256 not in self.documents:
            self.documents[sha256] = SourceDocument.objects.filter(sha256=sha256).first() or self.save(
                SourceDocument(
                    filename=exported["filename"],
                    sha256=sha256,
                    kind=exported["kind"],
                    date=exported.get("date"),
                    is_ocr=exported.get("is_ocr", False),
                    text="",
                )
            )
        return self.documents[sha256]

    # A case and its rows, in the export's order, so positions and ids follow it.

    def case_add(self, exported: dict) -> Case:
        town = self.municipality(exported["municipality"])
        case = self.save(self._case(town, exported))
        documents = [self.document(d) for d in exported["documents"]]
        for document in documents:
            document.cases.add(case)
        for item in exported.get("proceedings", []):
            self._proceeding(case, town, item, documents)
        proposals = [self._proposal(case, i, item) for i, item in enumerate(exported["proposals"])]
        self._statements(case, town, exported["statements"])
        for i, item in enumerate(exported["reservations"]):
            self._reservation(case, i, item, proposals)
        for i, item in enumerate(exported.get("votes", [])):
            self._vote(case, i, item)
        for i, item in enumerate(exported.get("attachments", [])):
            self.save(
                Attachment(case=case, title=item["title"], kind=item.get("kind") or "bilaga", position=i)
            )
        for i, text in enumerate(exported.get("references", [])):
            self.save(Reference(case=case, text=text, position=i))
        for item in exported["action_plans"]:
            self._action_plan(case, town, item)
        return case

    def _case(self, town: Municipality, exported: dict) -> Case:
        presenter, chair = exported.get("presenter"), exported.get("chair")
        confidential = exported.get("confidential", False)
        return Case(
            dnr=exported["dnr"] or "",
            title=exported["title"],
            municipality=town,
            body=self.body(town, exported["body"]),
            date=exported["date"],
            paragraph=exported.get("paragraph") or "",
            status=exported.get("status") or Case.Status.RECEIVED,
            confidential=confidential,
            secrecy_reference=exported.get("secrecy_reference")
            or (SECRECY_NOT_EXPORTED if confidential else ""),
            presenter=self.person(presenter["name"]) if presenter else None,
            presenter_party=self.party(presenter["party"]) if presenter else None,
            chair=self.person(chair["name"]) if chair else None,
            chair_party=self.party(chair["party"]) if chair else None,
            decision_points=list(exported.get("decision", [])),
        )

    def _proceeding(self, case: Case, town: Municipality, item: dict, documents: list[SourceDocument]):
        document = next((d for d in documents if d.filename == item.get("document")), None)
        self.save(
            Proceeding(
                case=case,
                body=self.body(town, item.get("body")),
                date=item["date"],
                paragraph=item.get("paragraph") or "",
                decision_points=list(item.get("decision", [])),
                outcome=item.get("outcome") or Proceeding.Outcome.DECIDED,
                document=document,
            )
        )

    def _proposal(self, case: Case, position: int, item: dict) -> Proposal:
        proposal = self.save(
            Proposal(
                case=case,
                kind=item["kind"],
                origin=item.get("origin") or "",
                points=list(item["points"]),
                outcome=item["outcome"],
                position=position,
            )
        )
        for index, author in enumerate(item.get("authors", [])):
            role = author.get("role") if author.get("role") in ProposalAuthor.Role.values else "author"
            self.save(
                ProposalAuthor(
                    proposal=proposal,
                    person=self.person(author["name"]),
                    party=self.party(author.get("party")),
                    role=role,
                    position=index,
                )
            )
        return proposal

    def _statements(self, case: Case, town: Municipality, items: list[dict]) -> None:
        rows = [self._statement(case, town, i, item) for i, item in enumerate(items)]
        for row, item in zip(rows, items, strict=True):
            target = item.get("refers_to")
            if target is not None and 0 <= target < len(rows):
                row.refers_to = rows[target]
                self.save(row)

    def _statement(self, case: Case, town: Municipality, position: int, item: dict) -> Statement:
        statement = self.save(
            Statement(
                case=case,
                kind=item["kind"],
                label=item.get("label") or "",
                forum=self.body(town, item["forum"]),
                text=item["text"],
                position=position,
            )
        )
        for index, author in enumerate(item["authors"]):
            self.save(
                StatementAuthor(
                    statement=statement,
                    person=self.person(author["name"]),
                    party=self.party(author.get("party")),
                    title=author.get("role") or "",
                    position=index,
                )
            )
        return statement

    def _reservation(self, case: Case, position: int, item: dict, proposals: list[Proposal]) -> None:
        target = item.get("in_favour_of")
        self.save(
            Reservation(
                case=case,
                person=self.person(item["name"]),
                party=self.party(item["party"]),
                in_favour_of=proposals[target]
                if target is not None and 0 <= target < len(proposals)
                else None,
                reason=item.get("reason") or "",
                position=position,
            )
        )

    def _vote(self, case: Case, position: int, item: dict) -> None:
        vote = self.save(
            Vote(
                case=case,
                question=item.get("question") or "",
                yes_means=item["yes_means"],
                no_means=item["no_means"],
                yes=item["yes"],
                no=item["no"],
                abstain=item.get("abstain", 0),
                result=item.get("result") or "",
                position=position,
            )
        )
        for index, ballot in enumerate(item.get("ballots", [])):
            self.save(
                Ballot(
                    vote=vote,
                    person=self.person(ballot["name"]),
                    party=self.party(ballot.get("party")),
                    choice=ballot["vote"],
                    position=index,
                )
            )

    def _action_plan(self, case: Case, town: Municipality, item: dict) -> None:
        plan = self.save(
            ActionPlan(
                case=case,
                title=item["title"],
                owner=case.body,
                period_start=item.get("period_start"),
                period_end=item.get("period_end"),
            )
        )
        for position, activity in enumerate(item["activities"], start=1):
            self._activity(plan, town, position, activity)

    def _activity(self, plan: ActionPlan, town: Municipality, position: int, item: dict) -> None:
        activity = self.save(
            Activity(
                plan=plan,
                focus_area=item["focus_area"],
                title=item["activity"],
                implementation=item.get("implementation") or "",
                responsible_text=", ".join(item["responsible"]),
                deadline=item["deadline"],
                status=item["status"],
                position=position,
            )
        )
        units = [self.unit(town, name) for name in item["responsible"]]
        activity.responsible.set([unit for unit in units if unit])
        if item.get("follow_up"):
            self.save(
                FollowUp(
                    activity=activity,
                    date=plan.case.date or timezone.localdate(),
                    author=self.reason,
                    text=item["follow_up"],
                )
            )
