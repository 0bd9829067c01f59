"""The app factory: ``create_app(store_url, …)`` → a FastAPI app over one :class:`xxgk.store.Store`."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from .. import __version__
from ..store import Store, StoreError
from .render import TEMPLATES, render
from .security import LoginRequired, SecurityHeaders, csrf_guard, session_options
from .uploads import log as upload_log
from .uploads import queue_of
from .users import UserBook

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
ENV_SECRET = "XXGK_SECRET_KEY"
MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # a whole batch (many files or a zip) in one request


def _secret(data_dir: Path) -> str:
    """The session signing key: ``XXGK_SECRET_KEY``, else one made once and kept in the data folder."""
    env = os.environ.get(ENV_SECRET)
    if env:
        return env
    path = data_dir / "web-secret"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def create_app(store_url: str | None = None, *, host: str = "127.0.0.1", data_dir: str | Path | None = None,
               store: Store | None = None, secret_key: str | None = None,
               max_upload_bytes: int = MAX_UPLOAD_BYTES) -> FastAPI:
    """The web app over the store at ``store_url`` (URL or SQLite path; default as ``xxgk``'s ``--db``).

    ``host`` is the address the server is bound to: on a loopback address with no users the app runs as a
    single local user, otherwise login is required. ``store`` reuses an open store (tests).
    """
    if store is None:
        store = Store(store_url, data_dir=data_dir)
    root = Path(data_dir) if data_dir is not None else store.data_dir
    app = FastAPI(title="xxgk 政府信息公开工作年度报告", version=__version__, lifespan=_lifespan,
                  dependencies=[Depends(csrf_guard)], docs_url=None, redoc_url=None)  # /docs: routes/apidocs
    app.state.store = store
    app.state.host = host
    app.state.users = UserBook(root)
    app.state.data_dir = root
    app.state.max_upload_bytes = max_upload_bytes
    app.state.templates = TEMPLATES

    app.add_middleware(SessionMiddleware, secret_key=secret_key or _secret(root), **session_options(host))
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Any:
        if _wants_json(request):
            return JSONResponse({"detail": "需要登录"}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Any:
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return render(request, "error.html", {"status": exc.status_code, "detail": exc.detail},
                      status_code=exc.status_code)

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> Any:
        if _wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=503)
        return render(request, "error.html", {"status": 503, "detail": str(exc)}, status_code=503)

    from .routes import include_all

    include_all(app)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """At start-up: the upload folders a killed server left behind are removed (an unreachable store only
    postpones that to the next start, it never stops the server)."""
    try:
        queue_of(app).sweep()
    except StoreError as exc:
        upload_log.warning("xxgk: upload folders not checked (%s)", exc)
    yield


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")
