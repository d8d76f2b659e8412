"""The Jinja2 environment: every page's header, the bodies of the case and person pages and of the
lists, and the tables drawn many times a page (cases, activities, long lists of people), with
Django's translations and the register's filters they use."""

import jinja2
from django.conf import settings
from django.core.signals import setting_changed
from django.template.defaultfilters import capfirst, linebreaks_filter, linebreaksbr, urlencode
from django.urls import reverse
from django.utils.translation import (
    get_language,
    gettext,
    gettext_lazy,
    gettext_noop,
    ngettext,
    ngettext_lazy,
)
from markupsafe import Markup

from .models import KeyedUrl, reversed_once
from .templatetags.activities import responsible_links
from .templatetags.register_extras import (
    grouped,
    marked_hits,
    party_link,
    person_with_party,
    roughly,
    truncated,
)


def url(name: str, *args) -> str:
    """The address of the view ``name``, as ``{% url %}`` gives it."""
    return reverse(name, args=args) if args else reversed_once(name)


# The phrases with values in them that the Jinja2 templates say, as ``_(phrases.tally, yes=...)``.
# makemessages reads those templates as Django templates and finds a phrase there only when it
# stands alone, as {{ _("...") }}: these are named here, where it finds them.
PHRASES = {
    "signed_in_as": gettext_noop("Inloggad som %(name)s"),
    "tally": gettext_noop("%(yes)s ja, %(no)s nej, %(abstain)s avstår"),
    "in_forum": gettext_noop("I %(forum)s"),
    "reservation_by": gettext_noop("reservationen av %(name)s"),
    "about_cases": gettext_noop("cirka %(counter)s ärenden"),
    "showing": gettext_noop("visar %(start)s–%(end)s"),
    "page_of": gettext_noop("Sida %(number)s av %(total)s"),
    "all_cases_of": gettext_noop("Alla ärenden där %(name)s förekommer"),
    "latest_shown": gettext_noop("Visar de %(preview)s senaste."),
}
# Counts that say one or many, as ``plurals.cases % {"counter": n, "shown": n|grouped}``.
PLURALS = {
    "cases": ngettext_lazy("%(shown)s ärende", "%(shown)s ärenden", "counter"),
    "activities": ngettext_lazy("%(shown)s aktivitet", "%(shown)s aktiviteter", "counter"),
}


# The main menu: the lists, by the name of their view.
MENU = (
    ("case_list", gettext_lazy("Ärenden")),
    ("activity_list", gettext_lazy("Aktiviteter")),
    ("person_list", gettext_lazy("Personer")),
)


# The phrases the templates have translated, by language and autoescaping (``translated``).
_translated: dict[tuple[str, str, bool], str] = {}


@jinja2.pass_context
def translated(context, message: str, **variables) -> str:
    """``_("...")`` in a template: Django's translation of ``message``, as Jinja2's own gettext
    gives it (escaped as the template escapes, with ``variables`` filled in). A phrase without
    values is kept once translated: a page says dozens of them, and each went through the
    active language's catalog and was escaped again at every request."""
    autoescape = context.eval_ctx.autoescape
    if variables:
        found = gettext(message)
        return (Markup(found) if autoescape else found) % variables
    key = (get_language(), message, autoescape)
    found = _translated.get(key)
    if found is None:
        found = gettext(message)
        # What Jinja2's gettext does with no values: escaped and %% written as %.
        found = _translated[key] = (Markup(found) if autoescape else found) % {}
    return found


def forget_translations(**kwargs) -> None:
    """Translate the phrases again, after the languages or catalogs change (in tests)."""
    _translated.clear()


setting_changed.connect(forget_translations)


def environment(**options) -> jinja2.Environment:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals["gettext"] = translated
    env.globals.update(
        url=url,
        keyed_url=KeyedUrl,
        phrases=PHRASES,
        plurals=PLURALS,
        person_with_party=person_with_party,
        get_language=get_language,
        languages=settings.LANGUAGES,
        menu=MENU,
    )
    env.filters.update(
        capfirst=capfirst,
        grouped=grouped,
        linebreaks=linebreaks_filter,
        linebreaksbr=linebreaksbr,
        marked_hits=marked_hits,
        party_link=party_link,
        responsible_links=responsible_links,
        roughly=roughly,
        truncatechars=truncated,
        urlencode=urlencode,
    )
    return env
