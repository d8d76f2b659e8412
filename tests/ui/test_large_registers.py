"""What keeps pages fast as the register grows, checked at small scale by lowering the limits:
broad searches newest first with an estimated count, capped person pages, cached home counts and
the plan filter that gives way to a hidden field; later pages found by key, the unfiltered count and
the filter choices kept until the register changes."""

import pytest
from django.urls import reverse

from decisions import filters, selectors, views
from decisions.models import Case, Person, Reservation

pytestmark = pytest.mark.django_db

LIST = reverse("decisions:case_list")


@pytest.mark.postgres
def test_a_broad_search_comes_newest_first_with_an_estimated_count(client, register, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_RANK_LIMIT", 1)
    response = client.get(LIST, {"q": "nätverket"})
    dates = [case.date for case in response.context["object_list"]]
    dated = [day for day in dates if day is not None]
    # Newest first; a case without a date (found in a protocol) comes last.
    assert len(dated) >= 2 and dated == sorted(dated, reverse=True)
    assert dates == dated + [None] * (len(dates) - len(dated))
    assert response.context["paginator"].estimated
    assert "visas med de senaste först" in response.content.decode()


@pytest.mark.postgres
def test_an_estimate_below_what_a_broad_search_finds_never_cuts_its_page_short(client, register, monkeypatch):
    """A broad search alone is counted from its estimate; statistics from before the register grew
    can put that below the cases there are. The page still lists every case it finds, and the
    count rises to them."""
    ranked = client.get(LIST, {"q": "nätverket"}).context["object_list"]
    monkeypatch.setattr(selectors, "SEARCH_RANK_LIMIT", 0)
    monkeypatch.setattr(selectors, "case_search_broad_estimate", lambda *args, **kwargs: 1)
    response = client.get(LIST, {"q": "nätverket"})
    assert response.context["broad_search"]
    found = {case.dnr for case in response.context["object_list"]}
    assert len(found) >= 2 and found == {case.dnr for case in ranked}
    assert response.context["paginator"].count == len(found)


@pytest.mark.postgres
def test_a_broad_search_finds_a_word_of_a_statement_by_checking_each_case_it_walks(register, monkeypatch):
    """The word "terrorattentat" is in the special statement of KS 2018/550, not in its own text,
    and in Skärholmen's protocol for 1.2.1./747-2017, which quotes that statement. A broad search
    finds both, as the ranked search does, by looking up each case's statements and protocols as
    it walks the cases newest first, not by first collecting every matching row of the register."""
    ranked = selectors.case_search(Case.objects.all(), "terrorattentat")
    monkeypatch.setattr(selectors, "SEARCH_RANK_LIMIT", 0)
    assert selectors.case_search_broad_estimate("terrorattentat") is not None
    found = selectors.case_search(Case.objects.all(), "terrorattentat", broad=True)
    assert set(found.values_list("dnr", flat=True)) == {"KS 2018/550", "1.2.1./747-2017"}
    assert set(found.values_list("dnr", flat=True)) == set(ranked.values_list("dnr", flat=True))
    plan = found.explain()
    assert "SubPlan" in plan and "hashed SubPlan" not in plan


@pytest.mark.postgres
def test_a_narrow_search_is_ranked_and_counted_exactly(client, register):
    response = client.get(LIST, {"q": "nätverket"})
    assert not getattr(response.context["paginator"], "estimated", False)
    assert "visas med de senaste först" not in response.content.decode()


@pytest.mark.postgres
def test_a_word_in_a_shared_protocol_counts_once_for_each_of_its_cases(register, monkeypatch):
    """One protocol holds many cases: a word found only there matches all of them, and the estimate
    that decides whether a search is broad counts its cases, not the one document."""
    from django.db import connection

    from decisions.models import SourceDocument

    first = Case.objects.get(dnr="KS 2018/550")
    later_cases(first, 40)
    protocol = SourceDocument.objects.filter(cases=first).first()
    protocol.text += " Lånecykelutredningen"
    protocol.save()
    protocol.cases.add(*Case.objects.filter(title__startswith="Motion om lånecyklar"))
    with connection.cursor() as cursor:
        for table in ("case", "statement", "reservation", "sourcedocument", "sourcedocument_cases"):
            cursor.execute(f"ANALYZE decisions_{table}")
    monkeypatch.setattr(selectors, "SEARCH_RANK_LIMIT", 0)
    assert selectors.case_search(Case.objects.all(), "lånecykelutredningen").count() == 41
    # Counted by document the estimate was 5 here; counted by case it is about 20.
    assert selectors.case_search_broad_estimate("lånecykelutredningen") >= 10


def test_a_person_page_shows_the_latest_appearances_and_links_to_all(client, edholm, monkeypatch):
    url = reverse("decisions:person_detail", args=[edholm.pk])
    assert "Visar de" not in client.get(url).content.decode()
    monkeypatch.setattr(views, "PERSON_PREVIEW", 1)
    html = client.get(url).content.decode()
    assert "Visar de 1 senaste." in html
    assert f"{LIST}?person={edholm.pk}" in html


def test_the_person_list_is_kept_but_follows_a_new_appearance_at_once(client, register):
    people = reverse("decisions:person_list")
    before = client.get(people).context["paginator"].count
    case = Case.objects.get(dnr="KS 2018/550")
    newcomer = Person.objects.create(name="Åsa Lindqvist", key="asa-lindqvist")
    assert client.get(people).context["paginator"].count == before
    Reservation.objects.create(case=case, person=newcomer)
    assert client.get(people).context["paginator"].count == before + 1
    [row] = client.get(people, {"q": "lindqvist"}).context["object_list"]
    assert (row.name, row.reservation_count, row.proposal_count) == ("Åsa Lindqvist", 1, 0)


def test_a_later_page_of_people_holds_the_next_names(client, register, monkeypatch):
    monkeypatch.setattr(views.ForgivingPaginationMixin, "paginate_by", 5)
    people = reverse("decisions:person_list")
    everyone = list(selectors.person_visible_list().order_by("name", "pk").values_list("name", flat=True))
    shown = [person.name for person in client.get(people, {"page": 2}).context["object_list"]]
    assert shown == everyone[5:10] and "Lotta Edholm" in everyone


def test_the_party_page_is_kept_but_follows_a_new_reservation_at_once(client, register):
    from decisions.models import Party

    liberals = reverse("decisions:party_detail", args=["L"])
    assert client.get(liberals).context["case_count"] == 3
    newcomer = Person.objects.create(name="Åsa Lindqvist", key="asa-lindqvist")
    shown = [case.pk for case in client.get(liberals).context["cases"]]
    case = Case.objects.exclude(pk__in=shown).order_by("-date").first()
    Reservation.objects.create(case=case, person=newcomer, party=Party.objects.get(abbreviation="L"))
    response = client.get(liberals)
    assert response.context["case_count"] == 4
    assert case.pk in [row.pk for row in response.context["cases"]]
    assert newcomer.pk in {person.pk for person in response.context["members"]}


def test_a_later_page_of_activities_holds_the_next_in_deadline_order(client, register, monkeypatch):
    monkeypatch.setattr(views.ForgivingPaginationMixin, "paginate_by", 3)
    everyone = list(selectors.activity_list().values_list("pk", flat=True))
    response = client.get(reverse("decisions:activity_list"), {"page": 2})
    shown = response.context["object_list"]
    assert [activity.pk for activity in shown] == everyone[3:6] and len(everyone) > 6
    # The rows read by key keep what the list shows: the plan and whether each is overdue.
    assert all(activity.plan.title and activity.overdue in (True, False) for activity in shown)


def test_home_counts_are_cached_but_follow_every_change(client, register):
    assert client.get("/").context["case_count"] == 5
    assert client.get("/").context["case_count"] == 5
    first = Case.objects.get(dnr="KS 2018/550")
    Case.objects.create(title="Motion om lånecyklar", municipality=first.municipality, dnr="KS 2026/1")
    assert client.get("/").context["case_count"] == 6


# The register fixture's own writes wait, uncommitted, for the end of the test's transaction, and a
# transaction counts its change once: these tests write only inside the commits they capture.


def test_a_committed_change_counts_up_the_register_generation_every_process_reads(
    db, django_capture_on_commit_callbacks
):
    from decisions.models import Municipality, RegisterGeneration

    before = selectors.committed_generation()
    with django_capture_on_commit_callbacks(execute=True):
        Municipality.objects.create(name="Lånecykelstad")
    assert RegisterGeneration.objects.get().value == selectors.committed_generation() == before + 1


def test_a_transaction_of_many_writes_counts_one_change_at_its_commit(db, django_capture_on_commit_callbacks):
    """An import saves hundreds of rows in one transaction; its commit counts the change once."""
    from decisions.models import Municipality, RegisterGeneration

    before = selectors.committed_generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        town = Municipality.objects.create(name="Lånecykelstad")
        for n in range(30):
            Case.objects.create(title=f"Motion om lånecyklar {n}", municipality=town)
    assert len(callbacks) == 1
    assert RegisterGeneration.objects.get().value == before + 1


def test_a_change_counted_in_a_rolled_back_savepoint_is_asked_for_again_by_the_next_write(
    db, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from decisions.models import Municipality, RegisterGeneration

    before = selectors.committed_generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                Municipality.objects.create(name="Lånecykelstad")
                raise RuntimeError("the form was wrong after all")
        except RuntimeError:
            pass
        assert not selectors._count_already_waits("default") and not Municipality.objects.exists()
        Municipality.objects.create(name="Cykelby")
    assert len(callbacks) == 1
    assert RegisterGeneration.objects.get().value == before + 1


def test_what_this_process_kept_is_dropped_when_another_process_commits_a_change(client, register):
    """Another server process's write reaches this one only through the database: here a case
    added without this process's signals, then the generation counted up as that process does
    after its commit. The home page's kept count follows at the next request."""
    assert client.get("/").context["case_count"] == 5
    first = Case.objects.get(dnr="KS 2018/550")
    Case.objects.bulk_create([Case(title="Motion om lånecyklar", municipality=first.municipality)])
    assert client.get("/").context["case_count"] == 5  # kept: this process saw no change
    selectors._count_committed_change("default")
    assert client.get("/").context["case_count"] == 6


def test_the_plan_filter_becomes_a_hidden_field_when_plans_are_many(client, register, monkeypatch):
    activities = reverse("decisions:activity_list")
    assert '<select name="plan"' in client.get(activities).content.decode()
    monkeypatch.setattr(filters, "PLAN_CHOICES_MAX", 0)
    html = client.get(activities).content.decode()
    assert '<select name="plan"' not in html and 'type="hidden" name="plan"' in html


def later_cases(first: Case, copies: int, *, confidential_every: int = 0) -> None:
    """``copies`` cases in ``first``'s municipality, one a day from 2030 on, some confidential."""
    from datetime import date, timedelta

    for n in range(copies):
        hidden = bool(confidential_every) and n % confidential_every == 0
        Case.objects.create(
            title=f"Motion om lånecyklar {n}",
            municipality=first.municipality,
            body=first.body,
            date=date(2030, 1, 1) + timedelta(days=n),
            confidential=hidden,
            secrecy_reference="OSL 18 kap. 1 §" if hidden else "",
        )


def lindqvist_reserves_every_third(copies: int, *, confidential_every: int):
    """``later_cases`` after KS 2018/550, Åsa Lindqvist (L) reserving against every third of them,
    oldest first. Returns the later cases, oldest first, with her and her party."""
    from decisions.models import Party

    liberals = Party.objects.get(abbreviation="L")
    later_cases(Case.objects.get(dnr="KS 2018/550"), copies, confidential_every=confidential_every)
    lindqvist = Person.objects.create(name="Åsa Lindqvist", key="asa-lindqvist")
    bikes = list(Case.objects.filter(title__startswith="Motion om lånecyklar").order_by("date"))
    for case in bikes[::3]:
        Reservation.objects.create(case=case, person=lindqvist, party=liberals)
    return bikes, lindqvist, liberals


def test_a_later_page_holds_the_next_visible_cases_in_the_list_order(client, register):
    first = Case.objects.get(dnr="KS 2018/550")
    later_cases(first, 40, confidential_every=7)
    visible = Case.objects.filter(confidential=False)
    assert visible.count() == 5 + 40 - 6
    for order in ("-date", "title"):
        response = client.get(LIST, {"page": 2, "o": order})
        shown = [case.pk for case in response.context["object_list"]]
        everything = list(visible.order_by(*filters.ORDERINGS[order]).values_list("pk", flat=True))
        assert shown == everything[25:]
    # The five real cases are the oldest: they close the list on its second page.
    html = client.get(LIST, {"page": 2}).content.decode()
    assert "KS 2018/550" in html and "Medlemskap i Nordic Safe Cities" in html


def test_a_later_page_of_a_filtered_list_keeps_its_filter(client, register):
    first = Case.objects.get(dnr="KS 2018/550")
    later_cases(first, 30)
    response = client.get(LIST, {"body": first.body.pk, "page": 2})
    shown = response.context["object_list"]
    expected = Case.objects.filter(body=first.body).order_by(*filters.DEFAULT_ORDERING)[25:]
    assert [c.pk for c in shown] == [c.pk for c in expected]
    assert {case.body for case in shown} == {first.body.name}


def test_a_list_filtered_by_a_party_alone_pages_its_kept_cases_and_follows_a_new_reservation(
    client, register, django_user_model
):
    """Liberalerna (L) appear in three real cases (Lotta Edholm, Jan Jönsson, Ylva Mozis). Given
    reservations in 35 later cases, five of them confidential, the list filtered by L alone holds
    the 33 visible ones in each order, a page at a time, and one more reservation shows at once."""
    from django.test import Client

    from decisions.models import Party

    from ..roles import user_in

    cleared = Client()
    cleared.force_login(user_in(django_user_model, "behorig", "Sekretessbehörig"))
    liberals = Party.objects.get(abbreviation="L")
    first = Case.objects.get(dnr="KS 2018/550")
    later_cases(first, 35, confidential_every=7)
    newcomer = Person.objects.create(name="Åsa Lindqvist", key="asa-lindqvist")
    bikes = Case.objects.filter(title__startswith="Motion om lånecyklar")
    for case in bikes:
        Reservation.objects.create(case=case, person=newcomer, party=liberals)
    real = {"Medlemskap i Nordic Safe Cities", "Tertialrapport 2, 2017"}
    real.add("Handlingsplan mot våldsbejakande extremism 2016-2017")
    with_liberals = Case.objects.filter(pk__in=bikes) | Case.objects.filter(title__in=real)
    for order in ("-date", "title", "dnr"):
        expected = list(
            with_liberals.filter(confidential=False)
            .order_by(*filters.ORDERINGS[order])
            .values_list("pk", flat=True)
        )
        assert len(expected) == 3 + 35 - 5
        shown = []
        for number in (1, 2):
            response = client.get(LIST, {"party": "L", "o": order, "page": number})
            assert response.context["paginator"].count == 33
            shown += [case.pk for case in response.context["object_list"]]
        assert shown == expected
    # Those with the right to see confidential cases have their own kept keys, with all 38.
    assert cleared.get(LIST, {"party": "L", "o": "title"}).context["paginator"].count == 38
    ctpn = Case.objects.get(title="Ansökan om medlemskap i Counter Terrorism Preparedness Network")
    Reservation.objects.create(case=ctpn, person=newcomer, party=liberals)
    response = client.get(LIST, {"party": "L", "o": "title"})
    assert response.context["paginator"].count == 34
    assert ctpn.pk in [row.pk for row in response.context["object_list"]]


def test_a_party_with_other_filters_keeps_the_rows_they_find_that_are_among_the_partys_cases(
    client, register
):
    """KS 2018/550 is Kommunstyrelsen's, in Stockholm, where Lotta Edholm (L) made a special
    statement. Given 30 later cases of that body, a third with a reservation by L and some of them
    confidential, the body and L together list the visible ones, in each order, a page at a time;
    a new reservation shows at once, and a free-text search with the party still finds only L's."""
    first = Case.objects.get(dnr="KS 2018/550")
    bikes, newcomer, liberals = lindqvist_reserves_every_third(30, confidential_every=4)
    with_liberals = Case.objects.filter(pk__in=[c.pk for c in bikes[::3]]) | Case.objects.filter(pk=first.pk)
    query = {"body": first.body_id, "party": "L"}
    for order in ("-date", "title"):
        expected = list(
            with_liberals.filter(confidential=False)
            .order_by(*filters.ORDERINGS[order])
            .values_list("pk", flat=True)
        )
        assert first.pk in expected and len(expected) == 1 + 10 - 3
        response = client.get(LIST, {**query, "o": order})
        assert isinstance(response.context["paginator"], views.KeyPaginator)
        assert response.context["paginator"].count == len(expected)
        assert [case.pk for case in response.context["object_list"]] == expected
    on_page_two = client.get(LIST, {**query, "o": "title", "page": 2})
    assert on_page_two.context["page_obj"].number == 1  # eight cases fit on the first page
    Reservation.objects.create(case=bikes[1], person=newcomer, party=liberals)
    assert client.get(LIST, query).context["paginator"].count == len(expected) + 1
    searched = [row.pk for row in client.get(LIST, {**query, "q": "lånecyklar"}).context["object_list"]]
    assert bikes[1].pk in searched and bikes[2].pk not in searched


def test_a_party_with_other_filters_past_a_few_keys_counts_them_before_reading_them_all(
    client, register, monkeypatch
):
    """Kommunstyrelsen's 33 cases are more than the few keys read at once (three here) and fewer
    than a list counts exactly: all are read, and L's visible ones listed, newest first."""
    monkeypatch.setattr(views, "FEW_KEYS", 3)
    first = Case.objects.get(dnr="KS 2018/550")
    bikes, _newcomer, _liberals = lindqvist_reserves_every_third(30, confidential_every=4)
    expected = [case.pk for case in reversed(bikes[::3]) if not case.confidential] + [first.pk]
    response = client.get(LIST, {"body": first.body_id, "party": "L"})
    assert isinstance(response.context["paginator"].object_list, list)
    assert [case.pk for case in response.context["object_list"]] == expected
    assert response.context["paginator"].count == len(expected) == 8


def test_a_filtered_first_page_finds_its_cases_and_their_count_in_one_read(client, register):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = Case.objects.get(dnr="KS 2018/550")
    later_cases(first, 30)
    in_body = list(
        Case.objects.filter(body=first.body).order_by(*filters.DEFAULT_ORDERING).values_list("pk", flat=True)
    )
    assert len(in_body) == 3 + 30  # the body's three real cases and the new ones
    # A page past the end or no page number at all falls back on the last or the first page.
    for page, expected in ((1, in_body[:25]), (2, in_body[25:]), ("99", in_body[25:]), ("x", in_body[:25])):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"body": first.body.pk, "page": page})
        assert response.context["paginator"].count == 33
        assert [case.pk for case in response.context["object_list"]] == expected
        counts = [q["sql"] for q in queries if "COUNT(" in q["sql"]]
        assert len(counts) == 1
        # The first page is found with the count; a later one counts first, to know the last page.
        assert counts[0].endswith(f"LIMIT {views.PAGE_SIZE}") == (page in (1, "x"))
    assert "33 ärenden" in response.content.decode()


