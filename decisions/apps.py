from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    """The register: cases, decisions, statements, reservations and action plans."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "decisions"
    verbose_name = _("Beslutsregistret")
