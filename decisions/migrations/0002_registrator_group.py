"""The groups clerks are put in: Registrator (edits cases and their rows) and Sekretessbehörig
(sees confidential cases)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from decisions.roles import CONFIDENTIAL, REGISTRATOR, roles_ensure


def ensure_permissions(apps):
    """Permissions are normally created after all migrations; this one needs them now."""
    app_config = apps.get_app_config("decisions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def create_groups(apps, schema_editor):
    ensure_permissions(apps)
    roles_ensure(
        group_model=apps.get_model("auth", "Group"), permission_model=apps.get_model("auth", "Permission")
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[REGISTRATOR, CONFIDENTIAL]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
