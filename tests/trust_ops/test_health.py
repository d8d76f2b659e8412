"""/healthz: 200 while the database answers, 503 when it does not; it touches no session or user."""

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_the_health_check_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]


def test_the_health_check_answers_503_when_the_database_does_not(client, monkeypatch):
    def refuse():
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def test_the_health_check_reads_no_session_and_sets_no_cookie(client):
    response = client.get("/healthz")
    assert not response.wsgi_request.session.accessed
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_the_health_check_takes_no_posts(client):
    assert client.post("/healthz").status_code == 405
