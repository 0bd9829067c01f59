"""Resumable ingest: kill -9 at random moments, 20 times, then run again — every report exactly once, none
partial (whole versions, an active version for every report, every source accounted for).

New files arrive before every run, so each run has work to do. Half the kills fall anywhere in a run (start-up,
migration, parsing, writing, the end), half just after the run's first commit; the test checks that kills did
cut batches in the middle."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from storehelp import assert_whole, synth_report

from xxgk.parse import parse_file
from xxgk.render import render
from xxgk.store import Store
from xxgk.store.ingest import GROUP_MAX

# more than one transaction's worth: the writer puts up to GROUP_MAX reports that come within GROUP_LINGER of
# each other in one transaction (a run of 12 was one commit, and kills after it cut no batch)
NEW_PER_RUN = GROUP_MAX + GROUP_MAX // 2
KILLS = 20


def _ingest_cmd(folder: Path, db: Path, jobs: int) -> list[str]:
    return [sys.executable, "-c", "from xxgk.cli import main; main()", "ingest", "--db", str(db), "--jobs", str(jobs),
            "--json", str(folder)]


def _stored(db: Path) -> int:
    """Sources committed so far, read beside the running ingest (WAL: readers never block the writer)."""
    with contextlib.closing(sqlite3.connect(db, timeout=5)) as conn:
        return int(conn.execute("SELECT count(*) FROM sources").fetchone()[0])


def test_sigkill_at_random_points_then_rerun(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    db = tmp_path / "kill.db"
    env = os.environ | {"XXGK_DATA_DIR": str(tmp_path / "data")}
    rng = random.Random(20261206)
    written = 0

    def arrive() -> None:
        nonlocal written
        for _ in range(NEW_PER_RUN):
            # agency_name is distinct for 160 indices: later files are the same agencies' next year
            report = synth_report(written % 160, year=2023 + written // 160)
            (folder / f"r{written:03d}.txt").write_bytes(render(report, "txt"))
            written += 1

    # how long one run takes on this machine now (start-up included): the kills are drawn over that span
    for _ in range(2):  # the first run also creates the database: the second one is the typical run
        arrive()
        start = time.perf_counter()
        subprocess.run(_ingest_cmd(folder, db, 1), env=env, capture_output=True, timeout=600, check=True)
        span = time.perf_counter() - start
    cut: list[int] = []  # sources stored by the runs that were killed in the middle of their batch
    before = written
    for i in range(KILLS):
        arrive()
        jobs = 2 if i % 4 == 3 else 1
        proc = subprocess.Popen(_ingest_cmd(folder, db, jobs), env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        if i % 2 == 0:  # anywhere in the run: start-up, opening the database, parsing, writing, the end
            time.sleep(rng.uniform(0.1, 1.3) * span)
        else:  # once this run has written its first source: in the middle of the batch
            deadline = time.monotonic() + 120
            while _stored(db) <= before and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.02))  # before the rest of the run's reports are committed
        os.killpg(proc.pid, signal.SIGKILL)  # the whole group: the writer and its workers
        proc.wait()
        if db.exists():
            with Store(str(db), data_dir=tmp_path / "data") as store:
                assert_whole(store)
                now = len(store.sources())
                if before < now < written:
                    cut.append(now - before)
                before = now
    assert len(cut) >= 3, (cut, span)
    done = subprocess.run(_ingest_cmd(folder, db, 1), env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    with Store(str(db), data_dir=tmp_path / "data") as store:
        assert_whole(store)
        rows = store.reports()
        assert len(rows) == written and all(r.sources == 1 for r in rows)
        assert len(store.sources()) == written and store.counts()["versions"] == written
        assert store.failures() == []
        for source in store.sources():  # the bytes of every source are kept whole, however the runs ended
            assert store.blob(source.sha256) == Path(source.path or "").read_bytes()
        for row in random.Random(1).sample(rows, 12):  # a stored record is exactly what parsing its file gives
            [source] = store.sources(row.id)
            assert store.record(row.active_version_id or -1).to_json() == parse_file(source.path or "").to_json()
        statuses = [b.status for b in store.batches()]
        assert statuses[-1] == "done" and set(statuses) <= {"interrupted", "done"}
