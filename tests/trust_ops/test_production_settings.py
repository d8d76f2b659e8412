"""Production settings: the deploy check passes, HTTPS is enforced, and development stays on http."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with the given environment on top of ours."""
    # Not the suite's own DJANGO_* variables (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment = {**inherited, "DJANGO_SECRET_KEY": secrets.token_urlsafe(64), **env}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
    )


def settings_in(**env: str) -> dict:
    """The security settings as a process started with ``env`` sees them."""
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    ]
    code = "import json; from django.conf import settings as s; "
    code += f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}))"
    result = manage("shell", "--verbosity", "0", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_deploy_check_passes_at_warning_level_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_DEBUG="0")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_fails_when_hsts_is_turned_off():
    """The check above means something: switch one protection off and it fails."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_DEBUG="0", DJANGO_HSTS_SECONDS="0")
    assert result.returncode == 1
    assert "security.W004" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_enforces_https_for_a_year_and_the_hsts_time_is_tunable():
    production = settings_in(DJANGO_DEBUG="0")
    assert production["SECURE_SSL_REDIRECT"] and production["SESSION_COOKIE_SECURE"]
    assert production["CSRF_COOKIE_SECURE"]
    assert production["SECURE_HSTS_SECONDS"] == 31536000
    assert production["SECURE_PROXY_SSL_HEADER"] is None
    assert settings_in(DJANGO_DEBUG="0", DJANGO_HSTS_SECONDS="3600")["SECURE_HSTS_SECONDS"] == 3600


def test_behind_a_proxy_the_forwarded_protocol_is_trusted():
    proxied = settings_in(DJANGO_DEBUG="0", DJANGO_BEHIND_PROXY="1")
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_development_runs_over_plain_http():
    development = settings_in(DJANGO_DEBUG="1")
    assert development["DEBUG"] is True
    assert not development["SECURE_SSL_REDIRECT"] and not development["SESSION_COOKIE_SECURE"]
    assert development["SECURE_HSTS_SECONDS"] == 0


@pytest.fixture
def production(settings):
    """The suite's process runs the development settings; switch on what production switches on."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return settings


@pytest.mark.django_db
def test_in_production_plain_http_is_redirected_to_https(client, production):
    response = client.get(reverse("decisions:case_list"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/arenden/"


@pytest.mark.django_db
def test_in_production_https_through_the_proxy_gets_hsts_and_the_page(client, production):
    response = client.get(reverse("decisions:case_list"), headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_in_production_the_health_check_answers_over_plain_http(client, production):
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_in_development_pages_answer_over_plain_http(client):
    response = client.get(reverse("decisions:home"))
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/arenden/", "/konto/logga-in/", "/admin/login/"])
def test_every_page_forbids_framing_inline_script_and_foreign_hosts(client, url):
    response = client.get(url)
    policy = dict(part.split(" ", 1) for part in response["Content-Security-Policy"].split("; "))
    assert policy["script-src"] == policy["style-src"] == policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE), "inline script"),
    (re.compile(r"<style\b", re.IGNORECASE), "style element"),
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "event handler attribute"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
]


def test_no_template_holds_what_the_content_security_policy_would_block():
    """script-src and style-src are 'self' only: an inline script or style in a template would
    silently stop working in the browser, so it is caught here."""
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for pattern, what in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
