"""parse_statements and the layout helpers it shares with the PM parser, on small invented texts."""

from decisions.parsing.furniture import mask_furniture
from decisions.parsing.statements import body_name, names_body, parse_statements, segments


def authors(statement):
    return [(actor.name, actor.party) for actor in statement.authors]


def test_substitute_statement_without_av_still_has_its_author():
    text = "Ersättaryttrande gjordes Ingrid Falk (KD) med hänvisning till Kristdemokraternas förslag.\n"
    (statement,) = parse_statements(text)
    assert (statement.kind, statement.label) == ("substitute_statement", "Ersättaryttrande")
    assert authors(statement) == [("Ingrid Falk", "KD")]
    assert statement.text == "med hänvisning till Kristdemokraternas förslag."
    assert statement.span == (0, len(text) - 1)


def test_special_statement_with_colon_takes_the_following_paragraphs_up_to_a_reservation():
    text = (
        "Särskilt yttrande lämnades av Ulla Berg (S) och Ali Nour (V):\n\n"
        "Vi delar inte bedömningen.\n\n"
        "Frågan bör utredas vidare.\n\n"
        "Reservation anfördes av Bo Ek (SD) till förmån för eget förslag.\n"
    )
    (statement,) = parse_statements(text)
    assert statement.kind == "special_statement"
    assert authors(statement) == [("Ulla Berg", "S"), ("Ali Nour", "V")]
    assert statement.text == "Vi delar inte bedömningen.\n\nFrågan bör utredas vidare."
    assert text[slice(*statement.span)].endswith("utredas vidare.")


def test_forum_is_the_nearest_body_heading_else_the_default():
    text = (
        "Särskilt uttalande gjordes av Eva Lund (C) med hänvisning till tidigare uttalande.\n\n"
        "Kulturnämnden\n\n"
        "Särskilt uttalande gjordes av Eva Lund (C) med hänvisning till tidigare uttalande.\n"
    )
    statements = parse_statements(text, default_forum="Kommunstyrelsen")
    assert [s.forum for s in statements] == ["Kommunstyrelsen", "Kulturnämnden"]


def test_window_limits_the_statements_found():
    text = (
        "Särskilt yttrande gjordes av Eva Lund (C) med hänvisning till förslaget.\n\n"
        "Särskilt yttrande gjordes av Per Holm (L) med hänvisning till förslaget.\n"
    )
    second = text.index("Särskilt yttrande gjordes av Per")
    assert [authors(s) for s in parse_statements(text, second)] == [[("Per Holm", "L")]]
    assert [authors(s) for s in parse_statements(text, 0, second)] == [[("Eva Lund", "C")]]


def test_reference_points_to_the_latest_statement_of_that_kind_in_the_named_forum():
    text = (
        "Socialnämnden\n\n"
        "Särskilt uttalande gjordes av Eva Lund (C) enligt följande.\n\nFörsta.\n\n"
        "Särskilt uttalande gjordes av Per Holm (L) enligt följande.\n\nAndra.\n\n"
        "Erik Sten (S) lät anteckna följande till protokollet.\n\nTredje.\n\n"
        "Kommunstyrelsen\n\n"
        "Särskilt uttalande gjordes av Per Holm (L) med hänvisning till Liberalernas särskilda uttalande"
        " i socialnämnden.\n\n"
        "Ersättaryttrande gjordes av Eva Lund (C) med hänvisning till uttalandet i byggnadsnämnden.\n"
    )
    statements = parse_statements(text)
    assert [(s.kind, s.forum) for s in statements] == [
        ("special_statement", "Socialnämnden"),
        ("special_statement", "Socialnämnden"),
        ("minutes_note", "Socialnämnden"),
        ("special_statement", "Kommunstyrelsen"),
        ("substitute_statement", "Kommunstyrelsen"),
    ]
    assert [s.refers_to for s in statements] == [None, None, None, 1, None]


