"""Resolution: the names a document uses matched against the people, parties, bodies and units the
register knows, so that one real person is one Person whatever the spelling.

OCR output loses å/ä/ö and reads ö as 6 ("Johanna Sj6"); signatures are written in capitals
("KARIN WANNGÅRD"). All spellings share a folded key; the register keeps the cleanest spelling as
the name and the others as aliases, whichever document came first.
"""

from __future__ import annotations

import re

from .models import Body, Municipality, Party, Person, Unit
from .parsing.parties import party_name
from .parsing.text import fold


def person_key(name: str) -> str:
    """The key all spellings of one person's name share."""
    return fold(name)


def cleanliness(name: str) -> tuple[int, int, int]:
    """How clean a spelling is: no OCR digits, not all capitals, then the most å/ä/ö (a lost
    diacritic is the usual OCR damage, so more of them means closer to the original)."""
    return (
        0 if re.search(r"\d", name) else 1,
        0 if name.isupper() else 1,
        sum(c in "åäöÅÄÖéÉüÜ" for c in name),
    )


def tidy_name(name: str) -> str:
    """A spelling fit to show: single spaces, and capitals made into title case."""
    name = " ".join(name.split())
    return name.title() if name.isupper() else name


class Resolver:
    """Finds or creates the register's rows for the names in one import; remembers what it found."""

    def __init__(self, *, reason: str):
        self.reason = reason
        self._people: dict[str, Person] = {}
        self._parties: dict[str, Party] = {}
        self._bodies: dict[tuple[int, str], Body] = {}
        self._units: dict[tuple[int, str], Unit] = {}

    def save(self, obj):
        """Save with the import named in the history (who or what made the change, and from what)."""
        obj._change_reason = self.reason
        obj.save()
        return obj

    def municipality(self, name: str) -> Municipality:
        found = Municipality.objects.filter(name__iexact=name).first()
        return found or self.save(Municipality(name=name))

    def person(self, name: str) -> Person:
        """The Person for ``name``; a cleaner spelling becomes the name, the others aliases."""
        key = person_key(name)
        person = self._people.get(key) or Person.objects.filter(key=key).first()
        spelling = tidy_name(name)
        if person is None:
            person = self.save(Person(name=spelling, key=key, aliases=_aliases([], name, spelling)))
        else:
            self._learn_spelling(person, name, spelling)
        self._people[key] = person
        return person

    def _learn_spelling(self, person: Person, written: str, spelling: str) -> None:
        aliases = list(person.aliases)
        name = person.name
        if cleanliness(spelling) > cleanliness(name):
            aliases, name = _aliases(aliases, name, spelling), spelling
        aliases = _aliases(aliases, written, name)
        if (name, aliases) != (person.name, person.aliases):
            person.name, person.aliases = name, aliases
            self.save(person)

    def party(self, abbreviation: str | None, name: str = "") -> Party | None:
        if not abbreviation:
            return None
        abbreviation = abbreviation.upper()
        party = self._parties.get(abbreviation) or Party.objects.filter(abbreviation=abbreviation).first()
        if party is None:
            party = self.save(Party(abbreviation=abbreviation, name=name or party_name(abbreviation)))
        self._parties[abbreviation] = party
        return party

    def body(self, municipality: Municipality, name: str | None) -> Body | None:
        """The body called ``name`` in ``municipality``; OCR and clean spellings are one body."""
        if not name:
            return None
        key = (municipality.pk, fold(name))
        body = self._bodies.get(key) or _find_by_fold(Body.objects.filter(municipality=municipality), name)
        spelling = name[:1].upper() + name[1:]
        if body is None:
            kind, parent_name = body_kind(name)
            parent = self.body(municipality, parent_name) if parent_name else None
            body = self.save(Body(municipality=municipality, name=spelling, kind=kind, parent=parent))
        elif cleanliness(spelling) > cleanliness(body.name):
            body.name = spelling
            self.save(body)
        self._bodies[key] = body
        return body

    def unit(self, municipality: Municipality, abbreviation: str, name: str = "") -> Unit:
        """The unit known by ``abbreviation``; a glossary line fills in its full name."""
        key = (municipality.pk, fold(abbreviation))
        unit = self._units.get(key) or _find_by_fold(
            Unit.objects.filter(municipality=municipality), abbreviation, field="abbreviation"
        )
        if unit is None:
            unit = self.save(Unit(municipality=municipality, abbreviation=abbreviation, name=name))
        elif name and not unit.name:
            unit.name = name
            self.save(unit)
        self._units[key] = unit
        return unit

    def known_unit(self, municipality: Municipality, abbreviation: str) -> Unit | None:
        """A unit already defined, by abbreviation or full name; None for names that are no unit."""
        key = (municipality.pk, fold(abbreviation))
        if key in self._units:
            return self._units[key]
        units = Unit.objects.filter(municipality=municipality)
        return _find_by_fold(units, abbreviation, field="abbreviation") or _find_by_fold(units, abbreviation)


def _aliases(aliases: list[str], spelling: str, name: str) -> list[str]:
    """``aliases`` with ``spelling`` added when it differs from the name and is not there yet."""
    spelling = " ".join(spelling.split())
    if spelling == name or spelling in aliases:
        return aliases
    return sorted([*aliases, spelling])


def _find_by_fold(queryset, value: str, *, field: str = "name"):
    """The row whose ``field`` folds like ``value``. Tables of bodies and units per municipality
    are small, so comparing in Python is cheaper than storing another key column."""
    wanted = fold(value)
    return next((row for row in queryset if fold(getattr(row, field)) == wanted), None)


_BODY_KINDS = [
    (r"arbetsutskott", Body.Kind.WORKING_COMMITTEE),
    (r"fullm\S{1,2}ktige", Body.Kind.COUNCIL),
    (r"^kommunstyrelse", Body.Kind.EXECUTIVE),
    (r"stadsdelsn\S{1,2}mnd", Body.Kind.DISTRICT_COMMITTEE),
    (r"n\S{1,2}mnd", Body.Kind.COMMITTEE),
    (r"beredning", Body.Kind.PREPARATORY),
]


def body_kind(name: str) -> tuple[str, str | None]:
    """What kind of body a name denotes, and the parent it implies ("Kommunstyrelsens
    arbetsutskott" belongs to "Kommunstyrelsen")."""
    lowered = name.lower()
    for pattern, kind in _BODY_KINDS:
        if re.search(pattern, lowered):
            parent = re.match(r"(\w+?)s\s+arbetsutskott", name, re.IGNORECASE)
            return kind, (parent[1][:1].upper() + parent[1][1:] if parent else None)
    return Body.Kind.OTHER, None
