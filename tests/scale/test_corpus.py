"""The synthetic register: as many cases as asked, in new municipalities, with the parts of a real one."""

import random
import re

import pytest
from django.db.models import Count

from decisions import dnr as dnr_parser
from decisions.corpus import (
    SYNTHETIC_PREFIX,
    Generator,
    corpus_generate,
    source_texts,
    vocabulary_harvest,
)
from decisions.models import (
    Activity,
    Body,
    Case,
    Municipality,
    Party,
    Person,
    Proposal,
    Reservation,
    SourceDocument,
)

from .conftest import CASES, MUNICIPALITIES, SEED, synthetic_cases

pytestmark = pytest.mark.django_db


def test_adds_the_cases_asked_for_in_new_synthetic_municipalities(corpus):
    names = list(Municipality.objects.order_by("name").values_list("name", flat=True))
    assert names == [f"{SYNTHETIC_PREFIX} {n}" for n in range(1, MUNICIPALITIES + 1)]
    assert synthetic_cases().count() == CASES == corpus["Case"]
    assert Person.objects.count() == corpus["Person"] >= 40 * MUNICIPALITIES


def test_every_case_has_its_proposal_proceeding_and_source_text(corpus):
    cases = synthetic_cases()
    assert Proposal.objects.filter(kind=Proposal.Kind.PROPOSAL).count() == CASES
    assert cases.filter(proceedings__paragraph__startswith="§").distinct().count() == CASES
    linked = SourceDocument.objects.filter(cases__in=cases).distinct()
    for document in linked.prefetch_related("cases")[:20]:
        for case in document.cases.all():
            assert f"{case.paragraph} {case.title}" in document.text
            assert f"Dnr {case.dnr}" in document.text


def test_the_register_has_contested_cases_reservations_and_overdue_activities(corpus):
    assert corpus["Reservation"] > 0 and corpus["Statement"] > 0 and corpus["ActionPlan"] > 0
    reservation = Reservation.objects.select_related("in_favour_of", "document").first()
    assert reservation.in_favour_of.kind == Proposal.Kind.MOTION
    passage = reservation.document.text[reservation.span_start : reservation.span_end]
    assert f"{reservation.person.name} ({reservation.party.abbreviation})" in passage
    assert "reserverar sig" in passage
    assert Activity.objects.filter(deadline__lt="2026-01-01", status=Activity.Status.PLANNED).exists()


def test_bodies_have_their_parents(corpus):
    working = Body.objects.filter(kind=Body.Kind.WORKING_COMMITTEE).select_related("parent")
    assert {body.parent.name for body in working} == {"Kommunstyrelsen"}
    committees = Body.objects.filter(kind=Body.Kind.COMMITTEE).select_related("parent")
    assert {body.parent.name for body in committees} == {"Kommunfullmäktige"}
    assert "Socialnämnden" in {body.name for body in committees}


def test_dnr_parts_are_filled_as_the_model_fills_them_and_never_collide(corpus):
    cases = list(synthetic_cases())
    for case in cases:
        parsed = dnr_parser.parse_dnr(case.dnr)
        assert parsed.parsed
        assert (case.dnr_key, case.dnr_year, case.dnr_serial) == (parsed.key, parsed.year, parsed.serial)
        assert case.dnr_year == case.date.year
    per_municipality = {(case.municipality_id, case.dnr_key) for case in cases}
    assert len(per_municipality) == len(cases)


def test_about_one_case_in_a_hundred_is_confidential_with_its_secrecy_reference(corpus):
    rng = random.Random(SEED)
    parties = {party.abbreviation: party for party in Party.objects.all()}
    generator = Generator(vocabulary_harvest(source_texts(), rng), rng, parties)
    town = generator.town(MUNICIPALITIES + 1, 100, set(Person.objects.values_list("key", flat=True)))
    drawn = generator.town_year(town, 2020, 3000).rows[Case]  # drawn, not written
    confidential = [case for case in drawn if case.confidential]
    assert 0.005 <= len(confidential) / len(drawn) <= 0.02
    assert all(re.fullmatch(r"OSL \d+ kap\. 1 §", case.secrecy_reference) for case in confidential)
    assert not any(case.secrecy_reference for case in drawn if not case.confidential)


def test_a_few_people_appear_far_more_often_than_most(corpus):
    counts = sorted(
        Person.objects.annotate(n=Count("proposal_roles") + Count("reservations", distinct=True)).values_list(
            "n", flat=True
        ),
        reverse=True,
    )
    assert counts[0] >= 5 * max(1, counts[len(counts) // 2])


def test_a_second_run_adds_new_municipalities_and_people_beside_the_first(corpus):
    first_people = set(Person.objects.values_list("key", flat=True))
    corpus_generate(cases=30, seed=SEED, municipalities=1)
    assert synthetic_cases().count() == CASES + 30
    assert Municipality.objects.filter(name=f"{SYNTHETIC_PREFIX} {MUNICIPALITIES + 1}").exists()
    new_people = set(Person.objects.values_list("key", flat=True)) - first_people
    assert new_people and not new_people & first_people


def test_people_are_named_from_the_sources_but_are_no_real_person(corpus):
    vocabulary = vocabulary_harvest(source_texts(), random.Random(SEED))
    assert {"cecilia brinck", "lotta edholm", "karin wanngard"} <= vocabulary.real_name_keys
    keys = set(Person.objects.values_list("key", flat=True))
    assert not keys & vocabulary.real_name_keys
    first_names = {key.split()[0] for key in vocabulary.real_name_keys}
    assert {key.split()[0] for key in keys} <= first_names
