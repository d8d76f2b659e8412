"""Load the committed fixtures into the register; running it twice changes nothing."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from decisions.register_fixture import FixtureError, fixture_load


class Command(BaseCommand):
    help = "Laddar fixtures/register.json i registret. Skriver aldrig över det som redan finns."

    def add_arguments(self, parser):
        parser.add_argument("--fixture", type=Path, default=settings.BASE_DIR / "fixtures" / "register.json")

    def handle(self, *args, **options):
        try:
            rows, loaded = fixture_load(options["fixture"])
        except FixtureError as error:
            raise CommandError(f"{error}\nInget laddades; registret är oförändrat.") from error
        if loaded:
            self.stdout.write(f"Registret laddat: {rows} poster från {options['fixture'].name}")
        else:
            self.stdout.write("Registret innehåller redan dessa dokument; inget ändrat.")
