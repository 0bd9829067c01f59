"""The web pages over a store of N generated reports: milliseconds per page (printed, never asserted).

    python bench/bench_web.py --count 10000                 # builds the store (as bench_stats.py), then times
    python bench/bench_web.py --dir /tmp/webbench           # the same store again (built on first use)

The goal of issue 12: the list, report and statistics pages answer in under 300 ms on this machine. Pages are
requested in process (the real app over the real store, through the ASGI stack with FastAPI's TestClient):
the figure is the server's time to answer, routing, database and templates included, without the network.
Wall and CPU time per request are printed with the load average (the CPU time is the process's: the app and
SQLite run in it). One report in ten gets findings (one error, one warning) so that the status filters have something to count.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

GOAL_MS = 300.0


def _load() -> str:
    """The load average (1, 5, 15 min): the machine is shared, wall times follow it."""
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def add_findings(db: str, data_dir: Path, share: int = 10) -> None:
    """Findings on one report in ``share`` (straight into the store, as a check would leave them)."""
    from sqlalchemy import select

    from xxgk.store import Store
    from xxgk.store import schema as s
    from xxgk.store.versions import add_findings as add

    with Store(db, data_dir=data_dir) as store, store.write() as session:
        versions = list(session.scalars(select(s.Report.active_version_id).where(s.Report.id % share == 0)))
        for vid in versions:
            if vid is None:
                continue
            add(session, vid, [
                {"rule": "C-01", "severity": "error", "message": "行合计与各列之和不符",
                 "location": {"table": "applications", "row": "new", "column": 6}},
                {"rule": "C-14", "severity": "warning", "message": "章节缺少常见内容", "location": {}}],
                origin="check", batch_id=None)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dir", help="keep the SQLite store in this folder and reuse it next time")
    args = parser.parse_args()

    from bench_stats import build
    from fastapi.testclient import TestClient

    from xxgk.store import Store
    from xxgk.web import create_app

    tmp = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="xxgk-bench-web-"))
    tmp.mkdir(parents=True, exist_ok=True)
    db = f"sqlite:///{tmp / 'web.sqlite3'}"
    if not (tmp / "web.sqlite3").exists():
        build(db, args.count, tmp / "data")
        add_findings(db, tmp / "data")
    with Store(db, data_dir=tmp / "data") as store:
        n = store.counts()["reports"]
        ids = [r.id for r in store.reports()]
        years = sorted({r.year for r in store.reports()})
        app = create_app(store=store, host="127.0.0.1", secret_key="bench")
        rng = random.Random(3)
        some = rng.sample(ids, min(5, len(ids)))
        agencies = rng.sample([a.id for a in store.agencies()], min(5, n))
        pages = {
            "报告列表 /reports": ["/reports"],
            "报告列表 year+status=error": [f"/reports?year={years[-1]}&status=error"],
            "报告列表 sort=errors desc, page 50": ["/reports?sort=errors&order=desc&page=50"],
            "报告列表 search 拼音首字母": ["/reports?q=jyj"],
            "报告详情 /reports/{id} (5 reports)": [f"/reports/{i}" for i in some],
            "报告详情 JSON /api/reports/{id}": [f"/api/reports/{i}" for i in some],
            "统计与对标 /stats": ["/stats"],
            f"统计与对标 /stats?year={years[0]}": [f"/stats?year={years[0]}"],
            "同比异常变化 /stats/jumps (pages 1, 50)": ["/stats/jumps", "/stats/jumps?page=50"],
            "首页 /": ["/"],
            "统计与对标 chart /api/stats/metric/{key}": [f"/api/stats/metric/{k}" for k in
                                                       ("applications_new", "granted_rate")],
            "单位 /agencies/{id}": [f"/agencies/{i}" for i in agencies],
            "单位 chart /api/agencies/{id}/benchmark": [f"/api/agencies/{i}/benchmark" for i in agencies],
        }
        print(f"store: {n} reports; best and median of {args.repeat} runs per page (in process), goal < {GOAL_MS:.0f} ms;"
              f" load average {_load()}")
        print(f"{'':<40} {'wall best':>10} {'wall median':>12} {'CPU median':>11}")
        worst = 0.0
        with TestClient(app) as client:
            for label, urls in pages.items():
                times, cpu = [], []
                for _ in range(args.repeat):
                    for url in urls:
                        start, start_cpu = time.perf_counter(), time.process_time()
                        r = client.get(url)
                        times.append((time.perf_counter() - start) * 1000)
                        cpu.append((time.process_time() - start_cpu) * 1000)  # the app runs in this process
                        if r.status_code != 200:
                            print(f"  {url}: HTTP {r.status_code} {r.text[:200]}")
                best, median = min(times), statistics.median(times)
                worst = max(worst, median)
                mark = "" if median < GOAL_MS else "  ← over the goal"
                print(f"{label:<40} {best:7.1f} ms {median:9.1f} ms {statistics.median(cpu):8.1f} ms{mark}")
        print(f"slowest median: {worst:.1f} ms ({'within' if worst < GOAL_MS else 'over'} the {GOAL_MS:.0f} ms goal);"
              f" load average {_load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
