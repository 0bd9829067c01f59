"""The web app (issue 12): FastAPI, server-rendered Chinese pages (Jinja2), a JSON twin of every page under /api.

    from xxgk.web import create_app
    app = create_app("sqlite:////path/xxgk.sqlite3")     # served by ``xxgk serve``

Layout: :mod:`.app` builds the app; :mod:`.users` keeps the user book (argon2 hashes); :mod:`.security`
holds sessions, CSRF and the roles; :mod:`.routes` one module per page. Everything reads and writes through
the :class:`xxgk.store.Store` facade — no SQL here.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
