"""Templates: Jinja2 with autoescape on everything (report content is untrusted), and the page context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import Response

from .security import LoginRequired, csrf_token, current_user, local_mode

HERE = Path(__file__).resolve().parent

# the navigation, in order: (path, label)
NAV = [("/", "首页"), ("/upload", "上传"), ("/reports", "报告列表"), ("/agencies", "单位"),
       ("/stats", "统计与对标"), ("/write", "编写年报"), ("/ledger", "依申请台账")]

_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                   trim_blocks=True, lstrip_blocks=True)
TEMPLATES = Jinja2Templates(env=_env)


def blank(value: Any) -> str:
    """A value for display: None is shown as an empty cell, never as 0."""
    return "" if value is None else str(value)


_env.filters["blank"] = blank


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> Response:
    """Render template ``name`` with the common context (user, CSRF token, navigation)."""
    try:
        user = current_user(request)
    except LoginRequired:
        user = None
    ctx = {"user": user, "local_mode": local_mode(request), "csrf_token": csrf_token(request), "nav": NAV,
           "path": request.url.path}
    ctx.update(context or {})
    return TEMPLATES.TemplateResponse(request, name, ctx, status_code=status_code)
