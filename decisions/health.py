"""The health check a load balancer or monitor polls: does the database answer?"""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def database_answers() -> bool:
    """True when the database runs ``SELECT 1``."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


@never_cache
@require_safe
def healthz(request):
    """200 "ok" when the database answers, 503 when it does not. Reads no session and no user, so
    it works while the database is down and leaves no trace in the sessions table."""
    if database_answers():
        return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    return HttpResponse("database unavailable\n", status=503, content_type="text/plain; charset=utf-8")
