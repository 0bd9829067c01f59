"""/docs (the OpenAPI reference linked from every page's footer) works offline: Swagger UI from the package."""

from __future__ import annotations

from typing import Any

from browserutil import Server, Watch


def test_api_docs_render_offline(server: Server, page: Any, watch: Watch) -> None:
    page.goto("/")
    page.locator("footer a", has_text="API 文档").click()
    page.wait_for_url("**/docs")
    # the operations of the JSON twins are listed, read from /openapi.json
    page.locator(".opblock-summary-path", has_text="/api/stats").first.wait_for()
    assert page.locator(".opblock").count() > 10
    assert all(watch.same_origin(url) for url in watch.requests), watch.requests
    watch.assert_clean()