def test_a_list_that_finds_more_cases_than_it_counts_exactly_says_about_how_many(
    client, register, monkeypatch
):
    """Past COUNT_EXACTLY_UP_TO cases a filtered list stops counting: on PostgreSQL it shows the
    planner's estimate, "cirka", never fewer than it found; elsewhere it counts them all. Its
    first page is the same either way, and it is not the notice of a broad search."""
    from django.db import connection

    monkeypatch.setattr(views, "COUNT_EXACTLY_UP_TO", 10)
    first = Case.objects.get(dnr="KS 2018/550")
    later_cases(first, 30, confidential_every=7)
    expected = list(
        Case.objects.filter(body=first.body, confidential=False)
        .order_by(*filters.ORDERINGS["title"])
        .values_list("pk", flat=True)
    )
    assert len(expected) == 3 + 30 - 5
    response = client.get(LIST, {"body": first.body.pk, "o": "title"})
    paginator = response.context["paginator"]
    assert [case.pk for case in response.context["object_list"]] == expected[:25]
    html = response.content.decode()
    assert "visas med de senaste först" not in html
    if connection.vendor == "postgresql":
        assert paginator.estimated and paginator.count >= 11
        assert "cirka" in html
    else:
        assert not paginator.estimated and paginator.count == len(expected)
        assert f"{len(expected)} ärenden" in html
    # Ten or fewer are counted exactly: the cases of 22-30 January 2030 but the 22nd and the 29th.
    small = client.get(LIST, {"body": first.body.pk, "date_from": "2030-01-22"})
    assert not small.context["paginator"].estimated and small.context["paginator"].count == 7


