"""Write the register as JSON valid against the export contract."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from decisions.export import register_export


class Command(BaseCommand):
    help = (
        "Skriver registret som JSON (register-export/1). "
        "Sekretessbelagda ärenden bara med --include-confidential."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="Fil att skriva till (annars standard ut)")
        parser.add_argument(
            "--include-confidential", action="store_true", help="Ta med sekretessbelagda ärenden"
        )

    def handle(self, *args, **options):
        data = register_export(include_confidential=options["include_confidential"])
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if not options["output"]:
            self.stdout.write(text, ending="")
            return
        try:
            options["output"].write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{options['output']}: kan inte skriva ({error.strerror})") from error
        self.stderr.write(f"{options['output']}: {len(data['cases'])} ärenden")
