"""Golden facts of 004: Vallentuna KS 2016.371 § 138, Handlingsplan mot våldsbejakande extremism 2016-2017."""

from datetime import date

import pytest

from decisions.export import activity_responsible
from decisions.models import Body, Case, Unit

from .conftest import people

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(register):
    return Case.objects.get(dnr="KS 2016.371")


def test_case_header(case):
    assert case.title == "Handlingsplan mot våldsbejakande extremism 2016-2017"
    assert case.municipality.name == "Vallentuna kommun"
    assert case.body.name == "Kommunstyrelsens arbetsutskott"
    assert case.body.kind == Body.Kind.WORKING_COMMITTEE
    assert case.body.parent.name == "Kommunstyrelsen"
    assert case.paragraph == "§ 138"
    assert case.date is None
    assert (case.dnr_series, case.dnr_year, case.dnr_serial) == ("KS", 2016, 371)


def test_decision_and_chair(case):
    [point] = case.decision_points
    assert point.startswith(
        "Kommunstyrelsens arbetsutskott föreslår att kommunstyrelsen föreslår kommunfullmäktige"
    )
    assert (case.chair.name, case.chair_party.abbreviation) == ("Parisa Liljestrand", "M")


def test_yrkande_by_ylva_mozis_with_support_from_four_parties_adopted(case):
    motion = case.proposals.get(kind="motion")
    assert motion.outcome == "adopted"
    assert people(motion.authors.filter(role="author")) == [("Ylva Mozis", "L")]
    assert people(motion.authors.filter(role="supporter")) == [
        ("Jaana Tilles", "S"),
        ("Nicklas Steorn", "MP"),
        ("Sofia Segergren", "C"),
        ("Parisa Liljestrand", "M"),
    ]
    assert case.proposals.count() == 2
    assert case.reservations.count() == 0
    assert case.statements.count() == 0


def test_action_plan_has_eight_activities_in_three_focus_areas(case):
    [plan] = case.action_plans.all()
    assert plan.title == "Handlingsplan mot våldsbejakande extremism 2016-2017"
    assert (plan.period_start, plan.period_end) == (2016, 2017)
    assert plan.goal == "Vallentuna ska vara ett samhälle fritt från våldsbejakande extremism."
    activities = list(plan.activities.order_by("position"))
    assert len(activities) == 8
    assert [a.focus_area for a in activities] == [
        "Lokal lägesbild om våldsbejakande extremism",
        *["Öka kunskap om våldsbejakande extremism"] * 3,
        *["Öka kunskap om råd och stöd vid oro för våldsbejakande extremism"] * 4,
    ]
    assert [a.deadline for a in activities] == [
        date(2016, 12, 31),
        date(2017, 4, 30),
        date(2017, 8, 31),
        date(2017, 12, 31),
        *[date(2017, 4, 30)] * 4,
    ]
    assert all(a.status == "planned" for a in activities)


def test_responsible_units_read_from_the_table(case):
    activities = list(case.action_plans.get().activities.order_by("position"))
    assert activity_responsible(activities[0]) == ["Trygghetssamordnaren", "Lopo Täby"]
    assert activity_responsible(activities[1]) == ["KLK", "BUF", "KFF", "SF", "Lopo Täby"]
    assert activity_responsible(activities[2]) == ["KLK", "SF", "Lopo Täby"]
    linked = {u.abbreviation for a in activities for u in a.responsible.all()}
    assert linked == {"KLK", "BUF", "KFF", "SF", "Lopo Täby"}


def test_inline_html_is_stripped_from_cells(case):
    implementations = " ".join(case.action_plans.get().activities.values_list("implementation", flat=True))
    assert "<i>" not in implementations
    assert "Informera om Röda Korsets nationella stödtelefon via kommunens webbsidor" in implementations


def test_unit_glossary_defines_six_units_of_vallentuna(case):
    units = dict(Unit.objects.filter(municipality=case.municipality).values_list("abbreviation", "name"))
    assert units == {
        "KLK": "Kommunledningskontoret",
        "KFF": "Kultur- och fritidsförvaltningen",
        "SBF": "Samhällsbyggnadsförvaltningen",
        "BUF": "Barn och ungdomsförvaltningen",
        "SF": "Socialförvaltningen",
        "Lopo Täby": "Lokalpolisområde Täby",
    }


def test_beslutsunderlag_listed_once_each(case):
    basis = list(case.attachments.filter(kind="beslutsunderlag").values_list("title", flat=True))
    assert basis == [
        "Handlingsplan mot våldsbejakande extremism 2016-2017",
        "Förslag Handlingsplan mot våldsbejakande extremism 2016 2016-08-18",
        "Tolv rekommendationer vid upprättandet av en lokal handlingsplan mot våldsbejakande extremism",
    ]
    assert case.attachments.filter(kind="tjänsteskrivelse").count() == 1