@pytest.mark.postgres
def test_a_page_past_the_last_case_an_estimate_promised_shows_the_real_last_page(
    client, register, monkeypatch
):
    """An estimate too high promises pages that hold nothing: asked for one, the list counts its
    cases after all and shows the last page that holds some."""
    monkeypatch.setattr(views, "COUNT_EXACTLY_UP_TO", 10)
    monkeypatch.setattr(selectors, "estimated_count", lambda rows: 1_000)
    first = Case.objects.get(dnr="KS 2018/550")
    later_cases(first, 30)
    in_body = list(
        Case.objects.filter(body=first.body).order_by(*filters.DEFAULT_ORDERING).values_list("pk", flat=True)
    )
    promised = client.get(LIST, {"body": first.body.pk})
    assert promised.context["paginator"].estimated and promised.context["paginator"].num_pages == 40
    response = client.get(LIST, {"body": first.body.pk, "page": 30})
    paginator = response.context["paginator"]
    assert not paginator.estimated and paginator.count == len(in_body) == 33
    assert response.context["page_obj"].number == 2
    assert [case.pk for case in response.context["object_list"]] == in_body[25:]


def test_an_estimate_is_shown_to_two_digits():
    from decisions.templatetags.register_extras import roughly

    assert [roughly(n) for n in (7, 99, 1_861, 24_914, 93_411, 100_005)] == [
        7,
        99,
        1_900,
        25_000,
        93_000,
        100_000,
    ]


