from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    """The register: cases, decisions, statements, reservations and action plans."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "decisions"
    verbose_name = _("Beslutsregistret")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .selectors import register_changed

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(register_changed, dispatch_uid=f"register-changed-{signal}")
