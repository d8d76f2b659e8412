"""Reading people and their parties out of running text.

The genre lists people as "borgarrådet A (M) och borgarrådet B (L)", "A, B och C (alla M) och D (L)",
"A (S), B (MP) och C (M)" or "Jan Jönsson m fl (L)". The party is the one given at this appearance.
"""

from __future__ import annotations

import re

from .text import fuzzy
from .types import Actor

# Titles written before a name; the first word is what we keep as the actor's role.
_TITLES = (
    "vice ordföranden",
    "vice ordförande",
    "förste vice ordförande",
    "andre vice ordförande",
    "ordföranden",
    "ordförande",
    "borgarrådet",
    "finansborgarrådet",
    "oppositionsborgarrådet",
    "ledamoten",
    "ledamot",
    "ersättaren",
    "ersättare",
    "kommunalrådet",
    "oppositionsrådet",
)
_ROLE_OF_TITLE = {
    "vice ordföranden": "vice ordförande",
    "ordföranden": "ordförande",
    "borgarrådet": "borgarråd",
    "finansborgarrådet": "finansborgarråd",
    "oppositionsborgarrådet": "oppositionsborgarråd",
    "ledamoten": "ledamot",
    "ersättaren": "ersättare",
    "kommunalrådet": "kommunalråd",
    "oppositionsrådet": "oppositionsråd",
}
_TITLE_RE = re.compile(
    r"^(?:(?P<title>" + "|".join(fuzzy(t) for t in sorted(_TITLES, key=len, reverse=True)) + r")\s*,?\s+)",
    re.IGNORECASE,
)

PARTY = r"[A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{0,3}"
_PARTY_GROUP = re.compile(
    r"\(\s*(?P<all>(?:alla|samtliga|båda|bada|b\S{1,2}da)\s+)?(?P<party>" + PARTY + r")\s*\)"
)
_SEPARATOR = re.compile(r"\s*(?:,|\boch\b|\bsamt\b|&)\s*")
_NAME_WORD = r"(?:[A-ZÅÄÖÉÜ][\w'’.-]*|von|van|af|de|der|la|le|al|el|bin)"
_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD})+$")
_MORE = re.compile(r"\s+m\.?\s?fl\.?$", re.IGNORECASE)
_LEAD = re.compile(r"^(?:av|från|fr\S{1,2}n|med)\s+", re.IGNORECASE)


def split_title(text: str) -> tuple[str | None, str]:
    """Separate a leading title ("borgarrådet", "Ordföranden") from a name; returns (role, rest)."""
    match = _TITLE_RE.match(text)
    if not match:
        return None, text
    title = " ".join(match["title"].split()).lower()
    for written, role in _ROLE_OF_TITLE.items():
        if re.fullmatch(fuzzy(written), title, re.IGNORECASE):
            return role, text[match.end() :]
    return title, text[match.end() :]


def parse_actors(text: str, offset: int = 0, *, role: str | None = None) -> list[Actor]:
    """All people named in ``text`` with the party given for each; spans are offset by ``offset``.

    Names that are not followed by any party keep party None. A group closed by "(alla M)" or a
    lone "(M)" gives that party to every name in the group that has none of its own.
    """
    actors: list[Actor] = []
    position = 0
    for group in _PARTY_GROUP.finditer(text):
        names = _names_in(text, position, group.start(), offset, role)
        actors.extend(_with_party(actor, group["party"]) for actor in names)
        position = group.end()
    actors.extend(_names_in(text, position, len(text), offset, role))
    return actors


def _with_party(actor: Actor, party: str) -> Actor:
    return Actor(name=actor.name, party=party, span=actor.span, role=actor.role)


def _names_in(text: str, start: int, end: int, offset: int, role: str | None) -> list[Actor]:
    found = []
    position = start
    pending_title = None  # "Ordförande, Parisa Liljestrand (M)": the comma parts title and name
    for piece in _SEPARATOR.split(text[start:end]):
        piece_start = text.find(piece, position, end) if piece else position
        position = piece_start + len(piece)
        title_only = _TITLE_RE.match(piece.strip() + " ")
        if title_only and not piece.strip()[title_only.end() - 1 :].strip():
            pending_title = split_title(piece.strip() + " ")[0]
            continue
        actor = _actor(piece, piece_start + offset, pending_title or role)
        pending_title = None
        if actor:
            found.append(actor)
    return found


def _actor(piece: str, start: int, role: str | None) -> Actor | None:
    cleaned = _LEAD.sub("", piece.strip())
    title, cleaned = split_title(cleaned)
    title = title or role
    cleaned = _MORE.sub("", cleaned).strip()
    if not _NAME.match(cleaned):
        return None
    begin = start + piece.find(cleaned)
    return Actor(name=cleaned, party=None, span=(begin, begin + len(cleaned)), role=title)


def parse_actor(text: str, offset: int = 0, *, role: str | None = None) -> Actor | None:
    """The single person named in ``text`` ("Ordföranden Lorena Delgado (V)"), or None."""
    actors = parse_actors(text, offset, role=role)
    return actors[0] if actors else None
