"""The store: every report of every agency and year in one database (SQLite by default, PostgreSQL by URL).

    from xxgk.store import Store
    with Store("postgresql://localhost/xxgk") as store: ...

See :class:`xxgk.store.store.Store` for the public API; the tables are in :mod:`xxgk.store.schema`.
"""

from __future__ import annotations

from .db import StoreError
from .store import Store

__all__ = ["Store", "StoreError"]
