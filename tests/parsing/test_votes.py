"""Golden tests for votes (votering): the proposition, named ballots in lists and tables, the
announced totals, the result and the check of the totals against the names. All people, parties
and municipalities are invented."""

from decisions.parsing import parse_document
from decisions.parsing.votes import parse_votes

from .conftest import JUNE, document_text


def _ballots(vote):
    return [(b.person.name, b.person.party, b.vote) for b in vote.ballots]


def _counts(vote):
    return (vote.yes, vote.no, vote.abstain)


NAMED_LISTS = """Beslutsgång

Ordföranden finner att styrelsen beslutat enligt Alma Rud (S) yrkande.

Votering begärdes.

Styrelsen godkänner följande voteringsproposition: Ja-röst för bifall till Alma Ruds (S) yrkande,
Nej-röst för bifall till Ove Brand (M) yrkande.

Ja röstar: Alma Rud (S), Ture Vik (S), Dana Holt (V)

Nej röstar: Ove Brand (M), Lisa Falk (KD)

Avstår: Nils Ring (ÖP)

Med 3 ja-röster mot 2 nej-röster och 1 som avstår har styrelsen beslutat enligt Alma Ruds (S) yrkande.

Reservation

Ove Brand (M) reserverade sig mot beslutet med 4 ja-röster i tankarna.
"""


def test_named_lists_with_matching_totals():
    (vote,) = parse_votes(NAMED_LISTS)
    assert (vote.yes_means, vote.no_means) == (
        "bifall till Alma Ruds (S) yrkande",
        "bifall till Ove Brand (M) yrkande",
    )
    assert vote.question == (
        "Ja-röst för bifall till Alma Ruds (S) yrkande, Nej-röst för bifall till Ove Brand (M) yrkande."
    )
    assert _ballots(vote) == [
        ("Alma Rud", "S", "yes"),
        ("Ture Vik", "S", "yes"),
        ("Dana Holt", "V", "yes"),
        ("Ove Brand", "M", "no"),
        ("Lisa Falk", "KD", "no"),
        ("Nils Ring", "ÖP", "abstain"),
    ]
    assert _counts(vote) == (3, 2, 1)
    assert vote.mismatch is None
    assert vote.result == (
        "Med 3 ja-röster mot 2 nej-röster och 1 som avstår har styrelsen beslutat enligt "
        "Alma Ruds (S) yrkande."
    )


def test_vote_span_runs_from_the_request_to_the_result_and_names_point_into_the_text():
    (vote,) = parse_votes(NAMED_LISTS)
    passage = NAMED_LISTS[vote.span[0] : vote.span[1]]
    assert passage.startswith("Votering begärdes.")
    assert passage.endswith("enligt Alma Ruds (S) yrkande.")
    assert "Reservation" not in passage  # the next section is no part of the vote
    for ballot in vote.ballots:
        assert NAMED_LISTS[ballot.person.span[0] : ballot.person.span[1]] == ballot.person.name


def test_a_mismatch_is_reported_not_raised():
    text = NAMED_LISTS.replace("Med 3 ja-röster mot 2 nej-röster", "Med 4 ja-röster mot 2 nej-röster")
    (vote,) = parse_votes(text)
    assert _counts(vote) == (4, 2, 1)  # the announced totals are kept as announced
    assert len(vote.ballots) == 6
    assert vote.mismatch == "ja: 4 redovisade, 3 namngivna"


def test_several_counts_differing_are_all_named():
    text = NAMED_LISTS.replace("och 1 som avstår", "och 2 som avstår").replace("2 nej-röster", "3 nej-röster")
    (vote,) = parse_votes(text)
    assert vote.mismatch == "nej: 3 redovisade, 2 namngivna; avstår: 2 redovisade, 1 namngivna"


FOLLOWING_FORM = """Votering begärs och verkställs.

Den som vill bifalla motionen röstar ja, den det ej vill röstar nej.

Följande röstar ja: Alma Rud (S), Ture Vik (S),
Dana Holt (V)
Ebba Lind (MP)

Följande röstar nej: Ove Brand (M)

Följande avstår från att rösta: Nils Ring (ÖP)

Omröstningsresultat: 4 ja, 1 nej, 1 avstår

Nämnden har således bifallit motionen.
"""


