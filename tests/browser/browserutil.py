"""Helpers of the browser tests: the served app (:class:`Server`) and what a test watches on a page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# schemes that never leave the page (inline images, object URLs, the blank page)
LOCAL_SCHEMES = ("data:", "blob:", "about:")


@dataclass
class Watch:
    """Collects what went wrong on the pages of one browser context; ``assert_clean()`` fails on any of it.

    Requests outside ``origin`` are recorded in ``external`` and aborted (a test never reaches the network).
    Dialogs (alert, confirm, prompt) are recorded and dismissed: report content must never open one.
    """

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def attach(self, context: Any, page: Any) -> None:
        context.route("**/*", self._route)
        self.watch_page(page)
        context.on("page", self.watch_page)  # popups and new tabs too

    def watch_page(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("dialog", self._dialog)
        page.on("request", lambda req: self.requests.append(req.url))

    def same_origin(self, url: str) -> bool:
        if url.startswith(LOCAL_SCHEMES):
            return True
        a, b = urlsplit(url), urlsplit(self.origin)
        return (a.scheme, a.netloc) == (b.scheme, b.netloc)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if self.same_origin(url):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def _console(self, msg: Any) -> None:
        if msg.type == "error":
            self.console_errors.append(f"{msg.text} @ {msg.location.get('url', '')}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def problems(self) -> list[str]:
        return ([f"console error: {m}" for m in self.console_errors]
                + [f"page error: {m}" for m in self.page_errors]
                + [f"dialog: {m}" for m in self.dialogs]
                + [f"external request: {u}" for u in self.external])

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "\n".join(problems)


def chromium_path() -> str | None:
    """Debian's chromium: ``XXGK_CHROMIUM``, /usr/bin/chromium, or whatever ``chromium`` is on the PATH."""
    for candidate in (os.environ.get("XXGK_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def xxgk(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the ``xxgk`` command (this interpreter's package: ``python -m xxgk``)."""
    return subprocess.run([sys.executable, "-m", "xxgk", *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False)


@dataclass
class Server:
    """A running ``xxgk serve``: its address, database and environment."""

    base: str
    db: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes] = field(repr=False)

    def url(self, path: str = "/") -> str:
        return self.base + path

    def store(self) -> Any:
        """The served store, opened from this process (SQLite takes a reader and a writer beside the server);
        close it after use (``with server.store() as store: …``)."""
        from xxgk.store import Store

        return Store(str(self.db), data_dir=self.db.parent)

    def report_id(self, agency: str, year: int) -> int:
        """The report of the agency (part of its name) for the year."""
        with self.store() as store:
            rows = [r for r in store.reports(year=year) if agency in r.agency]
        assert len(rows) == 1, f"{len(rows)} reports of {agency} in {year}"
        return int(rows[0].id)

    def ingest(self, *paths: str | Path) -> dict[str, Any]:
        """``xxgk ingest --json`` more files into the served database; the batch summary."""
        done = xxgk("ingest", "--jobs", "1", "--json", "--db", str(self.db), *map(str, paths), env=self.env)
        assert done.returncode in (0, 1), f"xxgk ingest failed ({done.returncode}): {done.stderr}"
        return dict(json.loads(done.stdout))
