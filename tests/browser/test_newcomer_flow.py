"""A newcomer's first session, in Chromium: search, filter, read a case, see a passage, download,
log in and correct a reservation."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, User

from decisions.models import Case, Reservation

from .conftest import screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def registrator(loaded_register):
    user = User.objects.create_user("registrator", password="Ett-långt-lösenord-2026")
    user.groups.add(Group.objects.get(name="Registrator"))
    return user


def test_newcomer_finds_reads_downloads_and_corrects(page, registrator):
    page.goto("/")
    screenshot(page, "01-home")
    page.get_by_role("searchbox").first.fill("medlemskapet")
    page.get_by_role("searchbox").first.press("Enter")
    page.wait_for_url("**/arenden/?*q=medlemskapet*")
    assert page.get_by_role("link", name="Medlemskap i Nordic Safe Cities").is_visible()

    page.select_option("#id_body", label="Kommunstyrelsen (Stockholms stad)")
    page.locator("#id_body").evaluate("select => select.form.requestSubmit()")
    page.wait_for_url("**body=*")
    screenshot(page, "02-filtered-list")
    titles = page.locator("table.cases tbody tr").all_inner_texts()
    assert any("KS 2018/550" in row for row in titles)
    assert not any("Tertialrapport" in row for row in titles)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner CSV").click()
    rows = list(csv.reader(io.StringIO(download_info.value.path().read_text(encoding="utf-8-sig"))))
    assert {row[0] for row in rows[1:]} >= {"KS 2018/550"}
    assert len(rows) - 1 == len(titles)

    page.get_by_role("link", name="Medlemskap i Nordic Safe Cities").click()
    page.wait_for_url("**/arenden/*/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("KS 2018/550")
    page.locator("a.source-link[href*='uttalande']").first.click()
    highlighted = page.locator("mark#markerat")
    assert highlighted.is_visible()
    assert "Särskilt uttalande gjordes av borgarrådet Cecilia Brinck (M)" in highlighted.inner_text()
    screenshot(page, "03-case-with-passage")

    page.goto("/konto/logga-in/")
    page.fill("#id_username", "registrator")
    page.fill("#id_password", "Ett-långt-lösenord-2026")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()

    skarholmen = Case.objects.get(dnr="1.2.1./747-2017")
    reservation = skarholmen.reservations.order_by("position").first()
    page.goto(f"/arenden/{skarholmen.pk}/reservationer/{reservation.pk}/andra/")
    screenshot(page, "04-edit-reservation")
    page.fill("#id_reason", "Handlingsplanen saknar uppföljningsbara indikatorer.")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/arenden/{skarholmen.pk}/**")
    assert page.get_by_text("Handlingsplanen saknar uppföljningsbara indikatorer.").first.is_visible()
    assert page.locator("[role=status], .messages").first.is_visible()
    screenshot(page, "05-after-edit")
    assert (
        Reservation.objects.get(pk=reservation.pk).reason
        == "Handlingsplanen saknar uppföljningsbara indikatorer."
    )
