"""``xxgk agencies``: the expected-agency list, kinds and regions, and the to-do list of unknown agencies.

Exit status: 0; 1 when an import or a change was refused (nothing written) or the database failed; 2 usage
errors.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import click

DB_HELP = "Database URL (postgresql://…, sqlite:///FILE) or SQLite file; default: $XXGK_DATABASE_URL, else the user data dir."


def open_store(db: str | None, create: bool = True) -> Any:
    """The store, or a message naming the database and exit status 1 (it cannot be opened)."""
    from ..store import Store, StoreError

    try:
        return Store(db, create=create)
    except StoreError as exc:
        fail(str(exc))


@contextmanager
def using_store(db: str | None, *refused: type[Exception], usage: tuple[type[Exception], ...] = (),
                create: bool = False) -> Iterator[Any]:
    """The store of one command, closed at the end (``create``: make a missing SQLite file).

    Exit status as click's: 1 when the store refuses — ``refused``: a reference that names nothing, a change
    or a file it does not take — or fails (a database that cannot be opened, is locked or is newer than this
    xxgk); 2 for ``usage``: an option value the library rejects (an unknown metric or region). Either way one
    line naming the database, the file or the reference, never a traceback."""
    from ..store import StoreError

    caught: tuple[type[Exception], ...] = (StoreError, *refused)
    store = open_store(db, create=create)
    try:
        yield store
    except caught as exc:
        fail(_message(exc))
    except usage as exc:
        fail(_message(exc), 2)
    finally:
        store.close()


def _message(exc: Exception) -> str:
    # str() of a KeyError is its repr: the message is its argument
    return str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)


def fail(message: str, status: int = 1) -> NoReturn:
    """``xxgk: MESSAGE`` on standard error and exit ``status`` (1: refused or failed, 2: a usage error)."""
    click.echo(f"xxgk: {message}", err=True)
    sys.exit(status)


@click.group("agencies")
def agencies_cmd() -> None:
    """The agencies of the store: expected list, kinds, regions, to-do."""


@agencies_cmd.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--db", help=DB_HELP)
def import_cmd(file: str, db: str | None) -> None:
    """Load an expected-agency list (CSV or XLSX; columns 名称/name, 类型/kind, 区划/region, 上级/parent,
    别名/aliases, 原名/former). All or nothing: each bad row is named by its line."""
    from ..store.agencies import AgencyListError, import_list

    with using_store(db, AgencyListError, create=True) as store:
        result = import_list(store, file)
    click.echo(f"{file}: {result.created} new, {result.updated} already known, {result.aliases} aliases")


@agencies_cmd.command("todo")
@click.option("--db", help=DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="JSON lines.")
def todo_cmd(db: str | None, as_json: bool) -> None:
    """Agencies met at ingest that are not on the expected list, with the closest expected names."""
    from ..store.agencies import as_json as to_json
    from ..store.agencies import todo

    with using_store(db) as store:
        items = todo(store)
    for item in items:
        if as_json:
            click.echo(json.dumps(to_json(item), ensure_ascii=False))
        else:
            near = f"  → {' / '.join(item.suggestions)}?" if item.suggestions else ""
            click.echo(f"{item.name}  {','.join(map(str, item.years))}{near}")
    if not as_json:
        click.echo(f"{len(items)} agencies to do (xxgk agencies merge NAME --into EXPECTED, or set NAME --expected)",
                   err=True)
        if items and not any(item.suggestions for item in items):
            click.echo("(no expected-agency list matches them: xxgk agencies import LIST.csv loads one)", err=True)


@agencies_cmd.command("list")
@click.option("--db", help=DB_HELP)
@click.option("--expected", "expected_only", is_flag=True, help="Only those on the expected list.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines.")
def list_cmd(db: str | None, expected_only: bool, as_json: bool) -> None:
    """Agencies with kind, region (and where each came from), parent and number of reports."""
    from ..agency import KIND_BY_KEY
    from ..store.agencies import agency_list
    from ..store.agencies import as_json as to_json

    with using_store(db) as store:
        items = agency_list(store, expected_only)
    for a in items:
        if as_json:
            click.echo(json.dumps(to_json(a), ensure_ascii=False))
            continue
        kind = KIND_BY_KEY[a.kind].name if a.kind in KIND_BY_KEY else "?"
        region = f"{a.region_code} {a.region}" if a.region_code else "?"
        mark = "" if a.expected else "  (not expected)"
        click.echo(f"{a.name}  [{kind}]  {region}  {a.reports} reports{mark}")


@agencies_cmd.command("set")
@click.argument("name")
@click.option("--kind", help="人民政府 / 部门 / 垂直管理 / 乡镇街道 / 开发区 / 开发区部门 / 其他 (or the key).")
@click.option("--region", help="GB/T 2260 code or division name.")
@click.option("--parent", help="The parent agency's name.")
@click.option("--alias", "aliases", multiple=True, help="Another name of the agency (repeatable).")
@click.option("--former", multiple=True, help="A former (原) name of the agency (repeatable).")
@click.option("--expected/--not-expected", default=None, help="Put on (or take off) the expected list.")
@click.option("--db", help=DB_HELP)
def set_cmd(name: str, kind: str | None, region: str | None, parent: str | None, aliases: tuple[str, ...],
            former: tuple[str, ...], expected: bool | None, db: str | None) -> None:
    """Set an agency's kind, region, parent or names by hand (never replaced by a guess from the name)."""
    from ..store.agencies import set_agency

    with using_store(db, KeyError, ValueError) as store:
        set_agency(store, name, kind=kind, region=region, parent=parent, aliases=aliases, former=former,
                   expected=expected)
    click.echo(f"{name}: updated")


@agencies_cmd.command("merge")
@click.argument("name")
@click.option("--into", required=True, help="The agency NAME is another name of.")
@click.option("--former", is_flag=True, help="NAME is a former (原) name.")
@click.option("--db", help=DB_HELP)
def merge_cmd(name: str, into: str, former: bool, db: str | None) -> None:
    """Make agency NAME (a to-do) a name of agency INTO: its reports move there."""
    from ..store.agencies import merge

    with using_store(db, KeyError, ValueError) as store:
        moved = merge(store, name, into, former)
    click.echo(f"{name} → {into}: {moved} reports moved")