def test_a_party_with_other_filters_that_find_many_cases_walks_the_partys_cases(
    client, register, monkeypatch
):
    """When the other filters find more cases than a list counts exactly, the party's kept keys
    are walked a few at a time, asking which the filters find, instead of reading every key the
    filters find: Kommunstyrelsen's cases with L are KS 2018/550 (Lotta Edholm's statement) and
    every third of 40 later ones, newest first, without the confidential ones."""
    monkeypatch.setattr(views, "COUNT_EXACTLY_UP_TO", 5)
    monkeypatch.setattr(views, "FEW_KEYS", 3)
    monkeypatch.setattr(views.KeysFoundInChunks, "FIRST_CHUNK", 2)
    monkeypatch.setattr(views.KeysFoundInChunks, "LAST_CHUNK", 5)
    first = Case.objects.get(dnr="KS 2018/550")
    bikes, _lindqvist, _liberals = lindqvist_reserves_every_third(40, confidential_every=5)
    expected = [case.pk for case in reversed(bikes[::3]) if not case.confidential] + [first.pk]
    assert len(expected) == 14 - 3 + 1
    response = client.get(LIST, {"body": first.body.pk, "party": "L"})
    assert isinstance(response.context["object_list"], list)
    assert isinstance(response.context["paginator"].object_list, views.KeysFoundInChunks)
    assert [case.pk for case in response.context["object_list"]] == expected
    # The first page read every one of L's keys, so its count is exact.
    assert response.context["paginator"].count == len(expected)
    assert not response.context["paginator"].estimated


