"""The groups clerks are put in: Registrator (edits cases and their rows, follows up action plans)
and Sekretessbehörig (sees confidential cases). Used by the migrations that create them and
wherever they must exist."""

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
    "activity",
    "followup",
]
REGISTRATOR_ACTIONS = ["add", "change", "view"]


def roles_ensure(*, group_model, permission_model) -> None:
    """Create the groups with their permissions if missing. Takes the models as arguments so a
    migration can pass its historical ones."""
    codenames = [f"{action}_{model}" for model in REGISTRATOR_MODELS for action in REGISTRATOR_ACTIONS]
    decisions = permission_model.objects.filter(content_type__app_label="decisions")
    registrator, _ = group_model.objects.get_or_create(name=REGISTRATOR)
    registrator.permissions.add(*decisions.filter(codename__in=codenames))
    confidential, _ = group_model.objects.get_or_create(name=CONFIDENTIAL)
    confidential.permissions.add(decisions.get(codename="view_confidential_case"))


def permissions_ensure(apps) -> None:
    """Permissions are normally created after all migrations; a migration that hands them out
    needs them now."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("decisions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
