"""The table filter that cuts long texts gives what Django's ``truncatechars`` gives."""

import unicodedata

import pytest
from django.template.defaultfilters import truncatechars

from decisions.templatetags.register_extras import truncated

VALLENTUNA_2 = (
    "Ta fram ett lämpligt informationspaket om våldsbejakande extremism och möjliga åtgärder för "
    "att förebygga, motverka och minska skadorna av fenomenet"
)


@pytest.mark.parametrize("length", [1, 10, 139, 140, 147, 148, 149, 200])
def test_cuts_as_django_does(length):
    assert truncated(VALLENTUNA_2, length) == truncatechars(VALLENTUNA_2, length)


def test_a_text_that_fits_is_handed_back_whole():
    assert truncated("Lokalpolisområde Täby", 21) == "Lokalpolisområde Täby"
    assert truncated("", 5) == ""


def test_decomposed_letters_longer_than_the_limit_are_counted_as_django_counts_them():
    # "å" written as "a" and a combining ring: 12 code points, 11 letters.
    text = unicodedata.normalize("NFD", "Fritidsgård") + "en"
    assert truncated(text, 12) == truncatechars(text, 12)
    assert truncated(text, 8) == truncatechars(text, 8) == "Fritids…"


def test_numbers_and_lazy_text_are_cut_as_text():
    assert truncated(1234567, 4) == "123…"
