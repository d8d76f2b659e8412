"""The passage a search result shows: where the text holds the words, with the hits marked. On
PostgreSQL the words are the stems the database made of the query; on SQLite, the spellings
``search_words`` gives."""

from decisions.selectors import HIT_END, HIT_START, SNIPPET_WORDS, PassageWords, marked_passage, search_words

# PostgreSQL's to_tsquery('swedish', ...) for "genomförts stöd", as it writes it.
GENOMFORTS_STOD = "( 'genomfort':* | 'genomfört':* ) & ( 'stod':* | 'stöd':* )"


def marks(passage: str) -> list[str]:
    return [part.split(HIT_END)[0] for part in passage.split(HIT_START)[1:]]


def test_a_hit_is_a_whole_word_that_begins_with_a_stem_in_any_case():
    words = PassageWords.of_tsquery(GENOMFORTS_STOD)
    passage = marked_passage("Insatser har genomförts. Stödet ges. GENOMFÖRT i tid, med understöd.", words)
    # "understöd" holds "stöd" but does not begin with it: the database would not have found it.
    assert marks(passage) == ["genomförts", "Stödet", "GENOMFÖRT"]


def test_a_text_without_a_hit_has_no_passage():
    words = PassageWords.of_tsquery(GENOMFORTS_STOD)
    assert marked_passage("Ogenomförts och förstod.", words) == ""
    assert marked_passage("", words) == ""


def test_the_passage_is_the_words_around_the_first_hit():
    before = " ".join(f"före{n}" for n in range(40))
    after = " ".join(f"efter{n}" for n in range(40))
    passage = marked_passage(
        f"{before} Arbetet har genomförts väl {after}", PassageWords.of_tsquery(GENOMFORTS_STOD)
    )
    words = passage.split()
    assert words[0] == "…" and words[-1] == "…"
    assert len(words) - 2 == SNIPPET_WORDS
    assert words[SNIPPET_WORDS // 3 + 1] == f"{HIT_START}genomförts{HIT_END}"
    assert "före39 Arbetet har" in passage and "före29" not in passage


def test_a_word_the_first_part_lacks_adds_a_second_part_around_its_first_hit():
    filler = " ".join(f"ord{n}" for n in range(200))
    text = f"Det har genomförts. {filler} Stöd ges till alla. {filler} Stöd igen."
    passage = marked_passage(text, PassageWords.of_tsquery(GENOMFORTS_STOD))
    first, second = passage.split(" … ")[:2]
    assert marks(first) == ["genomförts"]
    assert marks(second) == ["Stöd"]
    plain = passage.replace(HIT_START, "").replace(HIT_END, "")
    assert "Stöd ges till alla" in plain and "Stöd igen" not in plain


def test_a_hit_deep_in_a_long_protocol_is_found():
    protocol = "Paragrafen behandlar budget. " * 2_000 + "Uppföljningen har genomförts enligt plan."
    passage = marked_passage(protocol, PassageWords.of_tsquery(GENOMFORTS_STOD))
    assert passage.endswith(f"har {HIT_START}genomförts{HIT_END} enligt plan.")


def test_on_sqlite_a_spelling_may_sit_inside_a_word_as_the_search_found_it():
    words = PassageWords(search_words("medlemskapet"), word_start=False)
    passage = marked_passage("Staden ansöker om medlemskap i nätverket, ett EU-medlemskap.", words)
    assert marks(passage) == ["medlemskap", "medlemskap"]
