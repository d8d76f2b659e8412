"""Two clerks edit the same row: the second save, made over a version the clerk never saw, is refused
with what changed meanwhile, and nothing the first clerk saved is overwritten."""

import threading

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connections
from django.urls import reverse

from decisions.forms import REASON_CHANGED
from decisions.history import latest_version
from decisions.models import Attachment, Case, Proposal, Reservation, Statement
from decisions.roles import roles_ensure

from ..ui.helpers import text_of
from .conftest import client_for, user_in
from .helpers import form_values

pytestmark = pytest.mark.django_db

ANNA_REASON = "Handlingsplanen behöver en lokal lägesbild."
BERTIL_REASON = "Uppföljningen saknar mått."


@pytest.fixture
def rudlinger(skarholmen):
    """Eva Rüdlinger's reservation in Skärholmen's tertial report; its reason is empty in the source."""
    return Reservation.objects.get(case=skarholmen, person__name="Eva Rüdlinger")


def reservation_url(reservation) -> str:
    return reverse("decisions:reservation_update", args=[reservation.case_id, reservation.pk])


def test_a_save_over_a_newer_version_of_a_reservation_is_refused(registrator_clients, rudlinger):
    anna, bertil = registrator_clients
    url = reservation_url(rudlinger)
    annas_form, bertils_form = form_values(anna.get(url)), form_values(bertil.get(url))
    assert annas_form["version"] == bertils_form["version"] == str(latest_version(rudlinger))

    assert anna.post(url, {**annas_form, "reason": ANNA_REASON}).status_code == 302
    refused = bertil.post(url, {**bertils_form, "reason": BERTIL_REASON})

    assert refused.status_code == 409
    rudlinger.refresh_from_db()
    assert rudlinger.reason == ANNA_REASON
    assert [
        r.history_user.username for r in rudlinger.history.filter(history_change_reason=REASON_CHANGED)
    ] == ["anna"]
    page = text_of(refused.content.decode())
    assert "Någon annan har sparat ändringar medan du redigerade." in page
    assert "Senast sparat av Anna Registrator" in page
    assert f"Motivering – {ANNA_REASON}" in page  # the field, as Bertil read it, and Anna's value
    # Bertil's own words are still in the form, which now carries the version he has been shown.
    shown = form_values(refused)
    assert shown["reason"] == BERTIL_REASON
    assert shown["version"] == str(latest_version(rudlinger))


def test_saving_again_after_reading_the_conflict_is_a_deliberate_overwrite(registrator_clients, rudlinger):
    anna, bertil = registrator_clients
    url = reservation_url(rudlinger)
    bertils_form = form_values(bertil.get(url))
    anna.post(url, {**form_values(anna.get(url)), "reason": ANNA_REASON})
    refused = bertil.post(url, {**bertils_form, "reason": BERTIL_REASON})
    assert bertil.post(url, form_values(refused)).status_code == 302
    rudlinger.refresh_from_db()
    assert rudlinger.reason == BERTIL_REASON
    before, after = rudlinger.history.all()[:2][::-1]
    assert (before.reason, after.reason) == (ANNA_REASON, BERTIL_REASON)


def test_a_save_over_a_newer_version_of_a_case_is_refused(registrator_clients, skarholmen):
    anna, bertil = registrator_clients
    url = reverse("decisions:case_update", args=[skarholmen.pk])
    annas_form, bertils_form = form_values(anna.get(url)), form_values(bertil.get(url))
    assert annas_form["status"] == "decided"

    assert anna.post(url, {**annas_form, "status": "referred_back", "paragraph": "§ 12"}).status_code == 302
    refused = bertil.post(url, {**bertils_form, "title": "Tertialrapport 2 för 2017"})

    assert refused.status_code == 409
    skarholmen.refresh_from_db()
    assert (skarholmen.title, skarholmen.status, skarholmen.paragraph) == (
        "Tertialrapport 2, 2017",
        "referred_back",
        "§ 12",
    )
    changes = {(c.field, c.old, c.new) for c in refused.context["form"].conflict.changes}
    assert changes == {("status", "beslutat", "återremitterat"), ("paragraf", "§ 20", "§ 12")}
    assert "Status beslutat återremitterat" in text_of(refused.content.decode())


def test_a_form_without_a_known_version_saves_nothing(registrator_clients, rudlinger):
    anna, _ = registrator_clients
    url = reservation_url(rudlinger)
    form = form_values(anna.get(url))
    for version in ("", "abc", "1" * 30, "²", str(latest_version(rudlinger) - 1)):
        response = anna.post(url, {**form, "reason": "Skriven utan version", "version": version})
        assert response.status_code == 409, version
    rudlinger.refresh_from_db()
    assert rudlinger.reason == ""


