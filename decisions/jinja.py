"""The Jinja2 environment of the templates drawn many times a page (the case and activity tables):
Django's translations, and the register's filters that those templates use."""

import jinja2
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext, ngettext

from .templatetags.activities import responsible_links
from .templatetags.register_extras import grouped, marked_hits


def environment(**options) -> jinja2.Environment:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.filters.update(
        grouped=grouped,
        marked_hits=marked_hits,
        responsible_links=responsible_links,
        truncatechars=truncatechars,
    )
    return env
