"""The project as a whole: configuration checks, migrations in step with models, the database in use."""

import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection


def test_system_check_reports_no_issues():
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()


@pytest.mark.django_db
def test_models_have_no_missing_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_suite_runs_on_the_database_ci_asked_for():
    """CI sets REGISTER_EXPECT_DATABASE for its PostgreSQL run; a silent fallback to SQLite fails here."""
    expected = os.environ.get("REGISTER_EXPECT_DATABASE")
    if os.environ.get("CI") == "true" and expected is None:
        expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == (expected or connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1


def test_default_language_is_swedish_with_english_available(settings):
    assert settings.LANGUAGE_CODE == "sv"
    assert {code for code, _ in settings.LANGUAGES} == {"sv", "en"}
    assert settings.TIME_ZONE == "Europe/Stockholm"


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_sessions_turn_off_jit_price_index_probes_for_ssd_and_bound_join_planning():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
        cursor.execute("SHOW join_collapse_limit")
        assert cursor.fetchone()[0] == "4"
        # A prepared read runs on the plan made once from its first run.
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_generic_plan"


def test_wsgi_entry_point_moves_what_it_loaded_out_of_the_collectors_reach():
    """gunicorn loads registry.wsgi once per worker; what it loaded then is frozen, so the garbage
    collector does not walk Django's modules again at every full collection during a request."""
    import gc
    import importlib

    import registry.wsgi

    gc.unfreeze()
    try:
        importlib.reload(registry.wsgi)
        assert gc.get_freeze_count() > 10_000
        assert callable(registry.wsgi.application)
    finally:
        gc.unfreeze()
