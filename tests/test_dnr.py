"""Table-driven tests for decisions.dnr (pure Python, no Django needed).

Readings chosen where the brief left them open (see also the decisions.dnr docstring):

* Every number after the serial is ``sub_number`` ("KS 02-820 107" -> sub 107), so
  trailing groups behave the same in all house styles; ``classification`` is a leading
  filing code ("006-", "1.2.1./") or a trailing capital code ("RIX").
* Two-digit years pivot at 50: 02 -> 2002, 98 -> 1998.
* Keys are ``[SERIES-]YEAR-SERIAL[-SUB][/CLASSIFICATION]`` without leading zeros.
* parse_dnr accepts any letter case for the series (the caller says it is a Dnr, so
  "Ju 2014:18" alone parses); find_dnrs needs capitals or a preceding "dnr".
* A bare "2021/22" or "2021/2022" is a year range, "2016-2017" and "2016-08" are not
  numbers (the hyphenated bare style needs a zero-padded serial: "2016-000003").
"""

import pytest

from decisions.dnr import Dnr, dnr_lookup_keys, find_dnrs, normalize_dnr, parse_dnr

# input, series, year, serial, sub_number, classification, key
PARSED = [
    ("KS 2018/550", "KS", 2018, 550, None, None, "KS-2018-550"),
    ("KS 2016.371", "KS", 2016, 371, None, None, "KS-2016-371"),
    ("1.2.1./747-2017", None, 2017, 747, None, "1.2.1.", "2017-747/1.2.1"),
    ("006-1137/2007", None, 2007, 1137, None, "006", "2007-1137/006"),
    ("KFKS 2019/475", "KFKS", 2019, 475, None, None, "KFKS-2019-475"),
    ("KFKS 2010/64-214", "KFKS", 2010, 64, 214, None, "KFKS-2010-64-214"),
    ("KS/2019/0001/0009", "KS", 2019, 1, 9, None, "KS-2019-1-9"),
    ("2016-000003", None, 2016, 3, None, None, "2016-3"),
    ("2021/101", None, 2021, 101, None, None, "2021-101"),
    ("2011/KS 0206 001", "KS", 2011, 206, 1, None, "KS-2011-206-1"),
    # two-digit year; the trailing 107 is read as sub_number (uniform trailing rule)
    ("KS 02-820 107", "KS", 2002, 820, 107, None, "KS-2002-820-107"),
    ("KS 98-12", "KS", 1998, 12, None, None, "KS-1998-12"),
    ("322-278/2009", None, 2009, 278, None, "322", "2009-278/322"),
    ("1.2.4-182-2013", None, 2013, 182, None, "1.2.4", "2013-182/1.2.4"),
    # trailing capital code kept as classification
    ("PM 2016:122 RIX", "PM", 2016, 122, None, "RIX", "PM-2016-122/RIX"),
    # OCR damage: I/l/O inside the number part are digits, split digits are joined
    ("KFKS 2020/ I I 09", "KFKS", 2020, 1109, None, None, "KFKS-2020-1109"),
    ("KFKS 20 18/ I 097", "KFKS", 2018, 1097, None, None, "KFKS-2018-1097"),
    ("KFKS 2021 /95", "KFKS", 2021, 95, None, None, "KFKS-2021-95"),
    ("KS 2019/1O7", "KS", 2019, 107, None, None, "KS-2019-107"),
    ("KS 2019/l2", "KS", 2019, 12, None, None, "KS-2019-12"),
    # case and spacing
    ("ks 2016.371", "KS", 2016, 371, None, None, "KS-2016-371"),
    ("KS2018/550", "KS", 2018, 550, None, None, "KS-2018-550"),
    ("  KS   2018/550  ", "KS", 2018, 550, None, None, "KS-2018-550"),
    ("KS-2018-550", "KS", 2018, 550, None, None, "KS-2018-550"),
    # leading dnr word dropped
    ("Dnr KS 2018/550", "KS", 2018, 550, None, None, "KS-2018-550"),
    ("Dnr: KS 2018/550", "KS", 2018, 550, None, None, "KS-2018-550"),
    ("diarienummer KS 2018/550", "KS", 2018, 550, None, None, "KS-2018-550"),
    ("dnr 1.2.1./747-2017", None, 2017, 747, None, "1.2.1.", "2017-747/1.2.1"),
    # a line break after the hyphen (as cut out of PDF text)
    ("006-\n1137/2007", None, 2007, 1137, None, "006", "2007-1137/006"),
    # any case is accepted when the caller hands us a Dnr field
    ("Ju 2014:18", "JU", 2014, 18, None, None, "JU-2014-18"),
    # plausible-year bounds are inclusive
    ("KS 1900/1", "KS", 1900, 1, None, None, "KS-1900-1"),
    ("KS 2100/1", "KS", 2100, 1, None, None, "KS-2100-1"),
]


