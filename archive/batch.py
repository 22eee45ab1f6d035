"""Transactions of the writer: a batch of report groups is one transaction, all of it or none.

Storing a report on its own is atomic (its rows, or none of them), which sqlite-utils' ``atomic``
gives inside a transaction by a savepoint. Inside a batch that savepoint buys nothing: any error
rolls the whole batch back (``xxgk process`` then stores its groups one by one, so that only the
group the database refuses is lost), and it costs a sub-journal copy of every page the report
touches and a flush of the search index's pending terms to a segment of its own, per report.
So within ``batch``, ``unit`` opens no savepoint; anywhere else it is ``atomic``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from weakref import WeakSet

import sqlite_utils

#: what storing a malformed report raises (a value SQLite cannot bind or the fingerprint
#: cannot read): the group is not stored and reported, the others are
REFUSED = (sqlite3.Error, TypeError, ValueError)

#: databases inside a ``batch`` (the writer's connection; no other thread writes through it)
_BATCHED: WeakSet = WeakSet()


@contextmanager
def batch(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One transaction for many units: committed whole, or rolled back whole on any error."""
    if db in _BATCHED:  # already in one: the outer batch decides
        yield db
        return
    with db.atomic():
        _BATCHED.add(db)
        try:
            yield db
        finally:
            _BATCHED.discard(db)


@contextmanager
def unit(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """All of a unit's writes or none: its own transaction or savepoint, or, inside a
    ``batch``, the batch's."""
    if db in _BATCHED and db.conn.in_transaction:
        yield db
        return
    with db.atomic():
        yield db
