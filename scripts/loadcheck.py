"""Load check: the register under gunicorn on PostgreSQL, a bounded burst of concurrent reads and
edits from 127.0.0.1, figures per kind of request, and a check that no edit was lost.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python scripts/loadcheck.py

By default it creates a scratch database on that server (dropped afterwards), migrates it, loads
the register and creates Registrator accounts. Gunicorn runs the production settings (DEBUG off)
as behind a TLS proxy: the clients send X-Forwarded-Proto: https, as the proxy would.
Readers fetch the home page, the case list, a search, case pages and person pages; each
registrator logs in through the login page and saves reservations and case summaries through the
normal edit forms, every one a target of its own. Afterwards every saved edit must be in the
database's history. Exit code 0 when no request failed and no edit was lost.

Only the standard library and the project's own dependencies; traffic goes to 127.0.0.1 only,
bounded in count and time.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
READ_KINDS = ("home", "list", "search", "detail", "person")
EDIT_KINDS = ("login", "edit form", "edit save")

# ---------------------------------------------------------------- pure helpers (tested in the suite)


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile by nearest rank (p in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class Sample:
    kind: str
    seconds: float
    ok: bool
    detail: str = ""


def summarize(samples: list[Sample]) -> list[dict]:
    """Per kind (reads, then edits, then any other): requests, errors, p50, p95 and max in ms."""
    seen = {s.kind for s in samples}
    kinds = [k for k in READ_KINDS + EDIT_KINDS if k in seen] + sorted(seen - set(READ_KINDS + EDIT_KINDS))
    rows = []
    for kind in kinds:
        times = [s.seconds * 1000 for s in samples if s.kind == kind]
        errors = sum(1 for s in samples if s.kind == kind and not s.ok)
        rows.append(
            {
                "kind": kind,
                "requests": len(times),
                "errors": errors,
                "p50": percentile(times, 50),
                "p95": percentile(times, 95),
                "max": max(times),
            }
        )
    return rows


def report_table(rows: list[dict]) -> str:
    """The summary as a Markdown table."""
    lines = ["| kind | requests | errors | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        figures = " | ".join(f"{r[key]:.0f}" for key in ("p50", "p95", "max"))
        lines.append(f"| {r['kind']} | {r['requests']} | {r['errors']} | {figures} |")
    return "\n".join(lines)


class FormFields(HTMLParser):
    """The fields a browser would submit from the first form whose class names ``form_class``."""

    def __init__(self, form_class: str):
        super().__init__(convert_charrefs=True)
        self.form_class = form_class
        self.fields: dict[str, str] = {}
        self._inside = self._done = False
        self._textarea: str | None = None
        self._fresh = False
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form" and not self._done and self.form_class in a.get("class", "").split():
            self._inside = True
        elif self._inside:
            self._field(tag, a)

    def _field(self, tag: str, a: dict) -> None:
        name = a.get("name")
        if tag == "input" and name and a.get("type", "text") not in {"submit", "button", "reset", "file"}:
            if a.get("type") not in {"checkbox", "radio"} or "checked" in a:
                self.fields[name] = a.get("value", "on" if a.get("type") == "checkbox" else "")
        elif tag == "textarea" and name:
            self._textarea, self.fields[name], self._fresh = name, "", True
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and (self._select not in self.fields or "selected" in a):
            self.fields[self._select] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            # As in a browser, a newline right after <textarea> is not part of the value.
            self.fields[self._textarea] += data.removeprefix("\n") if self._fresh else data
            self._fresh = False

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._inside:
            self._inside, self._done = False, True


def form_fields(html: str, form_class: str) -> dict[str, str]:
    parser = FormFields(form_class)
    parser.feed(html)
    return parser.fields


def cookies_from(headers: list[tuple[str, str]]) -> dict[str, str]:
    """name -> value of the Set-Cookie headers of a response."""
    jar: dict[str, str] = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            parsed = SimpleCookie()
            parsed.load(value)
            jar.update({key: morsel.value for key, morsel in parsed.items()})
    return jar


def database_url_with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


# ---------------------------------------------------------------- a client on one keep-alive connection


class Client:
    """One browser: a connection to 127.0.0.1, its cookies, and the samples it took."""

    def __init__(self, port: int, samples: list[Sample], lock: threading.Lock, timeout: float):
        self.port, self.samples, self.lock, self.timeout = port, samples, lock, timeout
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def request(self, kind: str, method: str, path: str, form: dict | None = None, expect=(200,)):
        headers = {"X-Forwarded-Proto": "https", "Referer": self.origin + path, "Origin": self.origin}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urlencode(form).encode() if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        status, text, detail = self._send(method, path, body, headers)
        ok = status in expect
        self._record(
            Sample(kind, time.perf_counter() - started, ok, "" if ok else f"{status} {path} {detail}")
        )
        return status, text

    def _send(self, method, path, body, headers):
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            return 0, "", repr(error)
        self.cookies.update(cookies_from(response.getheaders()))
        return response.status, text, response.getheader("Location", "")

    def _record(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def login(self, username: str, password: str) -> bool:
        _status, html = self.request("login", "GET", "/konto/logga-in/")
        form = form_fields(html, "login-form")
        form.update(username=username, password=password)
        status, _ = self.request("login", "POST", "/konto/logga-in/", form, expect=(302,))
        return status == 302 and "sessionid" in self.cookies

    def edit(self, path: str, field_name: str, value: str) -> bool:
        """Open the edit form as a browser would, change one field, save. True when it saved."""
        status, html = self.request("edit form", "GET", path)
        if status != 200:
            return False
        form = form_fields(html, "edit-form")
        form[field_name] = value
        status, _ = self.request("edit save", "POST", path, form, expect=(302,))
        return status == 302


# ---------------------------------------------------------------- the scratch register and gunicorn


@dataclass
class Register:
    """What the clients need to know about the loaded register."""

    database_url: str
    case_ids: list[int]
    person_ids: list[int]
    reservations: list[tuple[int, int]]  # (case id, reservation id)
    editors: list[tuple[str, str]] = field(default_factory=list)  # (username, password)


def django_env(database_url: str, secret: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secret,
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "registry.settings",
    }


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)


def scratch_create(server_url: str) -> str:
    import psycopg2

    name = f"loadcheck_{os.getpid()}"
    connection = psycopg2.connect(server_url)
    connection.autocommit = True
    connection.cursor().execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return database_url_with_name(server_url, name)


def scratch_drop(server_url: str, database_url: str) -> None:
    import psycopg2

    name = urlsplit(database_url).path.lstrip("/")
    connection = psycopg2.connect(server_url)
    connection.autocommit = True
    connection.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def register_prepare(env: dict, editors: int) -> Register:
    """Migrate, load the register, collect static files, and make the registrators."""
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_register")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_DEBUG", "DJANGO_SECRET_KEY")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import Group, User

    from decisions.models import Case, Person, Reservation

    register = Register(
        database_url=env["DATABASE_URL"],
        case_ids=list(Case.objects.filter(confidential=False).order_by("pk").values_list("pk", flat=True)),
        person_ids=list(Person.objects.order_by("pk").values_list("pk", flat=True)),
        reservations=list(Reservation.objects.order_by("pk").values_list("case_id", "pk")),
    )
    group = Group.objects.get(name="Registrator")
    for n in range(1, editors + 1):
        password = secrets.token_urlsafe(16)
        user = User.objects.create_user(f"loadcheck{n}", password=password)
        user.groups.add(group)
        register.editors.append((user.username, password))
    return register


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn_start(env: dict, port: int, workers: int, threads: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "registry.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--threads", str(threads), "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


# ---------------------------------------------------------------- the burst


def read_paths(register: Register, count: int) -> list[tuple[str, str]]:
    """``count`` reads, cycling through the kinds and through the register's cases and people."""
    searches = ["trygghet", "medlemskap", "handlingsplan", "extremism"]
    paths = []
    for n in range(count):
        kind = READ_KINDS[n % len(READ_KINDS)]
        path = {
            "home": "/",
            "list": "/arenden/",
            "search": f"/arenden/?q={searches[n % len(searches)]}",
            "detail": f"/arenden/{register.case_ids[n % len(register.case_ids)]}/",
            "person": f"/personer/{register.person_ids[n % len(register.person_ids)]}/",
        }[kind]
        paths.append((kind, path))
    return paths


