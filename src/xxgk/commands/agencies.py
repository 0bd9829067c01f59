"""``xxgk agencies``: the expected-agency list, kinds and regions, and the to-do list of unknown agencies.

Exit status: 0; 1 when an import or a change was refused (nothing written); 2 usage or database errors.
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
    """The store, or a clear message and exit status 2."""
    from ..store import Store, StoreError

    try:
        return Store(db, create=create)
    except StoreError as exc:
        click.echo(f"xxgk: {exc}", err=True)
        sys.exit(2)


@contextmanager
def using_store(db: str | None, *refused: type[Exception], create: bool = False) -> Iterator[Any]:
    """The store of one command, closed at the end (``create``: make a missing SQLite file). ``refused``: what
    the command reports as a refusal (a reference that names nothing, a correction not made, a bad file):
    exit status 1; a database error: exit status 2. Either way a clear message, never a traceback."""
    from ..store import StoreError

    store = open_store(db, create=create)
    try:
        yield store
    except refused as exc:
        _fail(str(exc))
    except StoreError as exc:
        _fail(str(exc), 2)
    finally:
        store.close()


def _fail(message: str, status: int = 1) -> NoReturn:
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

    store = open_store(db, create=False)
    try:
        items = todo(store)
    finally:
        store.close()
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

    store = open_store(db, create=False)
    try:
        items = agency_list(store, expected_only)
    finally:
        store.close()
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
    from ..store import StoreError
    from ..store.agencies import set_agency

    store = open_store(db, create=False)
    try:
        set_agency(store, name, kind=kind, region=region, parent=parent, aliases=aliases, former=former,
                   expected=expected)
    except (KeyError, ValueError) as exc:
        _fail(exc.args[0] if exc.args else str(exc))
    except StoreError as exc:
        _fail(str(exc), 2)
    finally:
        store.close()
    click.echo(f"{name}: updated")


@agencies_cmd.command("merge")
@click.argument("name")
@click.option("--into", required=True, help="The agency NAME is another name of.")
@click.option("--former", is_flag=True, help="NAME is a former (原) name.")
@click.option("--db", help=DB_HELP)
def merge_cmd(name: str, into: str, former: bool, db: str | None) -> None:
    """Make agency NAME (a to-do) a name of agency INTO: its reports move there."""
    from ..store import StoreError
    from ..store.agencies import merge

    store = open_store(db, create=False)
    try:
        moved = merge(store, name, into, former)
    except (KeyError, ValueError) as exc:
        _fail(exc.args[0] if exc.args else str(exc))
    except StoreError as exc:
        _fail(str(exc), 2)
    finally:
        store.close()
    click.echo(f"{name} → {into}: {moved} reports moved")
