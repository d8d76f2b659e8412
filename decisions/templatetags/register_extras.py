"""Template filters of the register."""

import functools
import html

from django import template
from django.template import engines
from django.template.defaultfilters import truncatechars
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from decisions.selectors import HIT_END, HIT_START

register = template.Library()


@register.filter
def grouped(number) -> str:
    """A count with its digits grouped as the reader's language does: 98 961, 98,961."""
    return number_format(number, force_grouping=True)


def truncated(text, length: int) -> str:
    """``text`` cut to ``length`` characters with an ellipsis, as Django's ``truncatechars``. A text
    that fits already is handed back as it is, without the normalising and counting that filter
    does for every text: an activity table cuts 40 titles a page, nearly all of them short."""
    text = str(text)
    return text if len(text) <= length else truncatechars(text, length)


@register.filter
def roughly(number: int) -> int:
    """An estimated count as a reader takes it, to two digits: 93,411 as 93,000, 1,861 as 1,900;
    under a hundred, as it is."""
    return number if number < 100 else round(number, 2 - len(str(number)))


@register.filter
def marked_hits(snippet: str) -> str:
    """A search snippet as HTML: the text escaped, the hits in <mark>."""
    marked = escape(snippet or "").replace(HIT_START, "<mark>").replace(HIT_END, "</mark>")
    return mark_safe(marked)


# A person or party is named in every row of the case and person pages: these draw the link in
# Python, which costs a fraction of an included template per row.


def html_format(template_text: str, *args) -> SafeString:
    """``format_html`` for the rows of long tables: each argument escaped unless it already is
    HTML, the result safe. Django's own takes 5 µs a call, four times this, checking every
    argument for lazy text on its way through ``escape``; a busy person page draws 230 of them."""
    escaped = (arg.__html__() if hasattr(arg, "__html__") else html.escape(str(arg)) for arg in args)
    return mark_safe(template_text.format(*escaped))


@register.filter
def party_link(party) -> str:
    """The party's abbreviation linked to its page, with its name beside it; a dash for none."""
    if party is None:
        return "–"
    return _party_link(party.get_absolute_url(), party.abbreviation, party.name)


@functools.lru_cache(maxsize=256)
def _party_link(url: str, abbreviation: str, name: str) -> SafeString:
    # The same few parties are named row after row (150 times on a busy person page): each
    # party's link is written once for its address, abbreviation and name.
    link = html_format('<a href="{}">{}</a>', url, abbreviation)
    return html_format('{} <span class="note">{}</span>', link, name) if name else link


@register.simple_tag
def person_with_party(person, party) -> str:
    """The person linked to their page and, after them, the party they spoke for, in brackets."""
    shown = html_format('<a href="{}">{}</a>', person.get_absolute_url(), person.name) if person else "–"
    if party:
        url, name = party.get_absolute_url(), party.name
        shown = html_format('{} (<a href="{}" title="{}">{}</a>)', shown, url, name, party.abbreviation)
    return shown


@register.simple_tag
def jinja_include(template_name: str, request=None, **values) -> str:
    """A template of the Jinja2 engine, drawn with ``values``: for the tables whose rows Django's
    template engine draws five times slower, and the header of every page. Given the ``request``,
    the template has it, and ``csrf_input`` for its forms."""
    return mark_safe(engines["jinja2"].get_template(template_name).render(values, request=request))