def edit_plan(register: Register, rounds: int) -> list[list[tuple[str, str, str]]]:
    """Per registrator, the edits to make: (form path, field, new value). Targets are dealt out
    so no two registrators share one, and each target is saved ``rounds`` times."""
    targets = [(f"/arenden/{case}/reservationer/{pk}/andra/", "reason") for case, pk in register.reservations]
    targets += [(f"/arenden/{case}/andra/", "summary") for case in register.case_ids]
    plans: list[list[tuple[str, str, str]]] = [[] for _ in register.editors]
    for index, (path, name) in enumerate(targets):
        editor = index % len(register.editors)
        for r in range(rounds):
            plans[editor].append((path, name, f"loadcheck {register.editors[editor][0]} {path} round {r}"))
    return plans


def burst(register: Register, port: int, readers: int, reads: int, rounds: int, timeout: float):
    samples: list[Sample] = []
    lock = threading.Lock()
    saved: list[tuple[str, str]] = []  # (form path, value) of every save that answered 302
    paths = read_paths(register, reads)
    load_before = os.getloadavg()[0]

    def reader(share):
        client = Client(port, samples, lock, timeout)
        for kind, path in share:
            client.request(kind, "GET", path)

    def editor(credentials, plan):
        client = Client(port, samples, lock, timeout)
        if not client.login(*credentials):
            return
        for path, name, value in plan:
            if client.edit(path, name, value):
                with lock:
                    saved.append((path, value))

    threads = [threading.Thread(target=reader, args=(paths[i::readers],)) for i in range(readers)]
    plans = edit_plan(register, rounds)
    threads += [
        threading.Thread(target=editor, args=(c, p)) for c, p in zip(register.editors, plans, strict=True)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, saved, time.perf_counter() - started, load_before


def edits_lost(saved: list[tuple[str, str]]) -> list[str]:
    """Every saved value must be in the history of its row, and each row's current value must be
    the last value saved to it."""
    from decisions.models import Case, Reservation

    lost, last = [], {}
    for path, value in saved:
        parts = path.strip("/").split("/")
        row = (
            Reservation.objects.get(pk=parts[3])
            if parts[2] == "reservationer"
            else Case.objects.get(pk=parts[1])
        )
        name = "reason" if isinstance(row, Reservation) else "summary"
        if not row.history.filter(**{name: value}).exists():
            lost.append(f"{path}: {value!r} not in the history")
        last[path] = (row, name, value)
    lost += [
        f"{p}: current value is not the last saved" for p, (r, n, v) in last.items() if getattr(r, n) != v
    ]
    return lost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--server-url", default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    parser.add_argument("--use-database", help="a PostgreSQL database URL to use instead of a scratch one")
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--reads", type=int, default=800, help="read requests in all")
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5, help="saves per edited row")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    args = parser.parse_args(argv)
    if not (args.use_database or args.server_url).startswith("postgres"):
        raise SystemExit("the load check runs against PostgreSQL: set DATABASE_URL or --server-url")
    database_url = args.use_database or scratch_create(args.server_url)
    try:
        return run(args, database_url)
    finally:
        if not args.use_database:
            scratch_drop(args.server_url, database_url)


