"""Who is asking and may they: local single-user mode, login sessions, CSRF tokens, roles, security headers.

- No users and bound to a loopback address → one local user (admin), said in the header; otherwise login.
- Session cookie: signed (itsdangerous), HttpOnly, SameSite=Lax, Secure unless served on localhost.
- Every state-changing request (POST/PUT/PATCH/DELETE) carries the session's CSRF token, as the form field
  ``csrf_token`` or the ``X-CSRF-Token`` header, pages and JSON alike.
- Content-Security-Policy without inline script; report content is untrusted.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from .users import LOCAL_USER, User, UserBook

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


class SecurityHeaders(BaseHTTPMiddleware):
    """CSP and friends on every response."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


class LoginRequired(Exception):
    """Raised by :func:`current_user`; pages redirect to /login, the API answers 401."""


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use)."""
    token = request.session.get(CSRF_FIELD)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return str(token)


async def csrf_guard(request: Request) -> None:
    """App-wide dependency: a state-changing request without the session's token is refused (403)."""
    if request.method not in UNSAFE_METHODS:
        return
    expected = request.session.get(CSRF_FIELD)
    sent = request.headers.get(CSRF_HEADER)
    if not sent:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise HTTPException(403, "CSRF 校验失败：请刷新页面后重试")


def local_mode(request: Request) -> bool:
    """Single local user: no users configured and the server bound to a loopback address."""
    state = request.app.state
    return bool(is_loopback(state.host) and state.users.empty())


def current_user(request: Request) -> User:
    """The user of this request (dependency); raises :class:`LoginRequired` when nobody is logged in."""
    if local_mode(request):
        return LOCAL_USER
    name = request.session.get("user")
    if name:
        user = request.app.state.users.get(name)
        if user is not None:
            return user
        request.session.pop("user", None)
    raise LoginRequired()


def require(user: User, action: str) -> None:
    """403 unless ``user`` may do ``action`` (see :meth:`User.can`)."""
    if not user.can(action):
        raise HTTPException(403, f"{user.role_label}无权执行此操作")


def may_see_agency(user: User, agency: str) -> bool:
    """An author only sees their own agency's reports."""
    if user.role != "author":
        return True
    from ..store.agencies import normalise

    return bool(user.agency) and normalise(user.agency or "") == normalise(agency)


def check_agency(user: User, agency: str) -> None:
    if not may_see_agency(user, agency):
        raise HTTPException(403, "只能查看本单位的报告")


def login(request: Request, book: UserBook, name: str, password: str) -> User | None:
    user = book.verify(name, password)
    if user is not None:
        request.session.clear()  # a fresh session (and CSRF token) after login: no fixation
        request.session["user"] = user.name
    return user


def session_options(host: str) -> dict[str, Any]:
    return {"same_site": "lax", "https_only": not is_loopback(host), "session_cookie": "xxgk_session",
            "max_age": 12 * 3600}


# the dependency as a type: ``def page(user: CurrentUser)``
CurrentUser = Annotated[User, Depends(current_user)]
