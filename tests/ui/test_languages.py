"""Swedish by default, English through the language switcher; every page string is translated."""

import pytest
from django.conf import settings
from django.urls import reverse

from .helpers import page, text_of

pytestmark = pytest.mark.django_db


def test_pages_are_swedish_by_default(client, register):
    html = page(client.get(reverse("decisions:home")))
    assert '<html lang="sv">' in html
    assert "Hoppa till innehållet" in html


def test_the_language_switcher_turns_the_pages_english(client, nordic_safe_cities):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/arenden/"})
    assert response.status_code == 302
    html = page(client.get(reverse("decisions:case_list"), {"party": "L"}))
    text = text_of(html)
    assert '<html lang="en">' in html
    assert "Skip to content" in text
    assert "3 cases" in text
    assert "Download CSV" in text
    assert "Active filters" in text
    # The case table is drawn by Jinja2, with the same catalogue.
    assert "Reg. no." in text and "Title" in text and "Municipality" in text
    detail = text_of(page(client.get(nordic_safe_cities.get_absolute_url())))
    assert "Special statements and notes" in detail
    assert "Show in source" in detail
    # So is a person page's table of the cases they presented.
    presenter = text_of(page(client.get(nordic_safe_cities.presenter.get_absolute_url())))
    assert "KS 2018/550 Medlemskap i Nordic Safe Cities 2018-04-11 presenter" in presenter


def test_a_role_reads_in_the_language_of_each_request(client, register):
    from decisions.models import Person

    mozis = Person.objects.get(name="Ylva Mozis").get_absolute_url()
    assert "förslagsställare" in text_of(page(client.get(mozis)))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = text_of(page(client.get(mozis)))
    assert "proposer" in english and "förslagsställare" not in english
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert "förslagsställare" in text_of(page(client.get(mozis)))


def test_english_catalogue_is_compiled_and_complete():
    po = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_size > 1000
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]
    untranslated = [e for e in entries if "#~" not in e and "msgstr[" not in e and not _msgstr(e)]
    assert untranslated == []
    assert [e for e in entries if "#, fuzzy" in e] == []


def test_every_phrase_of_the_jinja2_templates_is_in_the_english_catalogue():
    """makemessages reads the Jinja2 templates as Django templates: it finds a phrase only when it
    stands alone, as {{ _("...") }}; one it misses leaves the catalogue and the page stays Swedish."""
    import re

    po = (settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    translated = {_msgid(e) for e in po.split("\n\n")[1:] if _msgstr(e)}
    templates = (settings.BASE_DIR / "decisions" / "jinja2").rglob("*.html")
    phrases = {
        p for path in templates for p in re.findall(r'_\("([^"]+)"\)', path.read_text(encoding="utf-8"))
    }
    assert {"Dnr", "Sekretess", "Inga ärenden.", "Klart senast", "Försenad"} <= phrases
    assert phrases - translated == set()


def test_the_phrases_with_values_of_the_jinja2_templates_are_in_the_english_catalogue(client, register):
    """Phrases with values ("I %(forum)s") are named in decisions/jinja.py, where makemessages finds
    them; the case page says them in English."""

    from decisions.jinja import PHRASES
    from decisions.models import Case

    po = (settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    translated = {_msgid(e) for e in po.split("\n\n")[1:] if _msgstr(e)}
    assert set(PHRASES.values()) - translated == set()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    case = Case.objects.get(dnr="KS 2018/550")
    assert "In Borgarrådsberedningen" in text_of(page(client.get(case.get_absolute_url())))


def _msgid(entry: str) -> str:
    """The phrase of a catalogue entry, its wrapped lines joined."""
    _, _, rest = entry.partition("msgid ")
    return "".join(
        line.strip().strip('"') for line in rest.split("\nmsgstr")[0].split("\nmsgid_plural")[0].splitlines()
    )


def _msgstr(entry: str) -> str:
    """The translation of a catalogue entry, its wrapped lines joined."""
    _, _, rest = entry.partition("\nmsgstr ")
    return "".join(line.strip().strip('"') for line in rest.splitlines())
