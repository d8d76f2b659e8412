"""Template filters of the register."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from decisions.selectors import HIT_END, HIT_START

register = template.Library()


@register.filter
def marked_hits(snippet: str) -> str:
    """A search snippet as HTML: the text escaped, the hits in <mark>."""
    html = escape(snippet or "").replace(HIT_START, "<mark>").replace(HIT_END, "</mark>")
    return mark_safe(html)
