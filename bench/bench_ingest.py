"""Ingest benchmark: generated reports into the store, beside parse+check alone. Prints figures; asserts nothing.

    python bench/bench_ingest.py                       # 1,000 and 10,000 reports, 1 and 2 jobs, SQLite + PostgreSQL
    python bench/bench_ingest.py --counts 1000 --backends sqlite

Reports come from xxgk.synth, written in every flattening of xxgk.render.flatten (one file each, in turn).
Each configuration runs in a fresh process so its peak memory (max RSS of the writer, and of the largest
worker) and its CPU time per report (this process: reading files and writing the store; the workers: parsing
and checking, worker start-up included) are its own; "flat" memory means the 10,000 figure is close to the 1,000 one. "parse+check" is the
same work without the store (xxgk.batch workers, nothing written): the store's overhead is the difference.
PostgreSQL: a throw-away cluster started like the tests' (tests/store/conftest.py), removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_inputs(folder: Path, count: int) -> None:
    from xxgk.render.flatten import STYLES, flatten
    from xxgk.synth import SynthOptions, generate

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        style = STYLES[i % len(STYLES)]
        report = generate(i, SynthOptions(agency=f"测试县第{i}局", year=2023 if i % 2 else 2022,
                                          template="2019" if i % 7 == 0 else "2021"))
        suffix = "md" if style == "markdown" else "txt"
        (folder / f"r{i:05d}.{suffix}").write_text(flatten(report, style), encoding="utf-8")


def parse_and_check(task: tuple[str, bytes, str]) -> object:
    """The baseline: parse and check only (what ingest's workers do before they build the store's rows)."""
    from xxgk.store.analyse import analyse

    return analyse(*task)


def one(args: argparse.Namespace) -> None:
    """Run one configuration in this (fresh) process and print a JSON line."""
    from xxgk.batch import run_batch
    from xxgk.store import Store
    paths = sorted(str(p) for p in Path(args.inputs).iterdir())
    start = time.perf_counter()
    me = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = me.ru_utime + me.ru_stime  # imports excluded
    if args.db == "none":
        from xxgk.store.ingest import task_label

        tasks = ((p, Path(p).read_bytes(), "") for p in paths)  # read here, as ingest does
        n = sum(1 for _ in run_batch(tasks, parse_and_check, jobs=int(args.jobs), timeout=None, label=task_label))
    else:
        with Store(args.db, data_dir=Path(args.data)) as store:
            n = len(store.ingest([args.inputs], jobs=int(args.jobs), engine=args.engine).saved)
    seconds = time.perf_counter() - start
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"n": n, "seconds": seconds, "writer_mb": me.ru_maxrss / 1024, "worker_mb": kids.ru_maxrss / 1024,
                      # CPU per report (user + system): this process (reading, writing) and the workers together
                      "writer_ms": 1000 * (me.ru_utime + me.ru_stime - cpu0) / max(n, 1),
                      "worker_ms": 1000 * (kids.ru_utime + kids.ru_stime) / max(n, 1)}))


def run(inputs: Path, db: str, jobs: int, engine: str = "local") -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="xxgk-bench-data-") as data:
        out = subprocess.run([sys.executable, __file__, "--one", "--inputs", str(inputs), "--db", db, "--jobs",
                              str(jobs), "--engine", engine, "--data", data], capture_output=True, text=True,
                             check=True, env=os.environ | {"PYTHONPATH": str(ROOT / "src")})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--counts", default="1000,10000", help="comma-separated report counts")
    ap.add_argument("--jobs", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--inputs", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    ap.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        one(args)
        return
    sys.path.insert(0, str(ROOT / "tests" / "store"))
    counts = [int(x) for x in args.counts.split(",")]
    jobs = [int(x) for x in args.jobs.split(",")]
    backends = args.backends.split(",")
    cluster = None
    if "postgresql" in backends:
        from conftest import Cluster  # the tests' throw-away cluster

        cluster = Cluster()
        cluster.start()
    print(f"{'reports':>7} {'jobs':>4} {'into':<11} {'reports/s':>9} {'seconds':>8} {'store adds':>10} "
          f"{'writer MB':>9} {'worker MB':>9} {'main CPU ms':>11} {'workers CPU ms':>14}  (CPU per report)")
    try:
        for count in counts:
            with tempfile.TemporaryDirectory(prefix="xxgk-bench-in-") as tmp:
                inputs = Path(tmp) / "in"
                make_inputs(inputs, count)
                for j in jobs:
                    base = run(inputs, "none", j)
                    print(f"{count:>7} {j:>4} {'(no store)':<11} {count / base['seconds']:9.1f} "
                          f"{base['seconds']:8.1f} {'':>10} {base['writer_mb']:9.0f} {base['worker_mb']:9.0f} "
                          f"{base['writer_ms']:11.2f} {base['worker_ms']:14.2f}", flush=True)
                    for backend in backends:
                        db = (f"sqlite:///{tmp}/bench.sqlite3" if backend == "sqlite" else cluster.new_database())
                        got = run(inputs, db, j)
                        extra = got["seconds"] / base["seconds"] - 1
                        print(f"{count:>7} {j:>4} {backend:<11} {count / got['seconds']:9.1f} "
                              f"{got['seconds']:8.1f} {extra:+9.0%} {got['writer_mb']:9.0f} {got['worker_mb']:9.0f} "
                              f"{got['writer_ms']:11.2f} {got['worker_ms']:14.2f}", flush=True)
                        if backend == "sqlite":
                            Path(f"{tmp}/bench.sqlite3").unlink(missing_ok=True)
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
