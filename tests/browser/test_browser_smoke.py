"""The app in a real browser: the overview renders from the ingested store, with nothing going wrong."""

from __future__ import annotations

from typing import Any

import pytest
from browserutil import Server, Watch


def test_overview_renders_offline_without_errors(server: Server, page: Any, watch: Watch) -> None:
    response = page.goto("/")
    assert response is not None and response.status == 200
    assert page.locator("h1").inner_text().startswith("首页")
    # the three fixtures were ingested: one batch, three reports, none failed
    assert page.locator("table.data").first.inner_text().count("\n") >= 1
    assert "单机模式" in page.locator("header").inner_text()
    page.wait_for_load_state("networkidle")
    # the stylesheet and the script were fetched from the server itself, and nothing else
    assert any(url.endswith("/static/app.css") for url in watch.requests)
    assert any(url.endswith("/static/app.js") for url in watch.requests)
    assert all(watch.same_origin(url) for url in watch.requests), watch.requests
    watch.assert_clean()


def test_watch_sees_what_goes_wrong(page: Any, watch: Watch) -> None:
    """The watcher itself catches a dialog, a page error, a console error and an external request."""
    page.goto("/")
    page.evaluate("""() => {
        window.alert("x");
        console.error("boom");
        setTimeout(() => { throw new Error("uncaught"); }, 0);
    }""")
    page.wait_for_timeout(300)
    # the app's CSP already stops a page's fetch elsewhere; a navigation goes through the watch's route
    from playwright.sync_api import Error as PlaywrightError

    with pytest.raises(PlaywrightError):
        page.goto("http://example.invalid/tracker")
    problems = "\n".join(watch.problems())
    assert "dialog: alert: x" in problems
    assert "console error: boom" in problems
    assert "page error: " in problems and "uncaught" in problems
    assert "external request: http://example.invalid/tracker" in problems
