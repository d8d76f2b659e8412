"""The invented Nackaby protocols, parsed once for every parser test that reads them."""

from pathlib import Path

import pytest

from decisions.parsing.protocol import parse_protocol

DOCUMENTS = Path(__file__).resolve().parents[1] / "documents"
JUNE = "protokoll_nackaby_kommunstyrelsen_2021-06-14.txt"
AUGUST = "protokoll_nackaby_kommunstyrelsen_2021-08-23.txt"


def document_text(name: str) -> str:
    return (DOCUMENTS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def june():
    text = document_text(JUNE)
    return text, parse_protocol(text, filename=JUNE)


@pytest.fixture(scope="session")
def august():
    text = document_text(AUGUST)
    return text, parse_protocol(text, filename=AUGUST)
