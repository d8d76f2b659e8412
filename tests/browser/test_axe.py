"""axe-core finds no WCAG 2.1 AA violations on the main pages, in real Chromium."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User

from decisions.models import ActionPlan, Case, Person, Unit

from .conftest import screenshot

pytestmark = pytest.mark.browser
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def pages_to_check() -> dict[str, str]:
    skarholmen = Case.objects.get(dnr="1.2.1./747-2017")
    reservation = skarholmen.reservations.first()
    klk = Unit.objects.get(abbreviation="KLK")
    return {
        "home": "/",
        "list": "/arenden/",
        "filtered-list": "/arenden/?q=medlemskapet&party=L&o=-date",
        "detail": Case.objects.get(dnr="KS 2018/550").get_absolute_url() + "?markera=uttalande-1",
        "person": Person.objects.get(name="Lotta Edholm").get_absolute_url(),
        "people": "/personer/",
        "action-plan": ActionPlan.objects.get().get_absolute_url(),
        "activities": "/aktiviteter/",
        "filtered-activities": f"/aktiviteter/?overdue=true&unit={klk.pk}&due_after=2017-01-01",
        "unit": klk.get_absolute_url(),
        "login": "/konto/logga-in/",
        "edit-form": f"/arenden/{skarholmen.pk}/reservationer/{reservation.pk}/andra/",
        # Logged in from here on: the plan page with the clerk's forms on every row.
        "action-plan-clerk": ActionPlan.objects.get().get_absolute_url(),
    }


def log_in(page):
    user = User.objects.create_user("granskare", password="Ett-långt-lösenord-2026")
    user.groups.add(Group.objects.get(name="Registrator"))
    page.goto("/konto/logga-in/")
    page.fill("#id_username", "granskare")
    page.fill("#id_password", "Ett-långt-lösenord-2026")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_main_pages_have_no_axe_violations(page, loaded_register):
    axe = Axe()
    found = {}
    urls = pages_to_check()
    for name, url in urls.items():
        if name == "edit-form":
            log_in(page)
        page.goto(url)
        results = axe.run(page, options=WCAG_AA)
        screenshot(page, f"axe-{name}")
        if results.violations_count:
            found[name] = results.generate_report()
    assert found == {}, "\n\n".join(f"{name}:\n{report}" for name, report in found.items())


def test_phone_width_has_no_axe_violations(browser, live_server, loaded_register):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(Case.objects.get(dnr="KS 2016.371").get_absolute_url())
    results = Axe().run(page, options=WCAG_AA)
    screenshot(page, "phone-case")
    context.close()
    assert results.violations_count == 0, results.generate_report()


def test_the_checker_does_report_a_violation(page, live_server):
    """Guards the two tests above: on a page with an unlabelled input axe must complain."""
    page.set_content('<html lang="sv"><body><main><h1>Prov</h1><input type="text"></main></body></html>')
    assert Axe().run(page, options=WCAG_AA).violations_count >= 1
