"""Login, logout and who am I."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ..render import render
from ..security import CurrentUser, local_mode, login
from ..users import User

router = APIRouter()


def _safe_next(target: str | None) -> str:
    # only paths on this site: never //host or a scheme (open redirect)
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str | None = None) -> Response:
    if local_mode(request):
        return RedirectResponse("/", status_code=303)
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login", include_in_schema=False)
def login_form(request: Request, name: str = Form(...), password: str = Form(...),
               next: str = Form("/")) -> Response:
    user = login(request, request.app.state.users, name, password)
    if user is None:
        return render(request, "login.html", {"next": _safe_next(next), "error": "用户名或密码错误"},
                      status_code=401)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/api/login", tags=["账户"])
def login_api(request: Request, body: dict[str, str]) -> dict[str, Any]:
    """Log in with ``{"name": …, "password": …}``; the session cookie is set, the new CSRF token returned."""
    from fastapi import HTTPException

    from ..security import csrf_token

    user = login(request, request.app.state.users, body.get("name", ""), body.get("password", ""))
    if user is None:
        raise HTTPException(401, "用户名或密码错误")
    return {"user": _user_json(user), "csrf_token": csrf_token(request)}


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/api/me", tags=["账户"])
def me(request: Request, user: CurrentUser) -> dict[str, Any]:
    """The current user, whether the app runs as the single local user, and the CSRF token for API writes."""
    from ..security import csrf_token

    return {"user": _user_json(user), "local_mode": local_mode(request), "csrf_token": csrf_token(request)}


def _user_json(user: User) -> dict[str, Any]:
    return {"name": user.name, "role": user.role, "agency": user.agency}
