"""Benchmark the register at scale: 100,000 synthetic cases on PostgreSQL, served by gunicorn.

    .venv/bin/python scripts/bench.py            (or: make bench)

Steps: create the database when missing (default br_bench on the local server; another with
--database-url or BENCH_DATABASE_URL), migrate, load the real register, add synthetic cases with
generate_corpus until there are --cases of them (an existing corpus is reused), VACUUM ANALYZE after
generating, collect static files, start gunicorn (2 sync workers, DEBUG off) on 127.0.0.1:8200, warm
every page up, then time --requests requests per page from a client on the same machine: the wall
time from sending the request to reading the last byte, over loopback, one request at a time. Each
page's median is set against the median of /healthz measured first in the run, and against the
median of BESIDE /healthz requests made just before the page, as the machine's speed drifts over
a run; a page meets the ratio target only within both. The CSV
downloads are also watched for the resident memory (VmRSS, sampled every 5 ms) of the gunicorn
workers, for a ~10,000-row and a ~50,000-row filter, to show that streaming keeps memory flat.

The figures go between the markers in docs/benchmarks.md (the rest of that file is kept) and to
standard output. With --explain it measures nothing and prints, for each page, its slowest SQL
queries with EXPLAIN ANALYZE instead.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/br_bench"
HOST = "127.0.0.1"
BASELINE = "/healthz"
REPORT = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
TARGET_MS, TARGET_RATIO = 100.0, 10.0
WARM_UP = 3
BESIDE = 15  # /healthz requests timed just before each page
MIN_REQUESTS = 3
SLOW_SECONDS = 1.0
ANALYZE_UNDER_SECONDS = 10.0  # slower queries are explained without running them again
SAMPLE_SECONDS = 0.005
CSV_ROWS = (10_000, 50_000)


# The environment the server and the management commands run in: production-like, DEBUG off.


def server_environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        # After HTTPS redirects arrive, the client says it came through a TLS-ending proxy.
        "DJANGO_BEHIND_PROXY": "1",
        "PYTHONUNBUFFERED": "1",
    }


def manage(env: dict, *args: str, capture: bool = False) -> str:
    print("$ manage.py", " ".join(args), flush=True)
    done = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    if capture:
        print(done.stdout, end="")
    return done.stdout or ""


def database_create(database_url: str) -> None:
    """Create the database named in ``database_url`` when the server lacks it."""
    import psycopg2

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            print(f"creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def django_setup(env: dict) -> None:
    os.environ.update({k: v for k, v in env.items() if k.startswith(("DATABASE_", "DJANGO_"))})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# The register: real cases loaded, the synthetic corpus generated once and reused.


@dataclass
class Corpus:
    synthetic: int
    generated: str = ""  # the command's closing lines when this run generated cases
    counts: dict[str, int] = field(default_factory=dict)


def corpus_ensure(env: dict, cases: int, seed: int) -> Corpus:
    from decisions.corpus import SYNTHETIC_PREFIX
    from decisions.models import Case

    synthetic = Case.objects.filter(municipality__name__startswith=SYNTHETIC_PREFIX)
    existing = synthetic.count()
    corpus = Corpus(existing)
    if existing < cases:
        missing = str(cases - existing)
        output = manage(env, "generate_corpus", "--cases", missing, "--seed", str(seed), capture=True)
        corpus.generated = output.strip().splitlines()[-1]
        corpus.synthetic = synthetic.count()
        vacuum_analyze()
    corpus.counts = register_counts()
    return corpus


def vacuum_analyze() -> None:
    from django.db import connection

    print("VACUUM ANALYZE", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def register_counts() -> dict[str, int]:
    from django.apps import apps

    from decisions.models import BOOKKEEPING_MODELS

    models = apps.get_app_config("decisions").get_models()
    counted = [m for m in models if not m.__name__.startswith("Historical") and m not in BOOKKEEPING_MODELS]
    return {m._meta.object_name: m.objects.count() for m in counted}


# What to ask for: pages picked from the register so that each is a demanding, real case.


@dataclass
class Target:
    name: str
    path: str
    note: str = ""
    csv_rows: int = 0


def targets_pick() -> list[Target]:
    from decisions import selectors
    from decisions.models import Person

    cases = selectors.case_visible_list()
    return [
        Target("/healthz", "/healthz"),
        Target("Home", "/"),
        Target("Case list", "/arenden/", f"{cases.count():,} visible cases"),
        filtered_list_target(cases),
        *search_targets(cases),
        Target("Case list, page 500", "/arenden/?page=500"),
        case_detail_target(cases),
        person_target(),
        Target("Overdue activities", "/aktiviteter/?overdue=true", overdue_note()),
        # Pages clerks open that the issue does not list, measured so that they are not forgotten.
        Target("Activity list (also measured)", "/aktiviteter/"),
        Target("Person list (also measured)", "/personer/", f"{Person.objects.count():,} people"),
        *party_targets(cases),
        *column_targets(cases),
        *[csv_target(cases, rows) for rows in CSV_ROWS],
    ]


def filtered_list_target(cases) -> Target:
    """The body and year with the most cases, and the party that takes part in most of them without
    chairing or presenting them (so the filter has to look through the appearances)."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from decisions import selectors
    from decisions.models import Body, Party, ProposalAuthor

    top = (
        cases.exclude(body=None)
        .annotate(year=ExtractYear("date"))
        .values("body", "year")
        .annotate(n=Count("pk"))
        .order_by("-n", "body", "year")
        .first()
    )
    in_year = cases.filter(body=top["body"], date__year=top["year"])
    authors = ProposalAuthor.objects.filter(proposal__case__in=in_year)
    parties = Counter(authors.values_list("party_id", flat=True))
    leading = set(in_year.values_list("chair_party_id", flat=True)) | set(
        in_year.values_list("presenter_party_id", flat=True)
    )
    ranked = [p for p, _ in parties.most_common() if p not in leading] or [parties.most_common(1)[0][0]]
    party = Party.objects.get(pk=ranked[0])
    rows = in_year.filter(selectors.case_party_q(party)).count()
    body = Body.objects.get(pk=top["body"])
    query = urlencode({"body": body.pk, "year": top["year"], "party": party.abbreviation})
    where = f"{body.name} ({body.municipality}), {top['year']}, {party.abbreviation}"
    note = f"{where}: {rows:,} of {top['n']:,} cases"
    return Target("Filtered list (body + year + party)", f"/arenden/?{query}", note)


