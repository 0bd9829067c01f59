"""Web tests: the real app over a real SQLite store in a temporary folder, driven in process (TestClient)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webutil import PASSWORD

from xxgk.store import Store
from xxgk.web import create_app
from xxgk.web.users import UserBook


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(str(tmp_path / "xxgk.sqlite3"), data_dir=tmp_path) as s:
        yield s


@pytest.fixture
def local(store: Store) -> Iterator[TestClient]:
    """Bound to 127.0.0.1 with no users: the single local user."""
    app = create_app(store=store, host="127.0.0.1", secret_key="test-secret")
    with TestClient(app) as client:
        yield client


@pytest.fixture
def served(store: Store) -> Iterator[TestClient]:
    """Bound to a LAN address with three users: login required (cookies are Secure, so https)."""
    book = UserBook(store.data_dir)
    book.add("admin", PASSWORD, "admin")
    book.add("rev", PASSWORD, "reviewer")
    book.add("auth", PASSWORD, "author", agency="某某市某某区人民政府")
    app = create_app(store=store, host="10.0.0.5", secret_key="test-secret")
    with TestClient(app, base_url="https://testserver") as client:
        yield client
