"""A clerk follows up the Vallentuna plan in Chromium: sees what is overdue and who owns it,
records a follow-up that marks an activity done, is told when a date is wrong, and the page stays
free of axe violations with the forms open."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User

from decisions.models import ActionPlan, FollowUp

from .conftest import screenshot
from .test_axe import WCAG_AA

pytestmark = pytest.mark.browser
PASSWORD = "Ett-långt-lösenord-2026"


@pytest.fixture
def clerk(loaded_register):
    user = User.objects.create_user("klara", password=PASSWORD, first_name="Klara", last_name="Kansli")
    user.groups.add(Group.objects.get(name="Registrator"))
    return user


def test_a_clerk_follows_up_an_activity_on_the_plan_page(page, clerk):
    plan = ActionPlan.objects.get()
    page.goto(f"/konto/logga-in/?next={plan.get_absolute_url()}")
    page.fill("#id_username", "klara")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**{plan.get_absolute_url()}")
    assert page.locator("figure.status-chart svg[role=img]").is_visible()
    assert page.locator("tr.is-overdue").count() == 8  # every deadline of 2016-2017 has passed

    row = page.locator("tr", has=page.get_by_text("Sprid numret till den nationella stödtelefonen"))
    row.locator("summary").click()
    row.get_by_label("Uppföljning").fill("Numret ligger på kommunens webbsidor.")
    row.get_by_label("Ny status (valfritt)").select_option("done")
    row.get_by_role("button", name="Spara uppföljning").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == "Uppföljningen är sparad."
    row = page.locator("tr", has=page.get_by_text("Sprid numret till den nationella stödtelefonen"))
    assert "Genomförd" in row.inner_text() and "Klara Kansli" in row.inner_text()
    assert page.locator("tr.is-overdue").count() == 7
    assert FollowUp.objects.get().author == "Klara Kansli"

    row = page.locator("tr", has=page.get_by_text("Sprid fastställd lägesbild"))
    row.locator("summary").click()
    row.get_by_label("Ny status", exact=True).select_option("ongoing")
    row.locator("input[type=date]").first.fill("2099-01-01")
    row.get_by_role("button", name="Spara status").click()
    page.wait_for_load_state()
    assert page.get_by_text("Datumet får inte ligga i framtiden.").is_visible()
    results = Axe().run(page, options=WCAG_AA)
    screenshot(page, "plan-follow-up")
    assert results.violations_count == 0, results.generate_report()