def by_count(counter: Counter) -> list[str]:
    """The words of ``counter``, the commonest first, words as common in alphabetical order."""
    return sorted(counter, key=lambda word: (-counter[word], word))


def search_targets(cases) -> list[Target]:
    """The most common long word of the titles, a word in about one title in a hundred, and the
    most common word of the titles and summaries that is still ranked by relevance (most words
    are in so many protocols that their search is broad)."""
    from decisions import selectors

    words, own_words = Counter(), Counter()
    recent = cases.order_by("-pk").values_list("title", "summary")[:5000]
    for title, summary in recent:
        words.update({w.lower() for w in re.findall(r"\w{8,}", title)})
        own_words.update({w.lower() for w in re.findall(r"\w{8,}", f"{title} {summary}")})
    # Ties are broken by the word itself: a Counter keeps them in the order of the sets it was
    # given, which changes from run to run.
    common = by_count(words)[0]
    rare = min(words, key=lambda w: (abs(words[w] - len(recent) / 100), w))
    ranked = next(w for w in by_count(own_words) if selectors.case_search_broad_estimate(w) is None)
    return [
        search_target(cases, "Full-text search, common word", common),
        search_target(cases, "Full-text search, rarer word", rare),
        search_target(cases, "Full-text search, ranked by relevance", ranked),
    ]


