"""The skeleton: pages, local mode, login, sessions, CSRF, security headers, the CLI."""

from __future__ import annotations

from fastapi.testclient import TestClient
from webutil import csrf_of, log_in

from xxgk.cli import run


def test_local_mode_says_so_and_needs_no_login(local: TestClient) -> None:
    r = local.get("/")
    assert r.status_code == 200
    assert "单机模式" in r.text and "报告列表" in r.text
    me = local.get("/api/me").json()
    assert me["local_mode"] is True and me["user"]["role"] == "admin"


def test_security_headers(local: TestClient) -> None:
    r = local.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in r.text  # no inline script: only <script src=…>


def test_static_and_openapi(local: TestClient) -> None:
    assert local.get("/static/app.css").status_code == 200
    spec = local.get("/openapi.json").json()
    assert "/api/overview" in spec["paths"] and "/api/me" in spec["paths"]


def test_login_required_off_loopback(served: TestClient) -> None:
    r = served.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert served.get("/api/overview").status_code == 401


def test_login_sets_secure_httponly_cookie(served: TestClient) -> None:
    token = csrf_of(served.get("/login").text)
    r = served.post("/login", data={"name": "rev", "password": "correct horse battery", "next": "/",
                                    "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" in cookie
    page = served.get("/")
    assert "rev（审核员）" in page.text


def test_wrong_password_refused(served: TestClient) -> None:
    token = csrf_of(served.get("/login").text)
    r = served.post("/login", data={"name": "rev", "password": "nope nope nope", "csrf_token": token})
    assert r.status_code == 401 and "用户名或密码错误" in r.text
    assert served.get("/api/me").status_code == 401


def test_csrf_rejected_without_token(served: TestClient) -> None:
    r = served.post("/login", data={"name": "rev", "password": "correct horse battery"})
    assert r.status_code == 403
    token = log_in(served, "rev")
    assert served.post("/logout", follow_redirects=False).status_code == 403
    assert served.post("/logout", headers={"X-CSRF-Token": "forged"}, follow_redirects=False).status_code == 403
    assert served.post("/logout", headers={"X-CSRF-Token": token}, follow_redirects=False).status_code == 303
    assert served.get("/api/me").status_code == 401


def test_open_redirect_refused(served: TestClient) -> None:
    token = csrf_of(served.get("/login").text)
    r = served.post("/login", data={"name": "rev", "password": "correct horse battery",
                                    "next": "//evil.example/", "csrf_token": token}, follow_redirects=False)
    assert r.headers["location"] == "/"


def test_user_cli(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "x.sqlite3")
    run(["user", "add", "ann", "--role", "author", "--agency", "某县人民政府", "--password", "12345678abc",
         "--db", db])
    from xxgk.web.users import UserBook

    book = UserBook(tmp_path)
    assert book.get("ann") is not None and book.get("ann").agency == "某县人民政府"  # type: ignore[union-attr]
    assert book.verify("ann", "12345678abc") is not None and book.verify("ann", "wrong-password") is None
    assert "12345678abc" not in (tmp_path / "users.json").read_text()
