"""In real Chromium: the Historik page of a case is axe-clean, and two clerks editing the same
reservation in two browsers see the second save refused with what the first one changed."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User

from decisions.models import Case, Reservation

from .conftest import ARTIFACTS, screenshot

pytestmark = pytest.mark.browser
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PASSWORD = "Ett-långt-lösenord-2026"


@pytest.fixture
def clerks(browser, live_server, loaded_register):
    """Anna Ek and Bertil Berg of Registrator, each logged in in a browser of their own."""
    contexts, pages = [], []
    for username, first, last in [("anna", "Anna", "Ek"), ("bertil", "Bertil", "Berg")]:
        user = User.objects.create_user(username, password=PASSWORD, first_name=first, last_name=last)
        user.groups.add(Group.objects.get(name="Registrator"))
        contexts.append(browser.new_context(base_url=live_server.url, locale="sv-SE"))
        contexts[-1].set_default_timeout(10_000)
        pages.append(log_in(contexts[-1].new_page(), username))
    yield pages
    for context in contexts:
        context.close()


def log_in(page, username: str):
    page.goto("/konto/logga-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    return page


def test_two_clerks_edit_one_reservation_and_the_history_shows_it(clerks):
    skarholmen = Case.objects.get(dnr="1.2.1./747-2017")
    rudlinger = Reservation.objects.get(case=skarholmen, person__name="Eva Rüdlinger")
    edit = f"/arenden/{skarholmen.pk}/reservationer/{rudlinger.pk}/andra/"
    anna, bertil = clerks
    anna.goto(edit)
    bertil.goto(edit)

    anna.fill("#id_reason", "Handlingsplanen behöver en lokal lägesbild.")
    anna.get_by_role("button", name="Spara").click()
    anna.wait_for_url(f"**/arenden/{skarholmen.pk}/")
    bertil.fill("#id_reason", "Uppföljningen saknar mått.")
    bertil.get_by_role("button", name="Spara").click()
    bertil.wait_for_load_state()

    alert = bertil.get_by_role("alert")
    assert "Någon annan har sparat ändringar medan du redigerade." in alert.inner_text()
    assert "Senast sparat av Anna Ek" in alert.inner_text()
    assert bertil.locator("#id_reason").input_value() == "Uppföljningen saknar mått."
    conflict = Axe().run(bertil, options=WCAG_AA)
    screenshot(bertil, "trust-edit-conflict")
    rudlinger.refresh_from_db()
    assert rudlinger.reason == "Handlingsplanen behöver en lokal lägesbild."

    anna.get_by_role("link", name="Historik för ärendet").click()
    anna.wait_for_load_state()
    assert anna.locator("h1").inner_text() == "Historik: 1.2.1./747-2017 Tertialrapport 2, 2017"
    first = anna.locator("section.history-entry").first
    assert "Reservation: Eva Rüdlinger (ändrad)" in first.inner_text()
    assert "Anna Ek" in first.inner_text()
    history = Axe().run(anna, options=WCAG_AA)
    screenshot(anna, "trust-history")
    anna.screenshot(path=str(ARTIFACTS / "trust-history-top.png"))  # the first screenful, to look at
    assert conflict.violations_count == 0, conflict.generate_report()
    assert history.violations_count == 0, history.generate_report()
