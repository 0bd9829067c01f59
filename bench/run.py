"""Benchmarks: reports per second on one core and peak memory, per format. Prints figures; asserts nothing.

    make bench            # everything
    python bench/run.py text --count 1000

Text: a generated corpus of N reports (xxgk.synth) written in every flattening (xxgk.render.flatten), parsed
from bytes in this process. HTML/DOCX/PDF: the corpus files and rendered generated reports.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"


def _rate(name: str, items: list[tuple[bytes, str]], parse: Callable[[bytes, str], object]) -> None:
    if not items:
        print(f"{name:<28} (no input)")
        return
    gc.collect()
    tracemalloc.start()
    parse(*items[0])  # warm up (imports, caches) outside the timing
    _, peak_one = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    start = time.process_time()
    for data, path in items:
        parse(data, path)
    spent = time.process_time() - start
    print(f"{name:<28} {len(items):>5} reports  {len(items) / spent:8.1f} reports/s  "
          f"{1000 * spent / len(items):7.2f} ms/report  peak {peak_one / 1e6:6.1f} MB (one report, traced)")


def bench_text(count: int) -> None:
    from xxgk.parse import parse_bytes
    from xxgk.render.flatten import STYLES, flatten
    from xxgk.synth import SynthOptions, generate

    reports = [generate(seed, SynthOptions(template="2019" if seed % 5 == 0 else "2021",
                                           blank_rate=0.0 if seed % 3 else 0.3)) for seed in range(count)]
    total: list[tuple[bytes, str]] = []
    for style in STYLES:
        items = [(flatten(r, style).encode("utf-8"), f"g{i}.{'md' if style == 'markdown' else 'txt'}")
                 for i, r in enumerate(reports)]
        total.extend(items)
        _rate(f"text/{style}", items, parse_bytes)
    _rate("text/all flattenings", total[:: max(1, len(total) // count)], parse_bytes)
    corpus = [(p.read_bytes(), str(p)) for d in ("seeds", "dev") for p in sorted((SHARED / d).glob("*"))
              if p.suffix in (".txt", ".md")]
    _rate("text/shared corpus", corpus * 20, parse_bytes)


def bench_structured(count: int) -> None:
    from xxgk.parse import parse_bytes
    from xxgk.render import render
    from xxgk.synth import generate

    html = [(p.read_bytes(), str(p)) for p in sorted((SHARED / "real").glob("*.html"))]
    _rate("html/shared corpus", html * 10, parse_bytes)
    docx = [(p.read_bytes(), str(p)) for p in sorted((SHARED / "real").glob("*.docx"))]
    _rate("docx/shared corpus", docx * 10, parse_bytes)
    n = max(1, count // 10)
    reports = [generate(seed) for seed in range(n)]
    _rate("html/generated", [(render(r, "html"), f"g{i}.html") for i, r in enumerate(reports)], parse_bytes)
    _rate("docx/generated", [(render(r, "docx"), f"g{i}.docx") for i, r in enumerate(reports)], parse_bytes)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", nargs="*", default=["text", "structured", "pdf"], help="text, structured, pdf")
    ap.add_argument("--count", type=int, default=1000, help="generated reports per flattening")
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, one process, CPU time (process_time)")
    if "text" in args.what:
        bench_text(args.count)
    if "structured" in args.what:
        bench_structured(args.count)
    if "pdf" in args.what and (ROOT / "bench" / "bench_pdf.py").exists():
        sys.path.insert(0, str(ROOT / "bench"))
        import bench_pdf

        sys.argv = [sys.argv[0]]  # bench_pdf reads its own command line
        bench_pdf.main()
    print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
