"""The Jinja2 environment of the templates drawn many times a page (the case, activity and appearance
tables, long lists of people): Django's translations, and the register's filters they use."""

import jinja2
from django.conf import settings
from django.template.defaultfilters import capfirst, urlencode
from django.urls import reverse
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

from .models import fixed_url
from .templatetags.activities import responsible_links
from .templatetags.register_extras import grouped, marked_hits, party_link, truncated


def url(name: str, *args) -> str:
    """The address of the view ``name``, as ``{% url %}`` gives it."""
    return reverse(name, args=args) if args else fixed_url(name)


def signed_in_as(user) -> str:
    """Who is signed in, in the active language."""
    return gettext("Inloggad som %(name)s") % {"name": user.get_username()}


# The main menu: the lists, by the name of their view.
MENU = (
    ("case_list", gettext_lazy("Ärenden")),
    ("activity_list", gettext_lazy("Aktiviteter")),
    ("person_list", gettext_lazy("Personer")),
)


def environment(**options) -> jinja2.Environment:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals.update(
        url=url,
        signed_in_as=signed_in_as,
        get_language=get_language,
        languages=settings.LANGUAGES,
        menu=MENU,
    )
    env.filters.update(
        capfirst=capfirst,
        grouped=grouped,
        marked_hits=marked_hits,
        party_link=party_link,
        responsible_links=responsible_links,
        truncatechars=truncated,
        urlencode=urlencode,
    )
    return env