def search_target(cases, name: str, word: str) -> Target:
    from django.db.models import Q

    from decisions import selectors

    in_own = cases.filter(Q(title__icontains=word) | Q(summary__icontains=word)).count()
    found = selectors.case_search(cases, word).count()
    note = f'"{word}", in {in_own:,} titles or summaries; {found:,} cases found'
    return Target(name, f"/arenden/?{urlencode({'q': word})}", note)


def case_detail_target(cases) -> Target:
    """A recent case with reservations, a statement and a protocol shared with other cases."""
    case = (
        cases.filter(reservations__isnull=False, statements__isnull=False)
        .order_by("-date", "-pk")
        .distinct()
        .first()
    )
    parts = f"{case.proposals.count()} proposals, {case.reservations.count()} reservations"
    return Target("Case detail", case.get_absolute_url(), f"{case.dnr}: {parts}")


def person_target() -> Target:
    """The person with the most appearances: proposals, statements, reservations, chair, presenter."""
    from decisions.models import Case, Person, ProposalAuthor, Reservation, StatementAuthor

    counts = Counter()
    for rows in (ProposalAuthor, StatementAuthor, Reservation):
        counts.update(rows.objects.values_list("person_id", flat=True))
    counts.update(Case.objects.exclude(chair=None).values_list("chair_id", flat=True))
    counts.update(Case.objects.exclude(presenter=None).values_list("presenter_id", flat=True))
    person_id, appearances = counts.most_common(1)[0]
    person = Person.objects.get(pk=person_id)
    note = f"{person.name}: {appearances:,} appearances"
    return Target("Person with the most appearances", person.get_absolute_url(), note)


def party_targets(cases) -> list[Target]:
    """The page of the party with the most proposal authors, and the case list filtered by it."""
    from decisions import selectors
    from decisions.models import Party, ProposalAuthor

    counts = Counter(ProposalAuthor.objects.exclude(party=None).values_list("party_id", flat=True))
    party = Party.objects.get(pk=counts.most_common(1)[0][0])
    note = f"{party.name}: {counts[party.pk]:,} proposal authors"
    in_list = cases.filter(selectors.case_party_q(party)).count()
    return [
        Target("Party page (also measured)", party.get_absolute_url(), note),
        Target(
            "Case list by that party (also measured)",
            f"/arenden/?{urlencode({'party': party.abbreviation})}",
            f"{party.abbreviation}: {in_list:,} cases",
        ),
    ]


def column_targets(cases) -> list[Target]:
    """The case list filtered by the municipality with the most cases, by the commonest status
    sorted by title, and by that status with the party of the most proposal authors: the first page
    counts every match."""
    from django.db.models import Count

    from decisions import selectors
    from decisions.models import Municipality, Party, ProposalAuthor

    top = cases.values("municipality").annotate(n=Count("pk")).order_by("-n", "municipality").first()
    municipality = Municipality.objects.get(pk=top["municipality"])
    status = cases.values("status").annotate(n=Count("pk")).order_by("-n", "status").first()
    counts = Counter(ProposalAuthor.objects.exclude(party=None).values_list("party_id", flat=True))
    party = Party.objects.get(pk=counts.most_common(1)[0][0])
    with_party = cases.filter(status=status["status"]).filter(selectors.case_party_q(party)).count()
    query = urlencode({"status": status["status"], "party": party.abbreviation})
    return [
        Target(
            "Case list by municipality (also measured)",
            f"/arenden/?municipality={municipality.pk}",
            f"{municipality.name}: {top['n']:,} cases",
        ),
        Target(
            "Case list by status, by title (also measured)",
            f"/arenden/?{urlencode({'status': status['status'], 'o': 'title'})}",
            f"{status['status']}: {status['n']:,} cases",
        ),
        Target(
            "Case list by status and party (also measured)",
            f"/arenden/?{query}",
            f"{status['status']}: {status['n']:,} cases, with {party.abbreviation}: {with_party:,}",
        ),
    ]


