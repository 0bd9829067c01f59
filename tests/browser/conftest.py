"""Browser tests: a real ``xxgk serve`` process over a real SQLite store, driven by Debian's chromium.

What runs
- ``server`` (session): ``xxgk ingest`` of tests/fixtures/browser/ and of the example web page
  examples/007_pingtan_xzsp_2024.html (read, never changed) into a temporary database, then
  ``xxgk serve --port FREE --db TMP`` as a subprocess (single local user: loopback and no users); stopped at
  the end of the session. ``server.url("/reports")`` gives an address; ``server.ingest(path, …)`` adds files
  while it runs (the server reads the same database).
- ``browser`` (session): Playwright's chromium at ``/usr/bin/chromium`` (``XXGK_CHROMIUM`` or ``shutil.which``
  otherwise) — never a downloaded browser. Missing chromium or Playwright fails the run loudly, unless
  ``XXGK_ALLOW_SKIP=1`` (then the browser tests are skipped).
- ``page`` (per test): a fresh context and page. Everything it does is watched by ``watch`` (a
  :class:`browserutil.Watch`): console errors, uncaught page errors, dialogs (alert/confirm — dismissed and
  recorded), and every request. Requests that leave the server's origin are recorded and aborted, so a test
  never reaches the network; ``watch.assert_clean()`` fails on any of these.

Adding a test (other helpers): put ``test_browser_<topic>.py`` in this folder (module names must be unique
across tests/), ask for ``server``, ``page`` and ``watch``, drive the page with Playwright's sync API, and end
with ``watch.assert_clean()``. A file the test must own goes into tests/fixtures/browser/ (ingested for every
session: keep it small) or into its own folder ingested with ``server.ingest(...)``. One server and one browser
serve the whole session: keep each test to a few seconds, and don't rely on other tests' changes to the store.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserutil import Server, Watch, chromium_path, xxgk

from served import xxgk_serve

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures" / "browser"
EXAMPLE_PAGE = HERE.parents[1] / "examples" / "007_pingtan_xzsp_2024.html"  # an HTML source (行政审批局 2024)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
START_TIMEOUT = 60.0


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("XXGK_ALLOW_SKIP") == "1":
        pytest.skip(reason)
    pytest.fail(f"{reason} (set XXGK_ALLOW_SKIP=1 to skip the browser tests instead)", pytrace=False)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("browser-store")
    db = root / "xxgk.sqlite3"
    env = {**os.environ, "XXGK_DATA_DIR": str(root), "XXGK_SECRET_KEY": "browser-tests", "NO_COLOR": "1"}
    env.pop("XXGK_DB", None)
    done = xxgk("ingest", "--jobs", "1", "--db", str(db), str(FIXTURES), str(EXAMPLE_PAGE), env=env)
    assert done.returncode == 0, f"xxgk ingest of {FIXTURES} and {EXAMPLE_PAGE} failed: {done.stdout}{done.stderr}"
    with xxgk_serve(db, env, root / "serve.log", START_TIMEOUT) as (base, process):
        yield Server(base=base, db=db, env=env, process=process)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("Playwright is not installed (pip install -e '.[dev]')")
    executable = chromium_path()
    if executable is None:
        _skip_or_fail("chromium is not installed (scripts/setup-system.sh installs Debian's chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def watch(server: Server) -> Watch:
    return Watch(origin=server.base)


@pytest.fixture
def page(browser: Any, server: Server, watch: Watch) -> Iterator[Any]:
    """A new page in its own context (fresh cookies), watched by ``watch``, resolving paths on the server."""
    context = browser.new_context(base_url=server.base, locale="zh-CN", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(10_000)
    page = context.new_page()
    watch.attach(context, page)
    try:
        yield page
    finally:
        context.close()
