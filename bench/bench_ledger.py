"""Ledger benchmark: deadlines, due list, year-end tables, CSV import and a SQLite round trip for N cases.
Prints figures (CPU seconds, best of --rounds); asserts nothing.

    python bench/bench_ledger.py --count 10000
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from xxgk.ledger import Appeal, Case, Channel, due, status, year_report
from xxgk.ledger.importer import read_cases, write_csv
from xxgk.ledger.model import appeal_kinds, appeal_results, applicant_kinds, result_rows


def generate(n: int, seed: int = 0) -> list[Case]:
    """N plausible cases received over 2024–2025 with every kind of step and result."""
    rng = random.Random(seed)
    kinds, results = list(applicant_kinds()), [r.key for r in result_rows()]
    out = []
    for i in range(n):
        received = date(2024, 1, 1) + timedelta(days=rng.randrange(730))
        c = Case(f"{i:06d}", received, rng.choice(kinds), rng.choice(list(Channel)), extended=rng.random() < 0.1)
        cursor = received
        if rng.random() < 0.2:
            c.correction_asked = cursor = cursor + timedelta(days=rng.randrange(10))
            c.correction_received = cursor = cursor + timedelta(days=rng.randrange(20))
        if rng.random() < 0.1:
            c.consult_start = cursor = cursor + timedelta(days=rng.randrange(10))
            c.consult_end = cursor = cursor + timedelta(days=rng.randrange(25))
        if received < date(2025, 11, 1) or rng.random() < 0.3:
            c.answered = cursor + timedelta(days=rng.randrange(40))
            c.result = rng.choice(results)
            if rng.random() < 0.03:
                c.appeals = [Appeal(rng.choice(list(appeal_kinds())), c.answered + timedelta(days=30),
                                    rng.choice(list(appeal_results())))]
        out.append(c)
    return out


def best(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    cases = generate(args.count)
    on = date(2025, 12, 31)
    n = len(cases)

    def line(name: str, seconds: float) -> None:
        rate = n / seconds if seconds else float("inf")
        print(f"{name:<28} {seconds * 1000:9.1f} ms   {rate:12,.0f} cases/s")

    print(f"ledger: {n} cases, best of {args.rounds} (CPU time)")
    line("status (deadlines) of all", best(lambda: [status(c, on) for c in cases], args.rounds))
    line("due list", best(lambda: due(cases, on), args.rounds))
    line("year-end tables 2024+2025", best(lambda: (year_report(cases, 2024), year_report(cases, 2025)), args.rounds))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.csv"
        buf = io.StringIO()
        write_csv(cases, buf)
        path.write_text(buf.getvalue(), encoding="utf-8")
        line("CSV import", best(lambda: read_cases(path), args.rounds))
        from xxgk.ledger.store import Ledger
        from xxgk.store import Store

        with Store(str(Path(tmp) / "store.db"), data_dir=tmp) as store:
            ledger = Ledger(store, "基准测试局")
            line("SQLite save (insert/update)", best(lambda: ledger.save(cases), 1))
            line("SQLite load", best(ledger.cases, args.rounds))


if __name__ == "__main__":
    main()
