"""Every read path, walked as anonymous, Registrator, Sekretessbehörig and superuser: a confidential
case exists only for those with the right. Vallentuna's KS 2016.371 is the confidential case; it is
the only case of its municipality and holds the register's one action plan, so every page that
shows cases, people, parties, bodies, units, plans or activities has something to leak."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from decisions.dnr import normalize_dnr as dnr_key
from decisions.models import ActionPlan, Activity, Body, Case, Person, Reference, Unit

from ..ui.helpers import csv_rows, page, text_of
from .conftest import mark_confidential

pytestmark = pytest.mark.django_db

LIST = reverse("decisions:case_list")
CSV = reverse("decisions:case_csv")
TITLE = "Handlingsplan mot våldsbejakande extremism 2016-2017"
DNR = "KS 2016.371"
# Seen only in KS 2016.371: its chair and the authors of its proposals.
ONLY_THERE = {"Parisa Liljestrand", "Ylva Mozis", "Jaana Tilles", "Nicklas Steorn", "Sofia Segergren"}


def listed(response) -> set[str]:
    return {case.title for case in response.context["object_list"]}


def test_home_counts_and_activity_lists(reader, secret):
    response = reader.client.get(reverse("decisions:home"))
    html = page(response)
    sees = reader.sees_confidential
    assert response.context["case_count"] == (5 if sees else 4)
    assert response.context["person_count"] == (23 if sees else 18)
    assert response.context["action_plan_count"] == (1 if sees else 0)
    # The plan's deadlines ran out in 2016 and 2017, so its open activities are all overdue.
    open_activities = Activity.objects.filter(status__in=["planned", "ongoing"]).count()
    assert open_activities == 8
    assert response.context["overdue_count"] == (open_activities if sees else 0)
    assert (TITLE in html) is sees


def test_case_list_and_csv(reader, secret):
    response = reader.client.get(LIST)
    assert response.context["paginator"].count == (5 if reader.sees_confidential else 4)
    assert (TITLE in listed(response)) is reader.sees_confidential
    assert (TITLE in {row[1] for row in csv_rows(reader.client.get(CSV))}) is reader.sees_confidential


@pytest.mark.parametrize("word", ["Vallentuna", "Segergren", "Liljestrand"])
def test_search_by_a_word_only_it_holds(reader, secret, word):
    response = reader.client.get(LIST, {"q": word})
    assert listed(response) == ({TITLE} if reader.sees_confidential else set())
    assert csv_rows(reader.client.get(CSV, {"q": word}))[1:] == (
        [
            [
                DNR,
                TITLE,
                "Vallentuna kommun",
                "Kommunstyrelsens arbetsutskott",
                "",
                "§ 138",
                "beslutat",
                f"http://testserver{secret.get_absolute_url()}",
            ]
        ]
        if reader.sees_confidential
        else []
    )


@pytest.mark.parametrize("spelling", [DNR, "ks 2016.371", "KS 2016-371"])
def test_its_dnr_redirects_only_those_who_may_see_it(reader, secret, spelling):
    response = reader.client.get(LIST, {"q": spelling})
    if reader.sees_confidential:
        assert response.status_code == 302
        assert response["Location"] == secret.get_absolute_url()
        return
    html = page(response)
    assert response.context["paginator"].count == 0
    assert secret.get_absolute_url() not in html
    assert TITLE not in html


def test_lists_filtered_by_its_party_body_and_person(reader, secret):
    committee = Body.objects.get(name="Kommunstyrelsens arbetsutskott")
    segergren = Person.objects.get(name="Sofia Segergren")
    expected = {TITLE} if reader.sees_confidential else set()
    for query in (
        {"party": "S"},
        {"party": "MP"},
        {"body": committee.pk},
        {"municipality": secret.municipality_id},
    ):
        assert listed(reader.client.get(LIST, query)) == expected, query
        assert {row[1] for row in csv_rows(reader.client.get(CSV, query))[1:]} == expected, query
    # For those without the right the person is no choice at all: the filter is refused, not applied.
    response = reader.client.get(LIST, {"person": segergren.pk})
    assert (TITLE in listed(response)) is reader.sees_confidential
    assert (segergren.name in page(response)) is reader.sees_confidential


def test_its_page_history_and_highlighted_source_answer_404(reader, secret):
    activity = Activity.objects.filter(plan__case=secret).first()
    urls = [
        secret.get_absolute_url(),
        secret.get_absolute_url() + f"?markera=aktivitet-{activity.pk}",
        reverse("decisions:case_history", args=[secret.pk]),
    ]
    for url in urls:
        assert reader.client.get(url).status_code == (200 if reader.sees_confidential else 404), url


def test_its_activity_marked_on_another_case_shows_nothing(reader, secret, skarholmen):
    activity = Activity.objects.filter(plan__case=secret).first()
    html = page(reader.client.get(skarholmen.get_absolute_url(), {"markera": f"aktivitet-{activity.pk}"}))
    assert 'id="markerat"' not in html
    assert activity.title[:40] not in html


def test_its_edit_urls(reader, secret):
    """Registrators without the right get 404 as if it did not exist; anonymous readers the login page,
    as for any edit URL; Sekretessbehörig may see it but not edit (403); the superuser edits."""
    proposal = secret.proposals.first()
    attachment = secret.attachments.first()
    urls = [
        reverse("decisions:case_update", args=[secret.pk]),
        reverse("decisions:proposal_update", args=[secret.pk, proposal.pk]),
        reverse("decisions:attachment_update", args=[secret.pk, attachment.pk]),
        reverse("decisions:proposal_create", args=[secret.pk]),
        reverse("decisions:statement_create", args=[secret.pk]),
        reverse("decisions:reservation_create", args=[secret.pk]),
        reverse("decisions:attachment_create", args=[secret.pk]),
    ]
    expected = {"anonym": 302, "registrator": 404, "sekretessbehorig": 403, "superuser": 200}[reader.name]
    for url in urls:
        assert reader.client.get(url).status_code == expected, url
        if reader.name == "superuser":
            continue
        assert reader.client.post(url, {"title": "Ändrad"}).status_code == expected, url
    secret.refresh_from_db()
    assert secret.title == TITLE


def test_people_seen_only_in_it(reader, secret):
    people = reader.client.get(reverse("decisions:person_list"))
    names = {person.name for person in people.context["object_list"]}
    assert people.context["paginator"].count == (23 if reader.sees_confidential else 18)
    for name in ONLY_THERE:
        person = Person.objects.get(name=name)
        assert reader.client.get(person.get_absolute_url()).status_code == (
            200 if reader.sees_confidential else 404
        )
        assert (name in names) is reader.sees_confidential
        found = reader.client.get(reverse("decisions:person_list"), {"q": name.split()[-1]})
        assert (found.context["paginator"].count == 1) is reader.sees_confidential


def test_party_pages_show_neither_its_cases_nor_its_people(reader, secret):
    for abbreviation in ("S", "MP", "M", "L", "C"):
        response = reader.client.get(reverse("decisions:party_detail", args=[abbreviation]))
        html = page(response)
        members = {person.name for person in response.context["members"]}
        assert (TITLE in html) is reader.sees_confidential, abbreviation
        assert (bool(members & ONLY_THERE)) is reader.sees_confidential, abbreviation
    social_democrats = reader.client.get(reverse("decisions:party_detail", args=["S"]))
    assert social_democrats.context["case_count"] == (1 if reader.sees_confidential else 0)


def test_body_pages_show_none_of_its_cases(reader, secret):
    for body in Body.objects.all():
        response = reader.client.get(body.get_absolute_url())
        assert (TITLE in page(response)) is (reader.sees_confidential and body == secret.body), body.name
    committee = Body.objects.get(name="Kommunstyrelsens arbetsutskott")
    assert reader.client.get(committee.get_absolute_url()).context["case_count"] == int(
        reader.sees_confidential
    )


def test_unit_pages_show_none_of_its_activities(reader, secret):
    for unit in Unit.objects.all():
        response = reader.client.get(unit.get_absolute_url())
        shown = list(response.context["activities"])
        responsible = reader.sees_confidential and unit.activities.exists()
        assert bool(shown) is responsible, unit.abbreviation
        assert (TITLE in page(response)) is responsible, unit.abbreviation


def test_its_action_plan_page_answers_404(reader, secret):
    plan = ActionPlan.objects.get(case=secret)
    assert reader.client.get(plan.get_absolute_url()).status_code == (
        200 if reader.sees_confidential else 404
    )


def test_a_public_case_citing_it_does_not_link_it(reader, ctpn):
    """A public case citing KS 2021/346 shows the citation as unknown once that case is confidential."""
    nordic = Case.objects.get(dnr="KS 2018/550")
    Reference.objects.create(case=nordic, text="KS 2021/346", target=ctpn)
    ctpn_url = ctpn.get_absolute_url()
    mark_confidential(ctpn)
    html = page(reader.client.get(nordic.get_absolute_url()))
    assert (f'href="{ctpn_url}"' in html) is reader.sees_confidential
    assert ("KS 2021/346 (finns inte i registret)" in text_of(html)) is not reader.sees_confidential


def test_the_admin_is_for_administrators_only(reader, secret):
    changelist = reverse("admin:decisions_case_changelist")
    change = reverse("admin:decisions_case_change", args=[secret.pk])
    for url in (changelist, change, reverse("admin:decisions_case_history", args=[secret.pk])):
        response = reader.client.get(url)
        if reader.name == "superuser":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/login/"), url
    if reader.name == "superuser":
        assert TITLE in reader.client.get(change).content.decode()


def _export(*flags) -> dict:
    out = StringIO()
    call_command("export_register", *flags, stdout=out)
    return json.loads(out.getvalue())


def test_export_leaves_it_and_its_people_out_unless_asked(secret):
    public = _export()
    assert DNR not in {case["dnr"] for case in public["cases"]}
    assert len(public["cases"]) == 4
    assert not ONLY_THERE & {person["name"] for person in public["people"]}
    assert "Sofia Segergren" not in json.dumps(public, ensure_ascii=False)
    everything = _export("--include-confidential")
    exported = next(case for case in everything["cases"] if case["dnr"] == DNR)
    assert (exported["confidential"], exported["title"]) == (True, TITLE)
    assert {person["name"] for person in everything["people"]} >= ONLY_THERE


@pytest.fixture
def protocol(register):
    """Nackaby's protocol of 2021-06-14 records fourteen cases in one document; § 106 (KFKS 2021/140,
    a preschool in Älvsnäs) is marked confidential."""
    path = settings.BASE_DIR / "tests" / "documents" / "protokoll_nackaby_kommunstyrelsen_2021-06-14.txt"
    call_command("import_document", str(path), "--municipality", "Nackaby kommun", stdout=StringIO())
    return mark_confidential(Case.objects.get(dnr_key=dnr_key("KFKS 2021/140")))


def test_a_protocol_that_also_records_it_is_withheld(reader, protocol):
    """The other paragraphs' pages would show the whole protocol, § 106 included: for those without
    the right, the protocol's text is not shown and its words find nothing."""
    fee = Case.objects.get(dnr_key=dnr_key("KFKS 2021/201"))
    html = page(reader.client.get(fee.get_absolute_url()))
    assert ("Ny förskola i Älvsnäs" in html) is reader.sees_confidential
    assert "Ändrad taxa för bygglov" in html  # the case's own title and decision still show
    found = listed(reader.client.get(LIST, {"q": "Älvsnäs"}))
    assert (protocol.title in found) is reader.sees_confidential
    assert found if reader.sees_confidential else found == set()