def test_following_form_with_names_over_several_lines_and_unstated_no():
    (vote,) = parse_votes(FOLLOWING_FORM)
    assert (vote.yes_means, vote.no_means) == ("bifalla motionen", "")
    assert vote.question == "Den som vill bifalla motionen röstar ja, den det ej vill röstar nej."
    assert [name for name, _, choice in _ballots(vote) if choice == "yes"] == [
        "Alma Rud",
        "Ture Vik",
        "Dana Holt",
        "Ebba Lind",
    ]
    assert _counts(vote) == (4, 1, 1)
    assert vote.mismatch is None
    assert vote.result == "Nämnden har således bifallit motionen."


TABLE = """Votering begärdes.

Ja-röst för bifall till förvaltningens förslag. Nej-röst för avslag.

Ledamot\tParti\tJa\tNej\tAvstår\tFrånvarande
Alma Rud\tSocialdemokraterna\tX\t\t\t
Ove Brand\tM\t\tX\t\t
Nils Ring\tÖP\t\t\tX\t
Ebba Lind\tMiljöpartiet\tx\t\t\t
Ture Vik\tS\t\t\t\tX
Sten Ahl\tKD\t\t\t\t
Summa\t\t2\t1\t1\t1

Nämnden har beslutat enligt förvaltningens förslag.
"""


def test_tab_table_with_written_out_parties_and_a_summa_row():
    (vote,) = parse_votes(TABLE)
    assert (vote.yes_means, vote.no_means) == ("bifall till förvaltningens förslag", "avslag")
    assert _ballots(vote) == [
        ("Alma Rud", "S", "yes"),  # "Socialdemokraterna" -> S
        ("Ove Brand", "M", "no"),
        ("Nils Ring", "ÖP", "abstain"),  # a local party's abbreviation as written
        ("Ebba Lind", "MP", "yes"),
        ("Ture Vik", "S", "absent"),
    ]  # Sten Ahl has no mark: no ballot
    assert _counts(vote) == (2, 1, 1)  # from the Summa row
    assert vote.mismatch is None
    assert vote.result == "Nämnden har beslutat enligt förvaltningens förslag."
    first = vote.ballots[0].person
    assert TABLE[first.span[0] : first.span[1]] == "Alma Rud"


def test_counts_written_as_words():
    text = (
        "Votering begärdes.\n\nJa-röst för bifall, nej-röst för avslag.\n\n"
        "Med sju ja-röster mot sex nej-röster och en ledamot som avstod har fullmäktige beslutat "
        "enligt förslaget.\n"
    )
    (vote,) = parse_votes(text)
    assert _counts(vote) == (7, 6, 1)
    assert (vote.ballots, vote.mismatch) == ((), None)  # nothing named, nothing to check


def test_totals_without_names_and_names_without_totals():
    counted = parse_votes("Votering begärdes.\n\nResultat: 7 ja, 6 nej och 1 avstår.\n")[0]
    assert _counts(counted) == (7, 6, 1)
    named = parse_votes("Votering begärdes.\n\nJa röstar: Alma Rud (S)\n\nNej röstar: Ove Brand (M)\n")[0]
    assert _counts(named) == (1, 1, 0)  # no totals announced: the names are counted
    assert named.mismatch is None


def test_two_votes_in_one_paragraph_are_read_apart():
    first = "Votering begärdes.\n\nJa-röst för att avgöra ärendet i dag, Nej-röst för återremiss.\n\n"
    first += "Med 5 ja-röster mot 4 nej-röster har nämnden beslutat att avgöra ärendet i dag.\n\n"
    second = "Votering begärdes.\n\nJa-röst för bifall till förslaget, Nej-röst för avslag.\n\n"
    second += "Med 6 ja-röster mot 3 nej-röster har nämnden beslutat enligt förslaget.\n"
    votes = parse_votes(first + second)
    assert [(v.yes_means, _counts(v)) for v in votes] == [
        ("att avgöra ärendet i dag", (5, 4, 0)),
        ("bifall till förslaget", (6, 3, 0)),
    ]
    assert votes[0].span[1] <= votes[1].span[0]


