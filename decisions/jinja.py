"""The Jinja2 environment of the templates drawn many times a page (the case, activity and appearance
tables, long lists of people): Django's translations, and the register's filters they use."""

import jinja2
from django.template.defaultfilters import capfirst
from django.utils.translation import gettext, ngettext

from .templatetags.activities import responsible_links
from .templatetags.register_extras import grouped, marked_hits, party_link, truncated


def environment(**options) -> jinja2.Environment:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.filters.update(
        capfirst=capfirst,
        grouped=grouped,
        marked_hits=marked_hits,
        party_link=party_link,
        responsible_links=responsible_links,
        truncatechars=truncated,
    )
    return env
