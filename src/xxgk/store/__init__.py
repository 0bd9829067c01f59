"""The store: every report of every agency and year in one database (SQLite by default, PostgreSQL by URL).

    from xxgk.store import Store
    with Store("postgresql://localhost/xxgk") as store: ...

See :class:`xxgk.store.store.Store` for the public API; the tables are in :mod:`xxgk.store.schema`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .db import StoreError
    from .store import Store

__all__ = ["Store", "StoreError"]


def __getattr__(name: str) -> Any:
    # loaded when first asked for: ingest's worker processes import xxgk.store.analyse, which parses and
    # checks, and never need SQLAlchemy (~0.25 s and ~20 MB each)
    if name == "Store":
        from .store import Store

        return Store
    if name == "StoreError":
        from .db import StoreError

        return StoreError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