def test_the_unfiltered_count_is_kept_but_follows_every_change(client, register):
    assert client.get(LIST).context["paginator"].count == 5
    first = Case.objects.get(dnr="KS 2018/550")
    Case.objects.create(title="Motion om lånecyklar", municipality=first.municipality, dnr="KS 2026/1")
    response = client.get(LIST)
    assert response.context["paginator"].count == 6
    assert "6 ärenden" in response.content.decode()


def test_the_unfiltered_activity_count_is_kept_but_follows_every_change(client, register):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from decisions.models import Activity

    activities = reverse("decisions:activity_list")
    assert client.get(activities).context["paginator"].count == 8  # the Vallentuna plan's eight
    with CaptureQueriesContext(connection) as queries:
        response = client.get(activities)
    assert response.context["paginator"].count == 8 and len(response.context["object_list"]) == 8
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"]]
    first = Activity.objects.order_by("pk").first()
    Activity.objects.create(plan=first.plan, focus_area=first.focus_area, title="Utvärdera arbetet")
    response = client.get(activities)
    assert response.context["paginator"].count == 9
    assert "9 aktiviteter" in response.content.decode()


def test_the_overdue_count_on_home_is_kept_but_follows_every_change(client, register):
    from decisions.models import Activity

    assert client.get("/").context["overdue_count"] == 8  # every deadline of 2016-2017 has passed
    activity = Activity.objects.order_by("pk").first()
    activity.status = Activity.Status.DONE
    activity.save()
    response = client.get("/")
    assert response.context["overdue_count"] == 7
    assert "7 aktiviteter har passerat sitt slutdatum" in response.content.decode()


