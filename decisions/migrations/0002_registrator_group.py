"""The groups clerks are put in: Registrator (edits cases and their rows) and Sekretessbehörig
(sees confidential cases)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REGISTRATOR = "Registrator"
CONFIDENTIAL = "Sekretessbehörig"
REGISTRATOR_MODELS = [
    "case",
    "proposal",
    "proposalauthor",
    "statement",
    "statementauthor",
    "reservation",
    "attachment",
]
REGISTRATOR_ACTIONS = ["add", "change", "view"]


def ensure_permissions(apps):
    """Permissions are normally created after all migrations; this one needs them now."""
    app_config = apps.get_app_config("decisions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def create_groups(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in REGISTRATOR_MODELS for action in REGISTRATOR_ACTIONS]
    registrator, _ = Group.objects.get_or_create(name=REGISTRATOR)
    registrator.permissions.add(
        *Permission.objects.filter(content_type__app_label="decisions", codename__in=codenames)
    )
    confidential, _ = Group.objects.get_or_create(name=CONFIDENTIAL)
    confidential.permissions.add(
        Permission.objects.get(content_type__app_label="decisions", codename="view_confidential_case")
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
