"""Add documents to a live register: all of them in one transaction, or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from decisions.parsing import ParseError
from decisions.services import document_import


class Command(BaseCommand):
    help = "Importerar källdokument (text, UTF-8) till registret. Allt eller inget."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Textfiler att importera")
        parser.add_argument("--municipality", help="Kommunen, när dokumentet inte själv säger vilken")
        parser.add_argument("--operator", default="import_document", help="Namnet som står i historiken")

    def handle(self, *paths, **options):
        try:
            with transaction.atomic():
                results = [self._import(path, options) for path in options["paths"]]
        except (ParseError, OSError) as error:
            raise CommandError(f"{error}\nInget importerades; registret är oförändrat.") from error
        for result in results:
            self._report(result)

    def _import(self, path: Path, options):
        if not path.is_file():
            raise CommandError(f"{path}: filen finns inte. Inget importerades; registret är oförändrat.")
        return document_import(path=path, operator=options["operator"], municipality=options["municipality"])

    def _report(self, result):
        verb = "importerad" if result.created else "fanns redan, oförändrad"
        names = ", ".join(case.dnr or case.title for case in result.cases)
        self.stdout.write(f"{result.document.filename}: {verb} ({names})")