def test_a_nonsense_filter_counts_as_no_filter_and_shows_every_case(client, register):
    response = client.get(LIST, {"year": "tjugohundra", "body": "999999"})
    assert response.status_code == 200
    assert response.context["paginator"].count == 5
    assert len(response.context["object_list"]) == 5


def test_a_new_body_is_among_the_filter_choices_as_soon_as_it_is_saved(client, register):
    from decisions.models import Body

    assert "Trafiknämnden" not in client.get(LIST).content.decode()
    first = Case.objects.get(dnr="KS 2018/550")
    body = Body.objects.create(municipality=first.municipality, name="Trafiknämnden")
    html = client.get(LIST).content.decode()
    assert f'<option value="{body.pk}">Trafiknämnden ({first.municipality})</option>' in html
    # A chosen body stays chosen; the choices are shared, the selection is not.
    html = client.get(LIST, {"body": body.pk}).content.decode()
    assert f'<option value="{body.pk}" selected>Trafiknämnden' in html


def test_the_open_activity_index_holds_exactly_the_open_statuses():
    from decisions.models import Activity

    index = next(index for index in Activity._meta.indexes if index.name == "activity_open_deadline")
    lookup, statuses = index.condition.children[0]
    assert lookup == "status__in" and set(statuses) == set(selectors.OPEN_ACTIVITY_STATUSES)