def overdue_note() -> str:
    from decisions import selectors

    return f"{selectors.activity_overdue_list().count():,} overdue activities"


def csv_target(cases, rows: int) -> Target:
    """The cases from the day that makes about ``rows`` rows, newest first."""
    day = cases.order_by("-date", "-pk").values_list("date", flat=True)[rows - 1]
    count = cases.filter(date__gte=day).count()
    query = urlencode({"date_from": day.isoformat()})
    note = f"from {day}: {count:,} rows"
    return Target(f"CSV ~{rows:,} rows", f"/arenden/csv/?{query}", note, csv_rows=count)


# The server.


class Server:
    """gunicorn with its workers, started and stopped by the benchmark."""

    def __init__(self, env: dict, port: int, workers: int):
        self.port = port
        command = [
            str(Path(PYTHON).parent / "gunicorn"),
            "registry.wsgi:application",
            f"--workers={workers}",
            f"--bind={HOST}:{port}",
            "--timeout=300",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(command, env=env, cwd=ROOT)
        self.wait_until_up()

    def wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if fetch(self.port, "/healthz").status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not answer /healthz in time")

    def workers(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


@dataclass
class Response:
    status: int
    size: int
    seconds: float


def fetch(port: int, path: str) -> Response:
    """One request, timed from sending it to reading the last byte of the answer."""
    connection = http.client.HTTPConnection(HOST, port, timeout=300)
    started = time.perf_counter()
    connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
    answer = connection.getresponse()
    size = 0
    while chunk := answer.read(65536):
        size += len(chunk)
    seconds = time.perf_counter() - started
    connection.close()
    return Response(answer.status, size, seconds)


# Measuring.


@dataclass
class Result:
    target: Target
    status: int
    times: list[float]
    size: int
    memory: dict | None = None
    # /healthz, timed just before this page (BESIDE requests).
    beside: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def beside_ms(self) -> float:
        return statistics.median(self.beside or self.times) * 1000

    @property
    def ratio(self) -> float:
        return self.median_ms / self.beside_ms

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def measure(server: Server, target: Target, requests: int, budget: float) -> Result:
    """``requests`` timed requests after warming up; a slow page stops after ``budget`` seconds
    (but not before ``MIN_REQUESTS``) and needs no more than one request to warm up. A page whose
    one request takes longer than the budget is reported with that one request. Before it,
    BESIDE requests to /healthz, whose median the page is set against."""
    beside = [] if target.path == BASELINE else [fetch(server.port, BASELINE).seconds for _ in range(BESIDE)]
    for _ in range(WARM_UP):
        first = fetch(server.port, target.path)
        if first.seconds > SLOW_SECONDS:
            break
    if first.status == 404 and target.path.startswith("/aktiviteter/"):
        return Result(target, 404, [first.seconds], first.size)
    if first.seconds > budget:
        print(f"{target.name:40} {first.status} {first.seconds:.1f} s for one request: not repeated")
        return Result(target, first.status, [first.seconds], first.size)
    answers = []
    deadline = time.monotonic() + budget
    while len(answers) < requests and (len(answers) < MIN_REQUESTS or time.monotonic() < deadline):
        answers.append(fetch(server.port, target.path))
    result = Result(target, answers[-1].status, [a.seconds for a in answers], answers[-1].size, beside=beside)
    figures = f"median {result.median_ms:8.1f} ms  p95 {result.p95_ms:8.1f} ms  n {len(answers)}"
    figures += f"  /healthz beside {result.beside_ms:5.1f} ms  x{result.ratio:5.1f}"
    print(f"{target.name:40} {result.status} {figures}", flush=True)
    return result


def rss_kb(pid: int) -> dict[str, int]:
    status = Path(f"/proc/{pid}/status").read_text()
    return {key: int(re.search(rf"^{key}:\s+(\d+)", status, re.M)[1]) for key in ("VmRSS", "VmHWM")}


def measure_memory(server: Server, target: Target) -> dict:
    """Resident memory of the worker that served one CSV download: before, peak while streaming."""
    workers = server.workers()
    before = {pid: rss_kb(pid)["VmRSS"] for pid in workers}
    peak = dict(before)
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            for pid in workers:
                peak[pid] = max(peak[pid], rss_kb(pid)["VmRSS"])
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample)
    sampler.start()
    answer = fetch(server.port, target.path)
    stop.set()
    sampler.join()
    pid = max(workers, key=lambda p: peak[p] - before[p])
    return {"before": before[pid], "peak": peak[pid], "hwm": rss_kb(pid)["VmHWM"], "bytes": answer.size}


# Reporting.


def machine() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    meminfo = Path("/proc/meminfo").read_text()
    ram_gb = int(re.search(r"MemTotal:\s+(\d+)", meminfo)[1]) / 1024**2
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    return {
        "cores (nproc)": str(os.cpu_count()),
        "CPU": cpu[1] if cpu else platform.processor(),
        "RAM": f"{ram_gb:.1f} GB",
        "PostgreSQL": version,
        "Python": platform.python_version(),
    }


def verdict(result: Result, first_ratio: float) -> str:
    """Met when the median is under TARGET_MS and within TARGET_RATIO of both the /healthz measured
    first in the run and the one measured beside the page: whichever is the stricter."""
    if result.status == 404 and result.target.path.startswith("/aktiviteter/"):
        return "missing (404 on this branch)"
    if result.target.csv_rows:
        return "streamed; memory below"
    if result.target.path == BASELINE:
        return "baseline"
    met = result.median_ms < TARGET_MS and max(result.ratio, first_ratio) <= TARGET_RATIO
    return "met" if met else "**missed**"


def table(results: list[Result]) -> list[str]:
    first = results[0].median_ms
    lines = [
        "| Page | Request | Status | n | Median (ms) | p95 (ms) | × /healthz first | /healthz beside (ms) "
        "| × /healthz beside | Target | What |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        first_ratio = r.median_ms / first
        lines.append(
            f"| {r.target.name} | `{r.target.path}` | {r.status} | {len(r.times)} | {r.median_ms:.1f} | "
            f"{r.p95_ms:.1f} | {first_ratio:.1f} | {r.beside_ms:.1f} | {r.ratio:.1f} | "
            f"{verdict(r, first_ratio)} | {r.target.note} |"
        )
    return lines


def memory_table(results: list[Result]) -> list[str]:
    lines = [
        "| CSV | Rows | Size | VmRSS before (MB) | VmRSS peak while streaming (MB) | Growth (MB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if r.memory:
            m = {k: v / 1024 for k, v in r.memory.items() if k != "bytes"}
            size = r.memory["bytes"] / 1e6
            lines.append(
                f"| `{r.target.path}` | {r.target.csv_rows:,} | {size:.1f} MB | {m['before']:.1f} | "
                f"{m['peak']:.1f} | {m['peak'] - m['before']:.1f} |"
            )
    return lines


def report(args, corpus: Corpus, results: list[Result], load: tuple[str, str], started: datetime) -> str:
    command = " ".join(["python", "scripts/bench.py", *sys.argv[1:]])
    database = urlsplit(args.database_url).path.lstrip("/")
    generated = f"generated in this run: `{corpus.generated}`" if corpus.generated else "reused"
    rows = ", ".join(f"{k} {v:,}" for k, v in sorted(corpus.counts.items()))
    lines = [
        START,
        f"Run {started:%Y-%m-%d %H:%M} UTC with `{command}` (database `{database}`).",
        "",
        "| Machine | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in machine().items()],
        f"| load average (1/5/15 min) before / after | {load[0]} / {load[1]} |",
        "",
        f"Register: {corpus.synthetic:,} synthetic cases (seed {args.seed}) and the five real ones; corpus "
        + generated,
        f"Rows: {rows}.",
        "",
        f"gunicorn with {args.workers} sync workers, DEBUG off; {args.requests} requests per page after "
        f"{WARM_UP} warm-up requests, one at a time (a page slower than {args.budget:.0f} s in all gets "
        "fewer, at least 3; one that takes longer than that once is not repeated). Time is wall time at "
        "a client on the same machine (loopback), from sending the request to reading the last byte. "
        "Each page's median is set against /healthz twice: against the /healthz measured first in the "
        f"run, and against the median of {BESIDE} /healthz requests made just before the page (the "
        "/healthz beside it), as the machine's speed drifts during a run. A page meets the 10x target "
        "only within both.",
        "",
        *table(results),
        "",
        "Resident memory of the gunicorn worker that streamed each CSV, on its first download "
        "(VmRSS sampled every 5 ms):",
        "",
        *memory_table(results),
        END,
    ]
    return "\n".join(lines)


def write_report(section: str) -> None:
    empty = f"# Benchmarks\n\n{START}\n{END}\n"
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else empty
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    REPORT.write_text(before + section + after, encoding="utf-8")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# EXPLAIN ANALYZE of each page's slowest queries (--explain).


def explain(targets: list[Target], top: int = 3) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for target in targets:
        if target.csv_rows:
            continue
        with CaptureQueriesContext(connection) as captured:
            client.get(target.path, secure=True)
        slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:top]
        print(f"\n## {target.name} {target.path}: {len(captured.captured_queries)} queries")
        for query in slowest:
            seconds = float(query["time"])
            print(f"\n-- {seconds * 1000:.1f} ms\n{query['sql']}\n")
            if query["sql"].startswith("EXPLAIN"):
                continue  # the planner's estimate of a count: it reads no rows
            analyze = "(ANALYZE, BUFFERS) " if seconds < ANALYZE_UNDER_SECONDS else ""
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN {analyze}{query['sql']}")
                print("\n".join(row[0] for row in cursor.fetchall()))


# Main.


def arguments() -> argparse.Namespace:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--csv-requests", type=int, default=5)
    slow = "seconds per page; a slow page gets fewer requests (at least 3)"
    parser.add_argument("--budget", type=float, default=60, help=slow)
    parser.add_argument("--port", type=int, default=8200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-report", action="store_true", help="print the figures, leave docs/ alone")
    explained = "instead of measuring, print each page's slowest queries with EXPLAIN ANALYZE"
    parser.add_argument("--explain", action="store_true", help=explained)
    return parser.parse_args()


def main() -> None:
    args = arguments()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("the benchmark needs a PostgreSQL database URL")
    started, load_before = datetime.now(UTC), load_average()
    env = server_environment(args.database_url)
    database_create(args.database_url)
    manage(env, "migrate", "--noinput", "-v", "0")
    try:
        manage(env, "load_register")
    except subprocess.CalledProcessError:
        print("load_register failed; measuring the synthetic register alone", flush=True)
    django_setup(env)
    corpus = corpus_ensure(env, args.cases, args.seed)
    manage(env, "collectstatic", "--noinput", "-v", "0")
    targets = targets_pick()
    if args.explain:
        explain(targets)
        return
    server = Server(env, args.port, args.workers)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop gunicorn on the way out
    try:
        results = run(server, targets, args)
    finally:
        server.stop()
    section = report(args, corpus, results, (load_before, load_average()), started)
    print("\n" + section)
    if not args.no_report:
        write_report(section)


def run(server: Server, targets: list[Target], args) -> list[Result]:
    results = []
    for target in targets:
        # A worker's memory stays at its high-water mark, so the CSV's is measured on its first download.
        memory = measure_memory(server, target) if target.csv_rows else None
        requests = args.csv_requests if target.csv_rows else args.requests
        result = measure(server, target, requests, args.budget)
        result.memory = memory
        results.append(result)
    return results


if __name__ == "__main__":
    main()