@pytest.mark.postgres
def test_a_broad_search_finds_nothing_in_a_withheld_protocol(reader, protocol, monkeypatch):
    """A broad search walks the cases newest first and looks into each one's protocols: only into
    those the reader may read. It finds what the ranked search finds, for every reader."""
    from decisions import selectors

    ranked = listed(reader.client.get(LIST, {"q": "Älvsnäs"}))
    monkeypatch.setattr(selectors, "SEARCH_RANK_LIMIT", 0)
    response = reader.client.get(LIST, {"q": "Älvsnäs"})
    assert response.context["broad_search"]
    found = listed(response)
    fee = Case.objects.get(dnr_key=dnr_key("KFKS 2021/201"))
    assert (fee.title in found) is reader.sees_confidential
    assert found == ranked
    assert found if reader.sees_confidential else found == set()


@pytest.mark.postgres
def test_a_search_alone_finds_and_ranks_as_a_search_with_filters_does(reader, protocol):
    """A narrow search alone reads its ranked keys by queries of its own (``RankedSearch``): the
    cases whose own text holds the word by rank, then the rest newest first. It finds what the
    search beside other filters finds (``case_search``), in the same order, for every reader, cut
    into pages anywhere; never the confidential § 106, nor by its protocol, without the right."""
    from decisions import selectors

    visible = selectors.case_visible_list(user=reader.user)
    found = {}
    for word in ["förskola", "Älvsnäs", "bygglov", "kommunstyrelsen", "terrorattentat"]:
        expected = list(selectors.case_search(visible, word, user=reader.user).values_list("pk", flat=True))
        ranked = selectors.case_search_ranked(word, user=reader.user, span=(0, 2))
        assert len(ranked) == len(expected)
        assert [key for n in range(len(expected)) for key in ranked[n : n + 1]] == expected
        assert ranked[1 : len(expected) + 5] == expected[1:]
        found[word] = set(Case.objects.filter(pk__in=expected).values_list("dnr", flat=True))
    # KS 2018/550's statement, quoted in Skärholmen's protocol.
    assert found.pop("terrorattentat") == {"KS 2018/550", "1.2.1./747-2017"}
    # The protocol holds every other word, so for those who may read it, each finds § 106 and the
    # protocol's other paragraphs; for the others, only cases that hold the word themselves.
    for word, dnrs in found.items():
        assert ("KFKS 2021/140" in dnrs) is reader.sees_confidential
        assert ("KFKS 2021/95" in dnrs) is (reader.sees_confidential or word == "kommunstyrelsen")
    if not reader.sees_confidential:
        assert (found["förskola"], found["Älvsnäs"], found["bygglov"]) == (
            {"1.2.1./747-2017"},
            set(),
            {"KFKS 2021/201"},
        )


