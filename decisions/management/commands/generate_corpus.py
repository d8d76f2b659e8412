"""Add a synthetic register of N cases, for measuring the register at scale."""

import os
import time

from django.core.management.base import BaseCommand, CommandError

from decisions.corpus import SYNTHETIC_PREFIX, corpus_generate


class Command(BaseCommand):
    help = (
        f"Lägger till ett syntetiskt register: --cases nya ärenden i nya kommuner ('{SYNTHETIC_PREFIX} N') "
        "med organ, enheter, politiker, förslag, uttalanden, reservationer, handläggningar, källdokument "
        "och handlingsplaner, med ord ur fixtures/sources. Befintliga rader ändras aldrig. Samma frö ger "
        "samma rader. Varje kommun skrivs i en egen transaktion, på PostgreSQL av --jobs processer sida vid "
        "sida. Raderna skrivs med bulk_create och får därför ingen historik (django-simple-history)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True, help="Antal nya ärenden.")
        parser.add_argument("--seed", type=int, default=1, help="Frö för slumpen (standard 1).")
        parser.add_argument(
            "--municipalities", type=int, default=10, help="Antal nya kommuner att fördela ärendena på."
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=min(2, os.cpu_count() or 1),
            help="Processer som skriver kommuner sida vid sida (bara PostgreSQL; standard 2, högst kärnor).",
        )

    def handle(self, *args, **options):
        cases, municipalities = options["cases"], options["municipalities"]
        if min(cases, municipalities, options["jobs"]) < 1:
            raise CommandError("--cases, --municipalities och --jobs måste vara minst 1.")
        started = time.monotonic()
        counts = corpus_generate(
            cases=cases,
            seed=options["seed"],
            municipalities=municipalities,
            jobs=options["jobs"],
            progress=self._progress(cases, started),
        )
        seconds = time.monotonic() - started
        for model, count in sorted(counts.items()):
            self.stdout.write(f"{model:>24} {count:>10,}")
        self.stdout.write(f"{sum(counts.values()):,} rader på {seconds:.1f} s ({cases:,} ärenden).")

    def _progress(self, total: int, started: float):
        def report(done: int) -> None:
            self.stdout.write(f"{done:>10,} / {total:,} ärenden, {time.monotonic() - started:.1f} s")

        return report
