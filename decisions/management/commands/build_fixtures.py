"""Build fixtures/register.json from fixtures/sources/*.txt, in a scratch database."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from decisions.parsing import ParseError
from decisions.register_fixture import fixture_serialize
from decisions.services import document_import


class Command(BaseCommand):
    help = (
        "Bygger fixtures/register.json av källdokumenten, i en tillfällig databas. Samma källor, samma bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sources", type=Path, default=settings.BASE_DIR / "fixtures" / "sources")
        parser.add_argument("--output", type=Path, default=settings.BASE_DIR / "fixtures" / "register.json")
        parser.add_argument("--in-scratch-database", action="store_true", help=HIDE)

    def handle(self, *args, **options):
        sources = sorted(options["sources"].glob("*.txt"))
        if not sources:
            raise CommandError(f"{options['sources']}: inga .txt-filer att bygga av")
        if options["in_scratch_database"]:
            self._build(sources, options["output"])
        else:
            self._build_in_scratch_database(options)
        self.stdout.write(f"{options['output']}: byggd av {len(sources)} dokument")

    def _build_in_scratch_database(self, options):
        """Run this command again against a fresh SQLite file so the live register is never touched
        and primary keys start from one."""
        with tempfile.TemporaryDirectory() as scratch:
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{scratch}/build.sqlite3"}
            command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "build_fixtures"]
            command += ["--sources", str(options["sources"]), "--output", str(options["output"])]
            result = subprocess.run(
                [*command, "--in-scratch-database"], env=env, capture_output=True, text=True
            )
        if result.returncode != 0:
            raise CommandError(result.stderr.strip() or "bygget misslyckades")

    def _build(self, sources, output):
        call_command("migrate", verbosity=0)
        try:
            for path in sources:
                document_import(path=path, operator="build_fixtures")
        except ParseError as error:
            raise CommandError(str(error)) from error
        output.write_text(fixture_serialize(), encoding="utf-8")


HIDE = "(intern) bygg i den databas som redan är vald"
