"""Rebuild a register from an export made with export_register --include-confidential."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from decisions.register_import import RegisterImportError, register_import


class Command(BaseCommand):
    help = (
        "Bygger upp registret från en export (register-export/1), till exempel i en ny databas. "
        "Allt eller inget; vägrar om ärendena redan finns."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="JSON-filen från export_register")
        parser.add_argument("--operator", default="import_register", help="Namnet som står i historiken")

    def handle(self, *args, **options):
        try:
            result = register_import(path=options["export"], operator=options["operator"])
        except RegisterImportError as error:
            raise CommandError(f"{error}\nInget importerades; registret är oförändrat.") from error
        self.stdout.write(
            f"{options['export'].name}: {result.cases} ärenden och {result.people} personer importerade"
        )
