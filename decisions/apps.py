from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    """The register: cases, decisions, statements, reservations and action plans."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "decisions"
    verbose_name = _("Beslutsregistret")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .models import BOOKKEEPING_MODELS
        from .selectors import register_changed

        # A write to any of the register's tables (their history and links included) makes what
        # was kept between requests old; logins, sessions and migrations do not.
        for model in self.get_models(include_auto_created=True):
            if model in BOOKKEEPING_MODELS:
                continue
            for signal in (post_save, post_delete, m2m_changed):
                uid = f"register-changed-{model._meta.label}-{id(signal)}"
                signal.connect(register_changed, sender=model, dispatch_uid=uid)