@pytest.mark.postgres
def test_a_snippet_never_quotes_a_withheld_protocol(reader, protocol):
    """A case whose own text lacks the word gets its snippet from elsewhere: from the protocol only
    for those who may read it. The snippet query's SQL is kept per level of access, so asking as
    an anonymous reader before and after must give the same answer."""
    from decisions.selectors import case_search_snippets

    fee = Case.objects.get(dnr_key=dnr_key("KFKS 2021/201"))
    assert case_search_snippets([fee], "Älvsnäs", user=None) == {}
    snippet = case_search_snippets([fee], "Älvsnäs", user=reader.user).get(fee.pk, "")
    assert ("Ny förskola i \ue000Älvsnäs\ue001" in snippet) is reader.sees_confidential
    assert case_search_snippets([fee], "Älvsnäs", user=None) == {}


def test_hidden_cases_are_exactly_the_cases_not_visible(reader, secret):
    from decisions.selectors import case_hidden_list, case_visible_list

    visible = set(case_visible_list(user=reader.user).values_list("pk", flat=True))
    hidden = set(case_hidden_list(user=reader.user).values_list("pk", flat=True))
    assert hidden.isdisjoint(visible)
    assert visible | hidden == set(Case.objects.values_list("pk", flat=True))
    assert (secret.pk in hidden) is not reader.sees_confidential