@pytest.mark.parametrize(
    "text, series, year, serial, sub, classification, key",
    PARSED,
    ids=[row[0] for row in PARSED],
)
def test_parse_dnr(text, series, year, serial, sub, classification, key):
    dnr = parse_dnr(text)
    assert dnr == Dnr(text.strip(), series, year, serial, sub, classification, key, True)
    assert normalize_dnr(text) == key


UNPARSED = [
    ("hej", "HEJ"),
    ("", ""),
    ("   ", ""),
    ("Ju 2014:18 är ingen", "JU 2014:18 ÄR INGEN"),
    ("2018", "2018"),
    ("KS 2018", "KS 2018"),
    ("Dnr", "DNR"),
    ("KS 1899/5", "KS 1899/5"),  # implausible year
    ("KS 2101/5", "KS 2101/5"),
    ("3018/550", "3018/550"),
    ("2016-12-31", "2016-12-31"),  # a date
    ("KS 2016-12-31", "KS 2016-12-31"),
    ("2016-2017", "2016-2017"),  # year ranges
    ("2021/2022", "2021/2022"),
    ("2021/22", "2021/22"),
    ("2016-08", "2016-08"),
    ("0,7 mnkr", "0,7 MNKR"),
    ("12 %", "12 %"),
    ("KS 2018/550 och mer", "KS 2018/550 OCH MER"),
    ("ks  2018/ x", "KS 2018/ X"),
]


@pytest.mark.parametrize("text, key", UNPARSED, ids=[repr(r[0]) for r in UNPARSED])
def test_unparsed_is_kept_verbatim(text, key):
    dnr = parse_dnr(text)
    assert dnr == Dnr(raw=text.strip(), key=key, parsed=False)
    assert normalize_dnr(text) == key


SAME_NUMBER = [
    ("KS 2018/550", "ks  2018/550", "Dnr KS 2018/550", "KS2018/550", "KS 2018/0550"),
    ("KS 2016.371", "ks 2016.371", "KS 2016/371", "KS 2016:371"),
    ("1.2.1./747-2017", "dnr 1.2.1./747-2017", "1.2.1/747/2017"),
    ("KS/2019/0001/0009", "KS 2019/1-9"),
    ("KFKS 2020/ I I 09", "KFKS 2020/1109"),
    ("KFKS 20 18/ I 097", "KFKS 2018/1097"),
    ("KFKS 2021 /95", "KFKS 2021/95"),
    ("006-\n1137/2007", "006-1137/2007", "Dnr 006 - 1137/2007"),
]


@pytest.mark.parametrize("spellings", SAME_NUMBER, ids=[s[0] for s in SAME_NUMBER])
def test_spellings_share_a_key(spellings):
    assert len({normalize_dnr(s) for s in spellings}) == 1


DIFFERENT_NUMBERS = [
    ("KS 2018/550", "2018/550"),  # series unknown
    ("KS 2018/550", "KFKS 2018/550"),
    ("KS 2018/550", "KS 2018/550-1"),
    ("1.2.1./747-2017", "1.2.2./747-2017"),
    ("1.2.1./747-2017", "2017/747"),
    ("006-1137/2007", "322-1137/2007"),
    ("PM 2016:122 RIX", "PM 2016:122"),
    ("KS 02-820 107", "KS 2002/820"),
]


@pytest.mark.parametrize("a, b", DIFFERENT_NUMBERS, ids=[f"{a}|{b}" for a, b in DIFFERENT_NUMBERS])
def test_different_numbers_never_collide(a, b):
    assert normalize_dnr(a) != normalize_dnr(b)


