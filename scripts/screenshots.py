"""``make screenshots``: the main pages of the web app as served, saved under docs/screenshots/*.png.

A throw-away database in a temporary folder gets the bundled examples (``xxgk ingest``); ``xxgk serve`` runs
on a free port; Playwright drives Debian's chromium (no browser download) through each page. A page that
does not exist (yet) is skipped with a note. Run it again whenever a page changes, so that the README's
pictures are what the app serves.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.name != "README.md")
VIEWPORT = {"width": 1360, "height": 900}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--hide-scrollbars"]


def _xxgk(*args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "xxgk", *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(base: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"screenshots: xxgk serve exited: {server.stderr.read().decode() if server.stderr else ''}")
        try:
            with urllib.request.urlopen(base + "/api/me", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("screenshots: xxgk serve did not answer")


def _first_report_with_boxes(page: Any) -> None:
    """报告详情 of the PDF example, a finding that points at a cell selected on both sides."""
    page.goto("/reports?q=洪泽")
    page.locator("table.data a[href^='/reports/']").first.click()
    page.wait_for_load_state("networkidle")
    for key in page.locator("li.finding[data-cell]").evaluate_all("els => els.map(e => e.getAttribute('data-cell'))"):
        if page.locator(f"rect.box[data-cell='{key}']").count():
            page.locator(f"li.finding[data-cell='{key}'] strong").click()
            page.wait_for_timeout(600)  # the page image scrolls to the box…
            page.evaluate("window.scrollTo(0, 0)")  # …and the window back to the header
            return


def _agency(page: Any) -> None:
    """单位: the agency with the most peers to be ranked among."""
    page.goto("/agencies")
    ids = page.locator("table a[href^='/agencies/']").evaluate_all(
        "els => els.map(e => e.getAttribute('href').split('/').pop())")

    def peers(agency: str) -> int:
        data = page.request.get(f"/api/agencies/{agency}/benchmark").json()
        return max((s["n"] for m in data["metrics"] for s in m["series"]), default=0)

    page.goto(f"/agencies/{max(ids, key=peers)}")
    page.wait_for_selector("div.chart[data-chart='benchmark'][data-ready='1']")
    page.select_option("#trend-metric", "applications_new")
    page.wait_for_selector("div.chart[data-chart='benchmark'][data-ready='1']")


def _stats(page: Any) -> None:
    page.goto("/stats")
    page.wait_for_selector("div.chart[data-chart='distribution'][data-ready='1']")
    page.select_option("#metric-select", "applications_new")
    page.wait_for_selector("div.chart[data-chart='distribution'][data-ready='1']")
    page.wait_for_timeout(400)  # ECharts' entry animation


# (file name, path or action, full page?)
PAGES: list[tuple[str, str | Callable[[Any], None], bool]] = [
    ("overview", "/", True),
    ("reports", "/reports", False),
    ("report", _first_report_with_boxes, False),
    ("agency", _agency, True),
    ("stats", _stats, True),
    ("upload", "/upload", False),
    ("write", "/write", False),
    ("ledger", "/ledger", False),
]


def main() -> int:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("XXGK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("screenshots: chromium is missing (scripts/setup-system.sh installs it)", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xxgk-shots-") as tmp:
        db = Path(tmp) / "xxgk.sqlite3"
        env = {**os.environ, "XXGK_DATA_DIR": tmp}
        env.pop("XXGK_DB", None)
        ingest = _xxgk("ingest", "--jobs", "1", "--db", str(db), *map(str, EXAMPLES), env=env)
        _, err = ingest.communicate()
        if ingest.returncode not in (0, 1):
            print(f"screenshots: xxgk ingest failed: {err.decode()}", file=sys.stderr)
            return 1
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = _xxgk("serve", "--port", str(port), "--db", str(db), env=env)
        try:
            _wait(base, server)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
                context = browser.new_context(base_url=base, viewport=VIEWPORT, locale="zh-CN",
                                              device_scale_factor=1)
                page = context.new_page()
                for name, target, full in PAGES:
                    if isinstance(target, str):
                        response = page.goto(target)
                        if response is None or response.status != 200:
                            print(f"screenshots: {target} answers {response.status if response else '?'}, skipped")
                            continue
                        page.wait_for_load_state("networkidle")
                    else:
                        target(page)
                    path = OUT / f"{name}.png"
                    page.screenshot(path=str(path), full_page=full)
                    print(f"screenshots: {path.relative_to(ROOT)}")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
