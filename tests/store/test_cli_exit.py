"""Exit status of the commands over the store, as click's: 2 a usage error; 1 what the store refuses (a
reference that names nothing, a batch already rolled back) or fails at (no database, a folder that is not
there). Either way one line naming the database, the source or the batch, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from storehelp import write_reports

from xxgk.cli import main

NEEDS_A_DATABASE = [
    ["assign", "r000", "--agency", "某县人民政府", "--year", "2023"],
    ["batches"],
    ["stats"],
    ["reports"],
    ["show", "1"],
    ["history", "1"],
    ["compare", "某县人民政府"],
    ["agencies", "list"],
    ["agencies", "todo"],
    ["agencies", "set", "某县人民政府", "--kind", "部门"],
    ["export", "-o", "out.csv"],
]


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _clear(result: Result, code: int, *words: str) -> None:
    assert result.exit_code == code, result.output
    assert all(w in result.stderr for w in words), result.stderr
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output


@pytest.mark.parametrize("args", NEEDS_A_DATABASE, ids=lambda a: " ".join(a[:2]))
def test_no_database_is_named_and_exits_1(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "none.db"
    _clear(_run(*args, "--db", str(db)), 1, "no database at", str(db))
    assert not db.exists()


def test_a_database_that_cannot_be_made_exits_1(tmp_path: Path) -> None:
    write_reports(tmp_path / "in", 1)
    db = tmp_path / "no" / "x.db"
    _clear(_run("ingest", "--jobs", "1", "--db", str(db), str(tmp_path / "in")), 1, str(db), "does not exist")


def test_refusals_exit_1_and_usage_errors_2(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    write_reports(tmp_path / "in", 1)
    assert _run("ingest", "--jobs", "1", "--db", db, str(tmp_path / "in")).exit_code == 0
    # what the store refuses
    _clear(_run("assign", "nosuch", "--agency", "某县人民政府", "--year", "2023", "--db", db), 1, "no source 'nosuch'")
    _clear(_run("batches", "--rollback", "99", "--db", db), 1, "no batch 99")
    assert _run("batches", "--rollback", "1", "--db", db).exit_code == 0
    _clear(_run("batches", "--rollback", "1", "--db", db), 1, "batch 1 was already rolled back")
    _clear(_run("show", "--db", db, "某县人民政府 2031"), 1, "某县人民政府")
    # usage errors: an option value the library rejects, as click's own
    _clear(_run("stats", "--metric", "nope", "--db", db), 2, "unknown metric nope")
    _clear(_run("reports", "--region", "火星", "--db", db), 2, "火星")
    _clear(_run("ingest", "--jobs", "0", "--db", db, str(tmp_path / "in")), 2, "--jobs")
