"""``xxgk serve`` (the web app under uvicorn) and ``xxgk user`` (who may log in) — thin layers over xxgk.web."""

from __future__ import annotations

import sys

import click

from .agencies import DB_HELP, open_store


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Any non-loopback address requires login (xxgk user add).")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--db", help=DB_HELP)
def serve_cmd(host: str, port: int, db: str | None) -> None:
    """Serve the web app (uvicorn)."""
    import uvicorn

    from ..web import create_app
    from ..web.security import is_loopback

    store = open_store(db)
    app = create_app(host=host, store=store)
    if is_loopback(host) and app.state.users.empty():
        click.echo("xxgk: no users configured — single local user (login required once `xxgk user add` is used)")
    elif app.state.users.empty():
        click.echo(f"xxgk: listening on {host} requires login, but there are no users: run `xxgk user add`",
                   err=True)
        sys.exit(2)
    click.echo(f"xxgk: serving {store.name} at http://{host}:{port}")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        store.close()


@click.group("user")
def user_group() -> None:
    """Users of the web app (argon2-hashed passwords, roles admin / reviewer / author)."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "reviewer", "author"]), required=True)
@click.option("--agency", help="The author's agency (an author sees and edits only its reports).")
@click.password_option(help="Password (asked when omitted).", envvar="XXGK_PASSWORD")
@click.option("--db", help=DB_HELP)
def user_add(name: str, role: str, agency: str | None, password: str, db: str | None) -> None:
    """Add a user (or replace their password and role)."""
    from ..web.users import UserBook, UserError

    store = open_store(db)
    try:
        user = UserBook(store.data_dir).add(name, password, role, agency)
    except UserError as exc:
        click.echo(f"xxgk: {exc}", err=True)
        sys.exit(2)
    finally:
        store.close()
    click.echo(f"user {user.name}: {user.role}" + (f" of {user.agency}" if user.agency else ""))


@user_group.command("list")
@click.option("--db", help=DB_HELP)
def user_list(db: str | None) -> None:
    """List users."""
    from ..web.users import UserBook

    store = open_store(db)
    try:
        for u in UserBook(store.data_dir).users():
            click.echo(f"{u.name}\t{u.role}\t{u.agency or ''}")
    finally:
        store.close()


@user_group.command("remove")
@click.argument("name")
@click.option("--db", help=DB_HELP)
def user_remove(name: str, db: str | None) -> None:
    """Remove a user."""
    from ..web.users import UserBook, UserError

    store = open_store(db)
    try:
        UserBook(store.data_dir).remove(name)
    except UserError as exc:
        click.echo(f"xxgk: {exc}", err=True)
        sys.exit(2)
    finally:
        store.close()
