"""Count the instructions the Django process spends on one request to each of some pages.

    .venv/bin/python scripts/instructions.py /arenden/ /personer/469/      (on the br_bench database)

Wall time on a shared machine moves by half between two runs of the same code; the number of
instructions does not. Each page is run under valgrind's callgrind twice, with 3 warm-up requests
and then none or --requests more; the difference, divided by --requests, is what one request costs
in the Django process (Python, the driver, the templates). The database's own work is in another
process and is not counted: read the SQL's time from ``scripts/bench.py --explain``.

It needs valgrind (Debian's package) and the benchmark's database (``scripts/bench.py`` makes it).
Each page takes about a minute.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench import DEFAULT_URL, server_environment  # noqa: E402

WARM_UP = 3
COLLECTED = re.compile(r"Collected : (\d+)")


def requests_made(path: str, count: int) -> None:
    """Run in the process valgrind watches: ``WARM_UP`` requests to ``path``, then ``count`` more."""
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    for _ in range(WARM_UP + count):
        response = client.get(path, secure=True)
        if response.status_code >= 400:
            raise SystemExit(f"{path} answered {response.status_code}")


def instructions(path: str, count: int, env: dict) -> int:
    """The instructions callgrind counts for a process that makes ``count`` requests to ``path``."""
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--run",
            path,
            str(count),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found = COLLECTED.search(done.stderr)
    if found is None:
        raise SystemExit(f"callgrind counted nothing for {path}:\n{done.stderr[-2000:]}")
    return int(found[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="pages, e.g. /arenden/")
    parser.add_argument("--requests", type=int, default=10, help="requests counted per page (10)")
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL), help="the register"
    )
    parser.add_argument("--run", nargs=2, metavar=("PATH", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        requests_made(args.run[0], int(args.run[1]))
        return
    if not args.paths:
        parser.error("name at least one page")
    env = {
        **server_environment(args.database_url),
        "DJANGO_SETTINGS_MODULE": "registry.settings",
        "PYTHONPATH": str(ROOT),
    }
    for path in args.paths:
        spent = instructions(path, args.requests, env) - instructions(path, 0, env)
        print(f"{path}\t{spent / args.requests / 1e6:.1f} million instructions a request", flush=True)


if __name__ == "__main__":
    main()
