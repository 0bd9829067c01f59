"""``xxgk stats`` over a store of N generated reports: seconds per call (printed, never asserted).

    python bench/bench_stats.py --count 10000 [--db URL]      # builds the store, then times stats
    python bench/bench_stats.py --dir /tmp/statsbench          # the same store again (built on first use)

Agencies are named after real divisions (GB/T 2260) with departments and governments, 4 years each, so that
region grouping, peers and year-on-year jumps have something to work on. The records are written straight
into the store (the path ingest takes after parsing): this measures statistics, not ingest.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DEPARTMENTS = ("人民政府", "教育局", "应急管理局", "交通运输局", "自然资源局", "市场监督管理局")


def build(db: str, count: int, data_dir: Path) -> None:
    from xxgk.agency import COUNTY, divisions
    from xxgk.store import Store
    from xxgk.store.versions import agency_for, insert_version, report_for
    from xxgk.synth import SynthOptions, generate

    rng = random.Random(7)
    counties = sorted(c for c, d in divisions().by_code.items() if d.level == COUNTY)
    years = (2021, 2022, 2023, 2024)
    names = [f"{divisions().get(c).name}{dept}" for c in rng.sample(counties, count // (4 * len(DEPARTMENTS)) + 1)
             for dept in DEPARTMENTS]
    with Store(db, data_dir=data_dir) as store:
        start = time.perf_counter()
        done = 0
        batch = 250
        jobs = [(name, year) for name in names for year in years][:count]
        for i in range(0, len(jobs), batch):
            with store.write() as session:
                for name, year in jobs[i:i + batch]:
                    record = generate(rng.randrange(2**32), SynthOptions(agency=name, year=year, sections=False,
                                                                         blank_rate=rng.choice((0.0, 0.0, 0.3))))
                    agency = agency_for(session, name)
                    report, _ = report_for(session, agency.id, year, None)
                    version = insert_version(session, report.id, record)
                    report.active_version_id = version.id
            done += len(jobs[i:i + batch])
        print(f"built {done} reports in {time.perf_counter() - start:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--db", help="database URL (default: a SQLite file under a temporary folder)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", help="keep the SQLite store in this folder and reuse it next time")
    args = parser.parse_args()
    from xxgk.store import Store
    from xxgk.store.stats import stats

    tmp = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="xxgk-bench-stats-"))
    tmp.mkdir(parents=True, exist_ok=True)
    db = args.db or f"sqlite:///{tmp / 'stats.sqlite3'}"
    if args.db or not (tmp / "stats.sqlite3").exists():
        build(db, args.count, tmp / "data")
    with Store(db, data_dir=tmp / "data") as store:
        print(f"store: {store.counts()['reports']} reports")
    with Store(db, data_dir=tmp / "data") as store:
        calls = {
            "stats (all metrics)": {},
            "stats --metric granted_rate": {"metrics": ["granted_rate"]},
            "stats --by region": {"by": "region"},
            "stats --region 福建省 --by kind": {"region": "福建省", "by": "kind"},
        }
        for label, kw in calls.items():
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                stats(store, **kw)  # type: ignore[arg-type]
                times.append(time.perf_counter() - start)
            print(f"{label:<36} best {min(times):.3f} s  (of {args.repeat})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