def kept_on_documents() -> dict[int, tuple[list[int], bool]]:
    """What each document's row keeps of its cases (migration 0012): their keys, and whether one
    of them is confidential."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id, case_keys, records_confidential FROM decisions_sourcedocument")
        return {pk: (sorted(keys), flag) for pk, keys, flag in cursor.fetchall()}


def kept_as_the_links_and_the_rule_say() -> dict[int, tuple[list[int], bool]]:
    """The same, worked out from the links and from what withholds a document from the public."""
    from decisions.models import SourceDocument
    from decisions.selectors import document_visible_list

    readable = set(document_visible_list(access="public").values_list("pk", flat=True))
    links = SourceDocument.cases.through.objects.values_list("sourcedocument_id", "case_id")
    keys = {pk: [] for pk in SourceDocument.objects.values_list("pk", flat=True)}
    for document, case in links:
        keys[document].append(case)
    return {pk: (sorted(cases), pk not in readable) for pk, cases in keys.items()}


@pytest.mark.postgres
def test_each_document_keeps_its_cases_and_whether_one_hides_it(protocol):
    """The ranked search reads a matching document's cases, and whether it is withheld, from the
    document's row. Triggers keep both as the links and the cases' confidentiality say, through
    every change: an import, marking and unmarking a case, a link removed, and a confidential case
    loaded after the links to it (a fixture's order)."""
    from django.db import connection, transaction

    from decisions.models import Municipality, SourceDocument

    nackaby = SourceDocument.objects.get(cases=protocol)
    fee = Case.objects.get(dnr_key=dnr_key("KFKS 2021/201"))
    assert kept_on_documents()[nackaby.pk] == (sorted(c.pk for c in nackaby.cases.all()), True)
    assert {protocol.pk, fee.pk} <= set(kept_on_documents()[nackaby.pk][0])
    assert kept_on_documents() == kept_as_the_links_and_the_rule_say()

    protocol.confidential = False
    protocol.save()
    assert kept_on_documents()[nackaby.pk][1] is False
    mark_confidential(fee)
    nackaby.cases.remove(protocol)
    assert protocol.pk not in kept_on_documents()[nackaby.pk][0]
    assert kept_on_documents()[nackaby.pk][1] is True
    nackaby.cases.remove(fee)
    assert kept_on_documents()[nackaby.pk] == (sorted(c.pk for c in nackaby.cases.all()), False)
    assert kept_on_documents() == kept_as_the_links_and_the_rule_say()

    # A fixture may link a document to a case it loads later: the links' checks wait for the commit.
    with transaction.atomic():
        document = SourceDocument.objects.create(filename="sent.txt", sha256="1" * 64, text="Sent")
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO decisions_sourcedocument_cases (sourcedocument_id, case_id) VALUES (%s, %s)",
                [document.pk, 999_999],
            )
        late = Case.objects.create(
            pk=999_999,
            dnr="KS 2099/1",
            title="Sent",
            municipality=Municipality.objects.first(),
            confidential=True,
            secrecy_reference="OSL 18 kap. 1 §",
        )
    assert kept_on_documents()[document.pk] == ([late.pk], True)
    assert kept_on_documents() == kept_as_the_links_and_the_rule_say()
