"""Source text to dataclasses: pure functions, no database.

``parse_document`` checks that the text can be read at all, masks page furniture (same length, so
offsets still point into the verbatim text), recognises the genre (a protocol paragraph or a PM) and
hands over to that genre's parser; then it adds what any document may hold: the municipality, a
unit glossary, action plans and cited Dnr.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .. import dnr as dnr_parser
from . import actionplan, pm, protocol
from .furniture import mask_furniture
from .text import line_number, looks_like_ocr
from .types import ParsedCase, ParsedDocument, ParsedReference, ParseError

__all__ = ["ParseError", "detect_municipality", "parse_document", "read_text"]

_MUNICIPALITY = re.compile(
    r"\b([A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?|[A-ZÅÄÖ]{3,}(?:-[A-ZÅÄÖ]+)?)"
    r"( stad| kommun| STAD| KOMMUN)(?:s|S)?\b"
)


def read_text(data: bytes, *, filename: str = "") -> str:
    """Decode a document's bytes as UTF-8 text, or raise ParseError saying why it cannot be read."""
    if not data.strip():
        raise ParseError("dokumentet är tomt", filename=filename, line=1)
    if b"\x00" in data:
        raise ParseError("filen är binär (innehåller NUL-tecken), inte text", filename=filename, line=1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ParseError(
            "texten är inte UTF-8 (kanske Latin-1); spara om den som UTF-8", filename=filename, line=line
        ) from error
    return text.removeprefix("\ufeff")


def parse_document(text: str, *, filename: str = "") -> ParsedDocument:
    """Read one source document into its cases. Raises ParseError naming file and line."""
    _check_readable(text, filename)
    masked = mask_furniture(text)
    if protocol.is_protocol(masked):
        kind, cases = "protocol_extract", protocol.parse_protocol(text, filename=filename)
    elif pm.is_pm(masked):
        kind, cases = "pm", [pm.parse_pm(text, filename=filename)]
    else:
        raise ParseError(
            "känner inte igen dokumenttypen: varken protokollsparagraf (§) eller PM med beslutsförslag",
            filename=filename,
            line=1,
        )
    if len(cases) > 1:
        kind = "protocol"
    cases = [_with_common_parts(masked, case, cases, filename) for case in cases]
    return ParsedDocument(
        filename=filename,
        kind=kind,
        is_ocr=looks_like_ocr(text),
        municipality=detect_municipality(text),
        date=_document_date(cases),
        cases=tuple(cases),
        units=tuple(actionplan.parse_glossary(masked)),
    )


def _check_readable(text: str, filename: str) -> None:
    if not text.strip():
        raise ParseError("dokumentet är tomt", filename=filename, line=1)
    control = re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", text)
    if control:
        raise ParseError(
            "texten innehåller styrtecken; är filen binär?",
            filename=filename,
            line=line_number(text, control.start()),
        )


def _with_common_parts(text: str, case: ParsedCase, all_cases: list[ParsedCase], filename: str) -> ParsedCase:
    """Add the cited Dnr, and the action plans when the genre parser did not place them."""
    start, end = case.span if case.span != (0, 0) else (0, len(text))
    own = {case.dnr, *getattr(case, "dnrs", ())} - {None}
    changes = {"references": tuple(_references(text, start, end, own=own))}
    if not case.action_plans and len(all_cases) == 1:
        changes["action_plans"] = tuple(actionplan.parse_action_plans(text, start, end, filename=filename))
    return replace(case, **changes)


def _references(text: str, start: int, end: int, *, own: set[str]) -> list[ParsedReference]:
    own_keys = {dnr_parser.normalize_dnr(dnr) for dnr in own}
    found: dict[str, ParsedReference] = {}
    for verbatim, begin, finish in dnr_parser.find_dnrs(text[start:end]):
        key = dnr_parser.normalize_dnr(verbatim)
        if key not in own_keys and key not in found:
            found[key] = ParsedReference(text=verbatim, span=(start + begin, start + finish))
    return list(found.values())


def detect_municipality(text: str) -> str | None:
    """The municipality a document speaks for: the "X stad" or "X kommun" it names most often."""
    names = Counter(_official(m[1], m[2]) for m in _MUNICIPALITY.finditer(text))
    if not names:
        return None
    name, _count = names.most_common(1)[0]
    return name


def _official(name: str, kind: str) -> str:
    """ "TALLMORA KOMMUN" and "Tallmora kommuns" are both "Tallmora kommun"."""
    return f"{name.title() if name.isupper() else name}{kind.lower()}"


def _document_date(cases: list[ParsedCase]):
    dates = [case.date for case in cases if case.date]
    return max(dates) if dates else None
