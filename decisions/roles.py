"""The groups clerks are put in: Registrator (edits cases and their rows) and Sekretessbehörig
(sees confidential cases). Used by the migration that creates them and wherever they must exist."""

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


def roles_ensure(*, group_model, permission_model) -> None:
    """Create the groups with their permissions if missing. Takes the models as arguments so a
    migration can pass its historical ones."""
    codenames = [f"{action}_{model}" for model in REGISTRATOR_MODELS for action in REGISTRATOR_ACTIONS]
    decisions = permission_model.objects.filter(content_type__app_label="decisions")
    registrator, _ = group_model.objects.get_or_create(name=REGISTRATOR)
    registrator.permissions.add(*decisions.filter(codename__in=codenames))
    confidential, _ = group_model.objects.get_or_create(name=CONFIDENTIAL)
    confidential.permissions.add(decisions.get(codename="view_confidential_case"))