def test_every_edit_form_carries_the_version_it_was_read_at(registrator_clients, skarholmen):
    anna, _ = registrator_clients
    rows = {
        "case_update": (skarholmen, [skarholmen.pk]),
        "proposal_update": (Proposal.objects.first(), None),
        "statement_update": (Statement.objects.first(), None),
        "reservation_update": (Reservation.objects.first(), None),
        "attachment_update": (Attachment.objects.first(), None),
    }
    for name, (row, args) in rows.items():
        url = reverse(f"decisions:{name}", args=args or [row.case_id, row.pk])
        assert form_values(anna.get(url))["version"] == str(latest_version(row)), name
    # A new row has no version to compare with.
    assert "version" not in form_values(
        anna.get(reverse("decisions:attachment_create", args=[skarholmen.pk]))
    )


def test_each_row_kind_refuses_a_stale_form(registrator_clients, register):
    anna, bertil = registrator_clients
    edits = {
        "proposal_update": (Proposal.objects.first(), "origin", "Vänsterpartiet"),
        "statement_update": (Statement.objects.first(), "label", "Särskilt uttalande (ändrat)"),
        "attachment_update": (Attachment.objects.first(), "title", "Bilaga, ny rubrik"),
    }
    for name, (row, field, value) in edits.items():
        url = reverse(f"decisions:{name}", args=[row.case_id, row.pk])
        stale = form_values(bertil.get(url))
        assert anna.post(url, {**form_values(anna.get(url)), field: value}).status_code == 302, name
        assert bertil.post(url, {**stale, field: "Bertils version"}).status_code == 409, name
        row.refresh_from_db()
        assert getattr(row, field) == value, name


def test_the_other_clerks_case_edit_shows_in_the_history(registrator_clients, skarholmen):
    anna, bertil = registrator_clients
    url = reverse("decisions:case_update", args=[skarholmen.pk])
    anna.post(url, {**form_values(anna.get(url)), "status": "closed"})
    history = text_of(bertil.get(reverse("decisions:case_history", args=[skarholmen.pk])).content.decode())
    assert "Ärende: Tertialrapport 2, 2017 (ändrad)" in history
    assert "Av Anna Registrator Orsak Ändrad via webben" in history
    assert "Status beslutat avslutat" in history
    assert Case.objects.get(pk=skarholmen.pk).status == "closed"


def _post_all(clients, url: str, forms: list[dict]) -> list[int]:
    """Post each form from its own thread at the same moment; the status codes, in client order."""
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = [0] * len(clients)

    def post(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            statuses[index] = clients[index].post(url, forms[index]).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return statuses


@pytest.mark.postgres
def test_simultaneous_saves_of_one_version_let_exactly_one_through(transactional_db, django_user_model):
    """Saves arriving at the same moment: the row lock makes the second wait for the first and then
    see its newer version, so exactly one of them is saved in every round."""
    roles_ensure(group_model=Group, permission_model=Permission)
    call_command("load_register", verbosity=0)
    clients = [client_for(user_in(django_user_model, f"clerk{n}", "Registrator")) for n in range(3)]
    reservation = Reservation.objects.get(case__dnr="1.2.1./747-2017", person__name="Eva Rüdlinger")
    url = reservation_url(reservation)
    for round_ in range(4):
        forms = [{**form_values(c.get(url)), "reason": f"Runda {round_}, {n}"} for n, c in enumerate(clients)]
        statuses = _post_all(clients, url, forms)
        assert sorted(statuses) == [302, 409, 409], (round_, statuses)
        reservation.refresh_from_db()
        assert reservation.reason == forms[statuses.index(302)]["reason"]
    assert reservation.history.filter(history_change_reason=REASON_CHANGED).count() == 4


def test_a_row_without_history_is_saved_only_from_a_form_that_knows_so(registrator_clients, rudlinger):
    """A row written without history (raw SQL, a bulk load) has no version: a form read then carries
    none, and a form claiming one is refused without a crash."""
    anna, _ = registrator_clients
    rudlinger.history.all().delete()
    url = reservation_url(rudlinger)
    form = form_values(anna.get(url))
    assert form["version"] == ""
    assert anna.post(url, {**form, "reason": "Påhittad", "version": "12"}).status_code == 409
    assert anna.post(url, {**form, "reason": "Ny motivering"}).status_code == 302
    rudlinger.refresh_from_db()
    assert rudlinger.reason == "Ny motivering"
