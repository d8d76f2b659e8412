"""The start of a process that writes synthetic municipalities beside others (see decisions.corpus).

Processes are spawned, not forked: a fork would inherit the parent's open database sockets (a live
server thread's, in tests) and could close them under it. This module imports nothing of the app,
so a fresh process can unpickle its work only after Django is set up on the parent's databases.
"""

import django
from django.conf import settings


def process_setup(databases: dict) -> None:
    """Django set up on the same databases as the parent process (in tests, the test database)."""
    settings.DATABASES = databases
    django.setup()


def town_write(work):
    from decisions.corpus import town_write

    return work.cases, town_write(work)
