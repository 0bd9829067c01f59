"""``xxgk brief`` over a store of N generated reports: seconds for the area briefing (facts and each format),
printed, never asserted (goal: the area briefing of 10,000 reports in under 30 s).

    python bench/bench_brief.py --count 10000             # builds the store once, then times
    python bench/bench_brief.py --dir /tmp/briefbench      # keep the store and reuse it next time

The store is filled like the briefing tests' (tests/briefing/briefing_store.py): agencies of three cities over
two years, checked as ingest checks them, with late, broken, blank and reviewed reports. The PDF is timed
apart: LibreOffice's start-up and layout are not the briefing's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "briefing"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--dir", help="keep the SQLite store in this folder and reuse it next time")
    parser.add_argument("--pdf", action="store_true", help="also time the PDF (LibreOffice when installed)")
    args = parser.parse_args()
    from briefing_store import fill

    from xxgk.briefing import area_briefing, render
    from xxgk.store import Store

    tmp = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="xxgk-bench-brief-"))
    tmp.mkdir(parents=True, exist_ok=True)
    db = f"sqlite:///{tmp / 'brief.sqlite3'}"
    if not (tmp / "brief.sqlite3").exists():
        start = time.perf_counter()
        with Store(db, data_dir=tmp / "data") as store:
            counts = fill(store, args.count, folder=tmp)
        print(f"built {counts['reports']} reports in {time.perf_counter() - start:.1f} s")
    with Store(db, data_dir=tmp / "data") as store:
        print(f"store: {store.counts()['reports']} reports")
        start = time.perf_counter()
        briefing = area_briefing(store)
        facts = time.perf_counter() - start
        print(f"{'area briefing (facts, text, charts)':<40} {facts:6.2f} s  ({len(briefing.numbers())} numbers)")
        total = facts
        for fmt in ("docx", "html", "xlsx") + (("pdf",) if args.pdf else ()):
            t = time.perf_counter()
            data = render(briefing, fmt)
            seconds = time.perf_counter() - t
            if fmt != "pdf":
                total += seconds
            print(f"{'  write ' + fmt:<40} {seconds:6.2f} s  ({len(data) // 1024} KiB)")
        print(f"{'area briefing, DOCX + HTML + XLSX':<40} {total:6.2f} s  (goal < 30 s)")
        start = time.perf_counter()
        area_briefing(store, region="福建省", charts=False)
        print(f"{'area briefing --region 福建省 (no charts)':<40} {time.perf_counter() - start:6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