# The second key is the bare YEAR-SERIAL[-SUB] key a series-less search produces.
LOOKUP_KEYS = [
    ("KS 2018/550", ["KS-2018-550", "2018-550"]),
    ("KFKS 2010/64-214", ["KFKS-2010-64-214", "2010-64-214"]),
    ("1.2.1./747-2017", ["2017-747/1.2.1", "2017-747"]),
    ("PM 2016:122 RIX", ["PM-2016-122/RIX", "2016-122"]),
    ("2018/550", ["2018-550"]),
    ("hej", ["HEJ"]),
]


@pytest.mark.parametrize("text, keys", LOOKUP_KEYS, ids=[r[0] for r in LOOKUP_KEYS])
def test_dnr_lookup_keys(text, keys):
    assert dnr_lookup_keys(text) == keys


def test_series_less_search_finds_series_number():
    assert normalize_dnr("2018/550") in dnr_lookup_keys("KS 2018/550")


# text, cited numbers (verbatim, line breaks after hyphens removed)
FOUND = [
    (
        "riktlinjer for det internationella arbetet (dnr 006-\n1137/2007) bidra",
        ["006-1137/2007"],
    ),
    ("PM Rotel I (Dnr KS 2018/550)", ["KS 2018/550"]),
    ("Föreligger förvaltningens tjänsteutlåtande,\ndnr 1.2.1./747-2017.", ["1.2.1./747-2017"]),
    ("Se KFKS 2019/475 och KFKS 2010/64-214.", ["KFKS 2019/475", "KFKS 2010/64-214"]),
    ("ärende KFKS 2020/ I I 09 samt", ["KFKS 2020/ I I 09"]),
    ("ärende KFKS 20 18/ I 097, KFKS 2021 /95.", ["KFKS 20 18/ I 097", "KFKS 2021 /95"]),
    ("Dnr KS 2018/550 I beslutet", ["KS 2018/550"]),  # "I" after the number is a word
    ("(PM 2016:122 RIX)", ["PM 2016:122 RIX"]),
    ("KS 2018/550 KF beslutade", ["KS 2018/550"]),  # a word, not a trailing code
    ("dnr 2016-000003 och dnr: 2021/101", ["2016-000003", "2021/101"]),
    ("enligt dnr Ju 2014:18", ["Ju 2014:18"]),
    ("Diarienummer: 322-278/2009", ["322-278/2009"]),
    ("dnr 1.2.4-182-2013 gäller", ["1.2.4-182-2013"]),
    ("ärende 2011/KS 0206 001 avslutas", ["2011/KS 0206 001"]),
    ("(KS 02-820 107)", ["KS 02-820 107"]),
    ("KS/2019/0001/0009 bifogas", ["KS/2019/0001/0009"]),
]


@pytest.mark.parametrize("text, expected", FOUND, ids=[r[0][:30] for r in FOUND])
def test_find_dnrs(text, expected):
    hits = find_dnrs(text)
    assert [verbatim for verbatim, _, _ in hits] == expected
    for verbatim, start, end in hits:
        assert text[start:end].replace("\n", "") == verbatim
        assert parse_dnr(verbatim).parsed


NOT_FOUND = [
    "Beslutet gäller från 2016-12-31 till 2016-08-18.",
    "Under perioden 2016-2017 och 2021-2022.",
    "Kostnaden blir 0,7 mnkr, en ökning med 12 %.",
    "Kommittédirektiv Ju 2014:18 tillsattes.",
    "enligt skollagen (SFS 2010:800) och SOU 2014:18",
    "dataskyddsförordningen EU 2016/679",
    "läsåret 2021/22 och 2021/2022",
    "ärendet 2018/550 utan dnr-ord",  # series-less needs a preceding dnr
    "nummer 1.2.1./747-2017 utan dnr-ord",
    "dnr saknas 2018",
    "PM Rotel I",
    "Beslut KS 2018",
    "dnr 2016-12-31",
]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_find_dnrs_ignores_non_numbers(text):
    assert find_dnrs(text) == []


def test_find_dnrs_offsets_cover_line_break():
    text = "(dnr 006-\n1137/2007)"
    assert find_dnrs(text) == [("006-1137/2007", 5, 19)]
    assert text[5:19] == "006-\n1137/2007"
