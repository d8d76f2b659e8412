"""Template helpers for action-plan activities."""

from django import template

from ..export import activity_responsible

register = template.Library()


@register.filter
def responsible(activity) -> list[tuple[str, object]]:
    """(name, unit or None) for everyone responsible, in the source's order: a known unit by its
    abbreviation, any other name ("Trygghetssamordnaren") as written, then units added since."""
    units = {unit.abbreviation: unit for unit in activity.responsible.all()}
    names = activity_responsible(activity)
    names += [abbreviation for abbreviation in units if abbreviation not in names]
    return [(name, units.get(name)) for name in names]
