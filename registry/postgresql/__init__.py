"""PostgreSQL for the register: Django's backend, with the plans of a page's reads by key kept per
connection (``base.DatabaseWrapper``). ``prepared_reads`` marks the reads to keep; on another
database it changes nothing."""

from contextlib import contextmanager
from contextvars import ContextVar

_preparing: ContextVar[bool] = ContextVar("preparing", default=False)


@contextmanager
def prepared_reads():
    """Within this block, reads on PostgreSQL run as prepared statements."""
    token = _preparing.set(True)
    try:
        yield
    finally:
        _preparing.reset(token)


def preparing() -> bool:
    """Whether reads are being prepared now."""
    return _preparing.get()
