"""Editing: login and permission, POST-redirect-GET, messages, errors beside fields, history."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from decisions.forms import REASON_ADDED, REASON_CHANGED
from decisions.history import latest_version
from decisions.models import Attachment, Proposal, Reservation, Statement

from .helpers import page, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def rudlinger(skarholmen):
    return Reservation.objects.get(case=skarholmen, person__name="Eva Rüdlinger")


def reservation_url(reservation):
    return reverse("decisions:reservation_update", args=[reservation.case_id, reservation.pk])


def reservation_data(reservation, **changes):
    data = {
        "person": reservation.person_id,
        "party": reservation.party_id,
        "in_favour_of": reservation.in_favour_of_id,
        "in_favour_text": reservation.in_favour_text,
        "reason": reservation.reason,
        "version": latest_version(reservation),  # the version the form was read at
    }
    return {**data, **changes}


def test_the_registrator_and_sekretessbehorig_groups_exist_with_their_permissions():
    registrator = set(Group.objects.get(name="Registrator").permissions.values_list("codename", flat=True))
    assert {"add_case", "change_case", "view_case", "change_reservation", "add_attachment"} <= registrator
    assert "delete_case" not in registrator and "view_confidential_case" not in registrator
    assert len(registrator) == 27  # add, change, view for 9 models (activities and follow-ups too)
    cleared = Group.objects.get(name="Sekretessbehörig").permissions.values_list("codename", flat=True)
    assert list(cleared) == ["view_confidential_case"]


def test_anonymous_users_are_sent_to_the_swedish_login_page(client, rudlinger):
    response = client.get(reservation_url(rudlinger))
    assert response.status_code == 302
    assert response["Location"] == f"/konto/logga-in/?next={reservation_url(rudlinger)}"
    login = page(client.get(response["Location"]))
    assert "<h1>Logga in</h1>" in login
    assert 'lang="sv"' in login


def test_anonymous_posts_change_nothing(client, rudlinger):
    client.post(reservation_url(rudlinger), reservation_data(rudlinger, reason="Hackat"))
    rudlinger.refresh_from_db()
    assert rudlinger.reason == ""


def test_logged_in_users_without_permission_get_403(reader_client, rudlinger, skarholmen):
    assert reader_client.get(reservation_url(rudlinger)).status_code == 403
    assert reader_client.post(reservation_url(rudlinger), reservation_data(rudlinger)).status_code == 403
    assert reader_client.get(reverse("decisions:case_update", args=[skarholmen.pk])).status_code == 403
    assert "Åtkomst nekad" in reader_client.get(reservation_url(rudlinger)).content.decode()


def test_a_registrator_edits_a_reservations_reason(registrator_client, registrator, rudlinger, skarholmen):
    form = page(registrator_client.get(reservation_url(rudlinger)))
    assert 'name="csrfmiddlewaretoken"' in form
    reason = "Handlingsplanen behöver kompletteras med en lokal lägesbild."
    response = registrator_client.post(reservation_url(rudlinger), reservation_data(rudlinger, reason=reason))
    assert response.status_code == 302
    assert response["Location"] == skarholmen.get_absolute_url()
    after = page(registrator_client.get(response["Location"]))
    assert "Ändringarna är sparade." in after
    assert reason in after
    latest = rudlinger.history.first()
    assert (latest.reason, latest.history_change_reason, latest.history_user) == (
        reason,
        REASON_CHANGED,
        registrator,
    )
    assert latest.history_type == "~"


def test_a_reservation_can_only_favour_this_cases_proposals(
    registrator_client, rudlinger, nordic_safe_cities
):
    elsewhere = Proposal.objects.get(case=nordic_safe_cities)
    response = registrator_client.post(
        reservation_url(rudlinger), reservation_data(rudlinger, in_favour_of=elsewhere.pk)
    )
    assert response.status_code == 200
    assert "in_favour_of" in response.context["form"].errors
    assert 'id="id_in_favour_of_error"' in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_registrator_edits_a_cases_metadata_and_status(registrator_client, ctpn):
    url = reverse("decisions:case_update", args=[ctpn.pk])
    form = page(registrator_client.get(url))
    assert 'value="KS 2021/346"' in form
    data = {
        "title": ctpn.title,
        "dnr": "KS 2021/346",
        "body": ctpn.body_id,
        "date": "2021-04-14",
        "paragraph": "§ 7",
        "kind": ctpn.kind,
        "status": "decided",
        "summary": "Beslutat i kommunstyrelsen.",
        "secrecy_reference": "",
        "version": latest_version(ctpn),
    }
    response = registrator_client.post(url, data)
    assert response.status_code == 302
    ctpn.refresh_from_db()
    assert (ctpn.status, ctpn.paragraph, ctpn.dnr_key) == ("decided", "§ 7", "KS-2021-346")
    assert ctpn.history.first().history_change_reason == REASON_CHANGED


def test_a_dnr_already_in_the_municipality_is_an_error_beside_the_field(registrator_client, ctpn):
    url = reverse("decisions:case_update", args=[ctpn.pk])
    data = {
        "title": ctpn.title,
        "dnr": "ks 2018/550",
        "kind": ctpn.kind,
        "status": ctpn.status,
        "version": latest_version(ctpn),
    }
    response = registrator_client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["dnr"] == ["Diarienumret finns redan i kommunens register."]
    assert "Formuläret innehåller fel" in response.content.decode()


def test_marking_confidential_needs_a_secrecy_reference_and_the_right(registrator_client, ctpn):
    url = reverse("decisions:case_update", args=[ctpn.pk])
    data = {
        "title": ctpn.title,
        "dnr": ctpn.dnr,
        "kind": ctpn.kind,
        "status": ctpn.status,
        "confidential": "on",
        "version": latest_version(ctpn),
    }
    errors = registrator_client.post(url, data).context["form"].errors
    assert "secrecy_reference" in errors
    assert "confidential" in errors  # a registrator without Sekretessbehörig would lose the case


def test_a_registrator_adds_a_proposal_with_points_one_per_line(registrator_client, ctpn):
    url = reverse("decisions:proposal_create", args=[ctpn.pk])
    data = {
        "kind": "motion",
        "origin": "Vänsterpartiet",
        "points": "Avslag.\n\n  Ärendet återremitteras. ",
        "outcome": "rejected",
    }
    response = registrator_client.post(url, data)
    assert response.status_code == 302
    proposal = Proposal.objects.get(case=ctpn, origin="Vänsterpartiet")
    assert proposal.points == ["Avslag.", "Ärendet återremitteras."]
    assert proposal.position > 0
    assert proposal.history.first().history_change_reason == REASON_ADDED
    edit = page(registrator_client.get(reverse("decisions:proposal_update", args=[ctpn.pk, proposal.pk])))
    assert "Avslag.\nÄrendet återremitteras.</textarea>" in edit


def test_a_registrator_adds_a_statement_in_a_forum_of_the_municipality(registrator_client, ctpn, vallentuna):
    url = reverse("decisions:statement_create", args=[ctpn.pk])
    vallentuna_body = vallentuna.body
    data = {
        "kind": "minutes_note",
        "label": "Protokollsanteckning",
        "forum": vallentuna_body.pk,
        "text": "Text",
    }
    assert "forum" in registrator_client.post(url, data).context["form"].errors
    data["forum"] = ctpn.body_id
    assert registrator_client.post(url, data).status_code == 302
    assert Statement.objects.filter(case=ctpn, label="Protokollsanteckning").exists()


def test_a_registrator_adds_and_edits_an_attachment(registrator_client, ctpn):
    response = registrator_client.post(
        reverse("decisions:attachment_create", args=[ctpn.pk]),
        {"title": "Inbjudan från CTPN", "kind": "bilaga", "date": "2021-03-01"},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(case=ctpn, title="Inbjudan från CTPN")
    url = reverse("decisions:attachment_update", args=[ctpn.pk, attachment.pk])
    version = latest_version(attachment)
    bad = registrator_client.post(
        url, {"title": "", "kind": "bilaga", "date": "2021-13-45", "version": version}
    )
    assert set(bad.context["form"].errors) == {"title", "date"}
    registrator_client.post(
        url, {"title": "Inbjudan", "kind": "bilaga", "date": "2021-03-02", "version": version}
    )
    attachment.refresh_from_db()
    assert (attachment.title, attachment.date.isoformat()) == ("Inbjudan", "2021-03-02")


def test_a_row_of_another_case_cannot_be_edited_through_this_one(registrator_client, rudlinger, ctpn):
    url = reverse("decisions:reservation_update", args=[ctpn.pk, rudlinger.pk])
    assert registrator_client.get(url).status_code == 404


def test_edit_links_show_only_for_those_who_may_edit(registrator_client, skarholmen):
    assert "Ändra ärendet" not in page(Client().get(skarholmen.get_absolute_url()))
    html = page(registrator_client.get(skarholmen.get_absolute_url()))
    assert "Ändra ärendet" in html
    assert "Lägg till reservation" in html


def test_login_and_logout(client, registrator, rudlinger):
    response = client.post(
        "/konto/logga-in/",
        {"username": "registrator", "password": "lösenord-för-test", "next": reservation_url(rudlinger)},
    )
    assert response["Location"] == reservation_url(rudlinger)
    assert client.get(reservation_url(rudlinger)).status_code == 200
    assert "Logga ut" in text_of(page(client.get("/")))
    assert client.get("/konto/logga-ut/").status_code == 405  # logging out takes a POST
    client.post("/konto/logga-ut/")
    assert client.get(reservation_url(rudlinger)).status_code == 302


def test_a_wrong_password_gets_a_swedish_error(client, registrator):
    html = page(client.post("/konto/logga-in/", {"username": "registrator", "password": "fel"}))
    assert "Ange ett korrekt användarnamn och lösenord" in html
