"""Template filters of the register."""

from django import template
from django.template import engines
from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from decisions.selectors import HIT_END, HIT_START

register = template.Library()


@register.filter
def grouped(number) -> str:
    """A count with its digits grouped as the reader's language does: 98 961, 98,961."""
    return number_format(number, force_grouping=True)


@register.filter
def marked_hits(snippet: str) -> str:
    """A search snippet as HTML: the text escaped, the hits in <mark>."""
    html = escape(snippet or "").replace(HIT_START, "<mark>").replace(HIT_END, "</mark>")
    return mark_safe(html)


# A person or party is named in every row of the case and person pages: these draw the link in
# Python, which costs a fraction of an included template per row.


@register.filter
def party_link(party) -> str:
    """The party's abbreviation linked to its page, with its name beside it; a dash for none."""
    if party is None:
        return "–"
    link = format_html('<a href="{}">{}</a>', party.get_absolute_url(), party.abbreviation)
    return format_html('{} <span class="note">{}</span>', link, party.name) if party.name else link


@register.simple_tag
def person_with_party(person, party) -> str:
    """The person linked to their page and, after them, the party they spoke for, in brackets."""
    html = format_html('<a href="{}">{}</a>', person.get_absolute_url(), person.name) if person else "–"
    if party:
        url, name = party.get_absolute_url(), party.name
        html = format_html('{} (<a href="{}" title="{}">{}</a>)', html, url, name, party.abbreviation)
    return html


@register.simple_tag
def jinja_include(template_name: str, **values) -> str:
    """A template of the Jinja2 engine, drawn with ``values``: for the tables whose rows Django's
    template engine draws five times slower."""
    return mark_safe(engines["jinja2"].get_template(template_name).render(values))