def test_no_vote_no_result():
    assert parse_votes("Beslutsgång\n\nOrdföranden finner att nämnden bifaller förslaget.\n") == []


# --- The invented Nackaby protocols ----------------------------------------------------------------


def test_june_has_two_votes_in_paragraphs_104_and_107(june):
    _, cases = june
    assert [(case.paragraph, len(case.votes)) for case in cases if case.votes] == [("§ 104", 1), ("§ 107", 1)]
    assert sum(len(case.votes) for case in cases) == 2


def test_june_104_named_lists_match_the_totals(june):
    text, cases = june
    (vote,) = cases[3].votes
    assert (vote.yes_means, vote.no_means) == (
        "bifall till Maria Ekströms (S) yrkande",
        "bifall till Henrik Sandbergs (M) avslagsyrkande",
    )
    assert _counts(vote) == (7, 5, 1)
    assert _ballots(vote) == [
        ("Maria Ekström", "S", "yes"),
        ("Tomas Lind", "S", "yes"),
        ("Nadia Haddad", "S", "yes"),
        ("Elin Forsberg", "C", "yes"),
        ("Jonas Åkesson", "L", "yes"),
        ("Rami Yousef", "V", "yes"),
        ("Sofia Lundgren", "MP", "yes"),
        ("Henrik Sandberg", "M", "no"),
        ("Ulla Björk", "M", "no"),
        ("Gustav Wretman", "M", "no"),
        ("Birgitta Holm", "KD", "no"),
        ("Kent Olsson", "SD", "no"),
        ("Ingrid Fors", "NL", "abstain"),
    ]
    assert vote.mismatch is None
    assert vote.result == (
        "Med 7 ja-röster mot 5 nej-röster och 1 som avstod har kommunstyrelsen beslutat enligt "
        "Maria Ekströms (S) yrkande."
    )
    assert text[vote.span[0] : vote.span[1]].startswith("Votering begärdes.")


def test_june_107_tab_table_across_a_page_break(june):
    text, cases = june
    (vote,) = cases[6].votes
    assert (vote.yes_means, vote.no_means) == (
        "bifalla Henrik Sandbergs (M) yrkande",
        "enligt Rami Yousefs (V) avslagsyrkande",
    )
    assert _counts(vote) == (9, 3, 1)
    assert len(vote.ballots) == 13  # three rows before the page break, ten after it
    assert [name for name, _, choice in _ballots(vote) if choice == "no"] == [
        "Rami Yousef",
        "Sofia Lundgren",
        "Ingrid Fors",
    ]
    assert [(name, party) for name, party, choice in _ballots(vote) if choice == "abstain"] == [
        ("Kent Olsson", "SD")
    ]
    assert vote.mismatch is None
    assert vote.result == "Kommunstyrelsen har således beslutat enligt Henrik Sandbergs (M) yrkande."
    passage = text[vote.span[0] : vote.span[1]]
    assert "SAMMANTRÄDESPROTOKOLL" in passage  # the span is the source passage, furniture and all
    for ballot in vote.ballots:
        assert text[ballot.person.span[0] : ballot.person.span[1]] == ballot.person.name


def test_june_votes_decide_the_proposals(june):
    _, cases = june
    for case in (cases[3], cases[6]):
        assert [(p.kind, p.origin, p.outcome) for p in case.proposals] == [
            ("proposal", "arbetsutskottet", "adopted"),
            ("motion", None, "rejected"),
        ]


def test_august_121_totals_differ_from_the_names(august):
    _, cases = august
    (vote,) = cases[1].votes
    assert (vote.yes_means, vote.no_means) == ("bifalla motionen", "")
    assert _counts(vote) == (7, 6, 1)  # as announced
    assert [choice for _, _, choice in _ballots(vote)].count("no") == 5
    assert len(vote.ballots) == 13
    assert vote.mismatch == "nej: 6 redovisade, 5 namngivna"
    assert vote.result == "Kommunstyrelsen har således bifallit motionen."


def test_votes_reach_parse_document():
    document = parse_document(document_text(JUNE), filename=JUNE)
    assert [len(case.votes) for case in document.cases] == [0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