def test_minutes_note_written_as_a_sentence_with_for_whom():
    text = (
        "Nora Vik (MP) lät anteckna följande till protokollet för Miljöpartiet.\n\n"
        "Vi vill se mer cykelparkering.\n"
    )
    (statement,) = parse_statements(text)
    assert (statement.kind, statement.label) == ("minutes_note", "Protokollsanteckning")
    assert authors(statement) == [("Nora Vik", "MP")]
    assert statement.text == "Vi vill se mer cykelparkering."
    assert text[slice(*statement.span)].startswith("Nora Vik (MP) lät anteckna")


def test_label_heading_over_a_plain_paragraph_is_one_statement():
    text = (
        "Särskilt yttrande\n\nLiberalerna anser att avgiften är för hög.\n\n"
        "Beredning\n\nÄrendet har beretts.\n"
    )
    (statement,) = parse_statements(text)
    assert (statement.kind, statement.label, statement.authors) == (
        "special_statement",
        "Särskilt yttrande",
        (),
    )
    assert statement.text == "Liberalerna anser att avgiften är för hög."


def test_a_statement_mentioned_inside_a_paragraph_is_no_statement():
    text = "I ärendet har tidigare särskilt uttalande gjordes av Eva Lund (C) enligt följande.\n\nText.\n"
    assert parse_statements(text) == []


def test_ocr_labels_stay_verbatim_and_forums_are_cleaned():
    text = (
        "Borgarradsberedningen tillstyrker foredragande borgarradets forslag.\n"
        "Sarskilt uttalande gjordes av borgarradet Nils Ås (M) enligt foljande.\n\n"
        "Vi ar kritiska.\n\n"
        "Kommunstyrelsen\n"
        "Ersittaryttrande gjordes av Lena Ny (C) med\n"
        "hanvisning till Moderaternas sarskilda uttalande i borgarradsberedningen.\n"
    )
    first, second = parse_statements(text)
    assert (first.label, first.forum, first.authors[0].role) == (
        "Sarskilt uttalande",
        "Borgarrådsberedningen",
        "borgarråd",
    )
    assert first.text == "Vi ar kritiska."
    assert (second.label, second.kind, second.forum, second.refers_to) == (
        "Ersittaryttrande",
        "substitute_statement",
        "Kommunstyrelsen",
        0,
    )
    assert second.text == "med hanvisning till Moderaternas sarskilda uttalande i borgarradsberedningen."


def test_body_name_prefers_a_clean_spelling_found_in_the_document():
    assert body_name("Borgarradsberedningen") == "Borgarrådsberedningen"
    assert body_name("Ostermalms stadsdelsnamnd", "Östermalms stadsdelsnämnd sammanträdde.") == (
        "Östermalms stadsdelsnämnd"
    )
    assert body_name("kommunfullmiktige") == "kommunfullmäktige"
    assert body_name("Kommunstyrelsen") == "Kommunstyrelsen"


def test_names_body_takes_body_headings_only():
    assert names_body("Kommunstyrelsen")
    assert names_body("Kommunstyrelsens arbetsutskott")
    assert names_body("Kultur- och fritidsnämnden")
    assert not names_body("Stadsledningskontoret")
    assert not names_body("Uppdrag till socialnämnden")


def test_segments_join_a_paragraph_across_page_furniture():
    text = (
        "Ärendet\n"
        "Nämnden har utrett frågan och föreslår att\n\n"
        "Sida 2 (3)\n\nSjöviks kommun – PM 7\n\n"
        "Kommunen ansluter sig.\n\n"
        "Sjöviks kommun – PM 7\n\nSjöviks kommun – PM 7\n"
    )
    layout = segments(mask_furniture(text))
    assert [(s.kind, s.text) for s in layout] == [
        ("heading", "Ärendet"),
        ("text", "Nämnden har utrett frågan och föreslår att Kommunen ansluter sig."),
    ]
