"""The groups clerks are put in: Registrator (edits cases and their rows) and Sekretessbehörig
(sees confidential cases)."""

from django.db import migrations

from decisions.roles import CONFIDENTIAL, REGISTRATOR, permissions_ensure, roles_ensure


def create_groups(apps, schema_editor):
    permissions_ensure(apps)
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
