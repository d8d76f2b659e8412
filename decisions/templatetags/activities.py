"""Template helpers for action-plan activities."""

from django import template
from django.utils.safestring import mark_safe

from ..export import activity_responsible
from .register_extras import html_format

register = template.Library()


@register.filter
def responsible(activity) -> list[tuple[str, object]]:
    """(name, unit or None) for everyone responsible, in the source's order: a known unit by its
    abbreviation, any other name ("Trygghetssamordnaren") as written, then units added since.
    A list's rows come with their units read already (``selectors.activity_units_read``)."""
    read = getattr(activity, "responsible_units", None)
    if read is None:
        read = list(activity.responsible.all())
    units = {unit.abbreviation: unit for unit in read}
    names = activity_responsible(activity, read)
    names += [abbreviation for abbreviation in units if abbreviation not in names]
    return [(name, units.get(name)) for name in names]


@register.filter
def responsible_links(activity, unit_url=None) -> str:
    """Everyone responsible, comma-separated: a unit linked to its page, its full name as the
    link's title; a dash for no one. A table of many activities gives the ``unit_url`` of its
    units' pages (``models.KeyedUrl``)."""
    parts = [
        html_format(
            '<a href="{}" title="{}">{}</a>',
            unit_url(unit.pk) if unit_url else unit.get_absolute_url(),
            unit.name,
            name,
        )
        if unit
        else html_format("{}", name)
        for name, unit in responsible(activity)
    ]
    return mark_safe(", ".join(parts)) if parts else "–"
