"""Profile the ingest writer alone: sources are parsed and checked first, outside the profile, and handed over
as a worker hands them (rows built, pickled and unpickled); then only the writing is measured.

    python bench/profile_writer.py --count 500 [--group 20] [--db URL] [--html out.html]

Prints the writer's rate (wall and CPU per report) and a pyinstrument profile of the writing.
``--group``: outcomes per transaction (ingest groups what is ready when the writer gets to it; 1 = one
transaction per report, the worst case).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    from bench_ingest import make_inputs
    from pyinstrument import Profiler

    from xxgk.store import Store
    from xxgk.store.attach import WriterCache
    from xxgk.store.blobs import sha256
    from xxgk.store.ingest import analyse_task, write_group

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--group", type=int, default=1)
    ap.add_argument("--db", default=None, help="database URL (default: a SQLite file in a temporary folder)")
    ap.add_argument("--html", default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="xxgk-prof-") as tmp:
        make_inputs(Path(tmp) / "in", args.count)
        outcomes = []
        for p in sorted((Path(tmp) / "in").iterdir()):
            data = p.read_bytes()
            outcomes.append(pickle.loads(pickle.dumps(analyse_task((str(p), data, sha256(data))))))
        with Store(args.db or f"sqlite:///{tmp}/p.sqlite3", data_dir=Path(tmp)) as store:
            batch = store.start_batch()
            cache = WriterCache()
            saved = []
            profiler = Profiler(interval=0.0005)
            start, cpu = time.perf_counter(), time.process_time()
            profiler.start()
            for i in range(0, len(outcomes), args.group):
                write_group(store, list(outcomes[i:i + args.group]), batch, saved.append, cache)
            profiler.stop()
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"writer: {args.count} reports in {seconds:.2f} s = {args.count / seconds:.0f} /s "
              f"({1000 * seconds / args.count:.2f} ms each, CPU {1000 * cpu / args.count:.2f} ms; profiled)")
        if args.html:
            Path(args.html).write_text(profiler.output_html(), encoding="utf-8")
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