def run(args, database_url: str) -> int:
    env = django_env(database_url, secrets.token_urlsafe(50))
    register = register_prepare(env, args.editors)
    port = free_port()
    server = gunicorn_start(env, port, args.workers, args.threads)
    try:
        samples, saved, seconds, load = burst(
            register, port, args.readers, args.reads, args.rounds, args.timeout
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    lost = edits_lost(saved)
    print_report(args, samples, saved, seconds, lost, load)
    return 0 if not lost and all(s.ok for s in samples) else 1


def print_report(args, samples, saved, seconds, lost, load_before: float) -> None:
    errors = [s for s in samples if not s.ok]
    server = f"gunicorn {args.workers} workers x {args.threads} threads"
    load = os.getloadavg()[0]
    print(
        f"\n{os.cpu_count()} cores; load average (1 min) {load_before:.1f} before the burst, {load:.1f} after"
    )
    print(f"{server}; {args.readers} readers, {args.editors} registrators")
    print(
        f"{len(samples)} requests in {seconds:.1f} s ({len(samples) / seconds:.0f}/s), {len(errors)} errors\n"
    )
    print(report_table(summarize(samples)))
    print(f"\nedits saved: {len(saved)}; lost: {len(lost)}")
    for line in [s.detail for s in errors[:10]] + lost[:10]:
        print("  " + line)


if __name__ == "__main__":
    sys.exit(main())
