"""Send public reads to a PostgreSQL read replica when one is configured.

With ``DATABASE_REPLICA_URL`` set, settings add a ``replica`` database. Reads
go there, except where they must see the latest write: inside a transaction,
and during requests that write or come from a signed-in user (editors see
their own changes at once). Writes and migrations always go to ``default``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections, transaction

REPLICA = "replica"
_primary_pinned: ContextVar[bool] = ContextVar("primary_pinned", default=False)


@contextmanager
def primary_pinned() -> Iterator[None]:
    """Within this block every read goes to the primary (``default``)."""
    token = _primary_pinned.set(True)
    try:
        yield
    finally:
        _primary_pinned.reset(token)


class PrimaryReplicaRouter:
    """Reads from the replica when there is one and nothing asks for the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        if REPLICA not in connections.settings or _primary_pinned.get():
            return None
        if transaction.get_connection().in_atomic_block:
            return None  # read what this transaction has written
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == "default"


class PrimaryPinMiddleware:
    """Pin a request to the primary when it writes or comes from a signed-in user."""

    safe_methods = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in self.safe_methods
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            with primary_pinned():
                return self.get_response(request)
        return self.get_response(request)