def test_what_is_kept_is_handed_out_read_only_so_no_request_can_change_the_next_ones(register):
    """Kept values are shared by every request of the process, not copied for each."""
    ids = selectors.person_visible_ids()
    counts = selectors.person_appearance_counts()
    brinck = Person.objects.get(name="Cecilia Brinck")
    assert brinck.pk in ids and counts[brinck.pk][1] >= 1  # her special statement in KS 2018/550
    with pytest.raises((TypeError, AttributeError)):
        ids.append(0)
    with pytest.raises(TypeError):
        counts[brinck.pk] = (0, 0, 0)
    assert selectors.person_visible_ids() is ids


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("name", "value", "index"),
    [
        ("status", "decided", "decisions_case_status_newest"),
        ("kind", "pm", "decisions_case_kind_newest"),
        ("municipality", None, "decisions_case_municipality_newest"),
        ("body", None, "decisions_case_body_newest"),
    ],
)
def test_a_list_filtered_by_one_column_reads_its_keys_and_count_from_an_index(register, name, value, index):
    # At 100,000 cases the planner otherwise walked the whole register newest first, reading each
    # case to test the filter (60-90 ms). With scans of the table ruled out, the list's first page
    # (its keys with the count of all matches) must come from the filter's own index alone.
    ks = Case.objects.get(dnr="KS 2018/550")
    value = value or getattr(ks, f"{name}_id")
    plan = first_page_plan({name: value}, "-date")
    assert f"Index Only Scan using {index}" in plan or f"Index Scan using {index}" in plan, plan
    assert "Sort" not in plan, plan


