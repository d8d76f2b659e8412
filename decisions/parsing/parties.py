"""Swedish parties: the abbreviations the documents use and the names they go by.

Documents name a party either by abbreviation in brackets, "(M)", or by name, "för
Socialdemokraterna". Local parties not listed here get an abbreviation made from their name.
"""

from __future__ import annotations

import re

from .text import fold

KNOWN_PARTIES: dict[str, str] = {
    "M": "Moderaterna",
    "L": "Liberalerna",
    "FP": "Folkpartiet liberalerna",
    "C": "Centerpartiet",
    "KD": "Kristdemokraterna",
    "S": "Socialdemokraterna",
    "V": "Vänsterpartiet",
    "MP": "Miljöpartiet de gröna",
    "SD": "Sverigedemokraterna",
}

# Other names and inflections a party is called by in running text.
_ALSO_CALLED: dict[str, str] = {
    "folkpartiet": "FP",
    "miljopartiet": "MP",
    "moderata samlingspartiet": "M",
    "socialdemokratiska arbetarepartiet": "S",
}


def party_name(abbreviation: str) -> str:
    """The full name of a known party, or "" when the abbreviation is a local one."""
    return KNOWN_PARTIES.get(abbreviation.upper(), "")


def party_abbreviation(name: str) -> str:
    """The abbreviation for a party named in running text ("Socialdemokraterna", "Vänsterpartiets").

    A party not known beforehand ("Nacka Lokala Parti") gets the initials of its words ("NLP").
    """
    key = _strip_genitive(fold(name))
    for abbreviation, full_name in KNOWN_PARTIES.items():
        if key in {fold(full_name), fold(full_name).split()[0]}:
            return abbreviation
    if key in _ALSO_CALLED:
        return _ALSO_CALLED[key]
    words = [w for w in re.split(r"[\s-]+", name.strip()) if w[:1].isalpha()]
    return "".join(w[0].upper() for w in words)[:10]


def _strip_genitive(key: str) -> str:
    return key[:-1] if key.endswith("s") and not key.endswith("ss") else key
