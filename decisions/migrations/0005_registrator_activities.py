"""Registrators follow up action plans: they may change activities and add to their follow-up log."""

from django.db import migrations

from decisions.roles import REGISTRATOR, permissions_ensure, roles_ensure

NEW_MODELS = ["activity", "followup"]


def grant(apps, schema_editor):
    permissions_ensure(apps)
    roles_ensure(
        group_model=apps.get_model("auth", "Group"), permission_model=apps.get_model("auth", "Permission")
    )


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=REGISTRATOR).first()
    if group:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="decisions", content_type__model__in=NEW_MODELS)
        )


class Migration(migrations.Migration):
    dependencies = [("decisions", "0004_search_vectors")]

    operations = [migrations.RunPython(grant, revoke)]