def first_page_plan(where: dict, order: str) -> str:
    """The plan of the case list's first page (its keys with the count of every match) filtered by
    ``where`` in ``order``, with scans of the table and sorting ruled out."""
    from django.db import connection
    from django.db.models import Count, Window

    rows = selectors.case_visible_list().filter(**where).order_by(*filters.ORDERINGS[order])
    first_page = rows.annotate(found_in_all=Window(Count("pk"))).values_list("pk", "found_in_all")[:25]
    sql, params = first_page.query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("order", "index"),
    [("date", "case_oldest_first_covering"), ("dnr", "case_dnr_order"), ("title", "case_title_covering")],
)
def test_a_list_filtered_by_status_in_another_order_is_read_from_that_orders_index_alone(
    register, order, index
):
    # Oldest first, by Dnr or by title, a status filter walked the register in that order reading
    # every case to test its status and count the matches: 95-220 ms at 100,000 cases. The order's
    # index carries the status and confidentiality, so the table is not read.
    plan = first_page_plan({"status": "decided"}, order)
    assert f"Index Only Scan using {index}" in plan, plan


@pytest.mark.postgres
def test_a_search_with_a_party_checks_the_party_only_for_the_cases_the_search_finds(register):
    # A search narrows the cases one by one; PostgreSQL had first collected every appearance of
    # the party in a hashed set (a seq scan of all proposals: 50 ms of a 105 ms page at 100,000
    # cases). The party's appearances are now probed case by case, by index.
    from django.db import connection
    from django.test import RequestFactory

    request = RequestFactory().get(LIST, {"q": "medlemskap", "party": "L"})
    request.user = None
    cases = views.filtered_cases(request)
    found = {case.dnr for case in cases.qs}
    assert found == {"KS 2018/550"}  # Lotta Edholm (L); Strong Cities is FP's, CTPN has no L
    sql, params = cases.qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "hashed SubPlan" not in plan, plan
    for table in ("decisions_proposalauthor", "decisions_statementauthor", "decisions_reservation"):
        assert table in plan, plan


@pytest.mark.postgres
def test_a_broad_search_with_a_party_walks_the_partys_cases_a_chunk_at_a_time(client, register, monkeypatch):
    """40 later cases about lånecyklar, every third with a reservation by Åsa Lindqvist (L) and some
    confidential: a broad search for "lånecyklar" with L lists exactly L's visible ones, newest
    first, when the party's cases are read two to five keys at a time."""
    monkeypatch.setattr(selectors, "SEARCH_RANK_LIMIT", 0)
    monkeypatch.setattr(views.KeysFoundInChunks, "FIRST_CHUNK", 2)
    monkeypatch.setattr(views.KeysFoundInChunks, "LAST_CHUNK", 5)
    bikes, _lindqvist, _liberals = lindqvist_reserves_every_third(40, confidential_every=5)
    expected = [case.pk for case in reversed(bikes[::3]) if not case.confidential]
    assert len(expected) == 11  # 14 reserved, 3 of them confidential
    response = client.get(LIST, {"q": "lånecyklar", "party": "L"})
    assert isinstance(response.context["paginator"], views.KeyPaginator)
    assert [case.pk for case in response.context["object_list"]] == expected
    assert "Motion om lånecyklar 39" in response.content.decode()
    # Every one of L's keys was read for the first page, so its count is exact, not estimated.
    assert response.context["paginator"].count == 11
    assert not response.context["paginator"].estimated
    assert "11 ärenden" in response.content.decode()
