"""--engine dask on a real LocalCluster (2 worker processes) gives the same database as the local engine."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from storehelp import assert_whole, canonical, write_reports

from xxgk.cli import main
from xxgk.store import Store

pytest.importorskip("distributed")


@pytest.fixture
def inputs(tmp_path: Path, corpus: Path) -> list[str]:
    folder = tmp_path / "in"
    write_reports(folder / "synth", 6, year=2022)
    write_reports(folder / "synth", 6, year=2023)  # the cross-year rules see last year's report
    for name in ("001_pingtan_2023.html", "001_pingtan_2023.docx", "008_template_blank.docx"):
        shutil.copy(corpus / "real" / name, folder / name)  # renditions of one report, and a failure
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n%%EOF")
    return [str(folder)]


def test_dask_engine_gives_the_local_database(db_url: str, tmp_path: Path, inputs: list[str]) -> None:
    with Store(f"sqlite:///{tmp_path / 'local.sqlite3'}", data_dir=tmp_path / "local") as local:
        local.ingest(inputs, jobs=1)
        expected = canonical(local)
    with Store(db_url, data_dir=tmp_path / "dask") as distributed:
        summary = distributed.ingest(inputs, jobs=2, engine="dask")
        assert summary.counts["new_reports"] == 13 and summary.counts["failed"] == 2
        assert_whole(distributed)
        assert canonical(distributed) == expected
        assert distributed.batches()[-1].engine == "dask"
        again = distributed.ingest(inputs, jobs=2, engine="dask")  # idempotent on this engine too
        assert again.counts["duplicates"] == again.counts["inputs"]


def test_cli_engine_dask_and_a_scheduler_that_is_not_there(tmp_path: Path, inputs: list[str]) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    done = CliRunner().invoke(main, ["ingest", "--engine", "dask", "--jobs", "2", "--db", db, "--json", *inputs])
    assert done.exit_code == 1, done.output  # the two bad files are listed; the rest is stored
    summary = json.loads(done.output)
    assert summary["counts"]["new_reports"] == 13
    gone = CliRunner().invoke(main, ["ingest", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9",
                                     "--db", db, *inputs])
    assert gone.exit_code == 1  # not a usage error: the scheduler named is not there
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in gone.output
    assert "Traceback" not in gone.output
