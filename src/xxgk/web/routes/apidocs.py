"""/docs: the OpenAPI reference of the JSON twins, with Swagger UI served from the package (vendored by
scripts/vendor-assets.sh) and started by a static script — FastAPI's own page loads it from a CDN with an
inline script, which neither works offline nor passes the CSP."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from ..render import render

router = APIRouter()


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request) -> Response:
    return render(request, "apidocs.html")
