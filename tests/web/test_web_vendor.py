"""Vendored JavaScript (scripts/vendor-assets.sh): shipped in the package, as listed, served by the app itself."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from fastapi.testclient import TestClient

import xxgk.web

VENDOR = Path(xxgk.web.__file__).resolve().parent / "static" / "vendor"


def test_vendored_files_match_their_readme_with_licences() -> None:
    readme = (VENDOR / "README.md").read_text()
    sums = dict((name, digest) for digest, name in re.findall(r"^([0-9a-f]{64})  (\S+)$", readme, re.M))
    assert set(sums) == {"echarts.min.js", "swagger-ui-bundle.js", "swagger-ui.css"}
    for name, digest in sums.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    assert "Apache License" in (VENDOR / "echarts.LICENSE").read_text()
    assert "Apache ECharts" in (VENDOR / "echarts.NOTICE").read_text()
    assert "Apache License" in (VENDOR / "swagger-ui.LICENSE").read_text()


def test_vendored_scripts_are_served_from_the_app(local: TestClient) -> None:
    for name in ("echarts.min.js", "swagger-ui-bundle.js"):
        r = local.get(f"/static/vendor/{name}")
        assert r.status_code == 200
        assert "javascript" in r.headers["content-type"]
        assert r.content == (VENDOR / name).read_bytes()


def test_api_docs_load_nothing_from_outside(local: TestClient) -> None:
    """FastAPI's own /docs loads Swagger UI from a CDN with an inline script: ours is served by the app."""
    page = local.get("/docs")
    assert page.status_code == 200
    scripts = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', page.text)
    assert "/static/vendor/swagger-ui-bundle.js" in scripts and "/static/apidocs.js" in scripts
    assert all(s.startswith("/") or s.startswith("data:") for s in scripts), scripts
    assert "<script>" not in page.text  # no inline script: the CSP forbids it
    assert local.get("/redoc").status_code == 404
    assert local.get("/openapi.json").json()["paths"]


def test_every_vendored_file_is_used_by_a_page() -> None:
    """Nothing is shipped that no page loads (htmx was vendored and never used)."""
    templates = VENDOR.parent.parent / "templates"
    used = "".join(p.read_text() for p in templates.glob("*.html"))
    shipped = [p.name for p in VENDOR.iterdir() if p.suffix in (".js", ".css")]
    assert shipped and [name for name in shipped if f"/static/vendor/{name}" not in used] == []
