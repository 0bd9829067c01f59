"""Benchmarks: reports per second on one core and peak memory, per format. Prints figures; asserts nothing.

    make bench                      # everything but OCR
    python bench/run.py text --count 1000
    python bench/run.py scans       # OCR of the scanned corpus PDFs (slow; wall time on all cores)

Text: a generated corpus of N reports (xxgk.synth) written in every flattening (xxgk.render.flatten), parsed
from bytes in this process. HTML/DOCX/PDF: the corpus files and rendered generated reports.

Every line shows, beside our rate, what the bare library alone costs on the same inputs, so the overhead
is visible: text — decode + splitlines; HTML — lxml parse + all text; DOCX — unzip + lxml parse of the
body + all text; PDF — pypdfium2 page load + every character with its box (bench/bench_pdf.py). Times are
CPU time (``time.process_time``) of the best of ``--rounds`` passes: the machine is shared, and the best pass
is the one least disturbed by other processes.
"""

from __future__ import annotations

import argparse
import gc
import io
import resource
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT / "bench"))

Items = list[tuple[bytes, str]]
Fn = Callable[[bytes, str], object]
ROUNDS = 3


def best_time(fn: Fn, items: Items, rounds: int) -> float:
    """CPU seconds of the fastest of ``rounds`` passes over ``items`` (after one warm-up call)."""
    fn(*items[0])  # imports, caches
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for data, path in items:
            fn(data, path)
        best = min(best, time.process_time() - start)
    return best


def _rate(name: str, items: Items, parse: Fn, bare: Fn | None = None) -> None:
    if not items:
        print(f"{name:<26} (no input)")
        return
    gc.collect()
    tracemalloc.start()
    parse(*items[0])
    _, peak_one = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    spent = best_time(parse, items, ROUNDS)
    line = (f"{name:<26} {len(items):>5} reports {len(items) / spent:8.1f}/s {1000 * spent / len(items):7.2f} ms"
            f"  peak {peak_one / 1e6:5.1f} MB")
    if bare is not None:
        base = best_time(bare, items, ROUNDS)
        line += f" | bare {1000 * base / len(items):6.2f} ms  ours/bare {spent / base:5.1f}x"
    print(line)


# --- the bare libraries --------------------------------------------------------------------------------------


def bare_text(data: bytes, path: str) -> object:
    return data.decode("utf-8").splitlines()


def bare_html(data: bytes, path: str) -> object:
    from lxml import etree

    root = etree.fromstring(data, etree.HTMLParser())
    return "".join(root.itertext())


def bare_docx(data: bytes, path: str) -> object:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return "".join(root.itertext())


# --- formats ----------------------------------------------------------------------------------------------------


def bench_text(count: int) -> None:
    from xxgk.parse import parse_bytes
    from xxgk.render.flatten import STYLES, flatten
    from xxgk.synth import SynthOptions, generate

    reports = [generate(seed, SynthOptions(template="2019" if seed % 5 == 0 else "2021",
                                           blank_rate=0.0 if seed % 3 else 0.3)) for seed in range(count)]
    total: Items = []
    for style in STYLES:
        items = [(flatten(r, style).encode("utf-8"), f"g{i}.{'md' if style == 'markdown' else 'txt'}")
                 for i, r in enumerate(reports)]
        total.extend(items)
        _rate(f"text/{style}", items, parse_bytes, bare_text)
    _rate("text/all flattenings", total[:: max(1, len(total) // count)], parse_bytes, bare_text)
    corpus = [(p.read_bytes(), str(p)) for d in ("seeds", "dev") for p in sorted((SHARED / d).glob("*"))
              if p.suffix in (".txt", ".md")]
    _rate("text/shared corpus", corpus * 20, parse_bytes, bare_text)


def bench_structured(count: int) -> None:
    from xxgk.parse import parse_bytes
    from xxgk.readers import read_document
    from xxgk.render import render
    from xxgk.synth import generate

    html = [(p.read_bytes(), str(p)) for p in sorted((SHARED / "real").glob("*.html"))]
    _rate("html/shared corpus", html * 10, parse_bytes, bare_html)
    _rate("html/shared corpus: read", html * 10, read_document, bare_html)
    docx = [(p.read_bytes(), str(p)) for p in sorted((SHARED / "real").glob("*.docx"))]
    _rate("docx/shared corpus", docx * 10, parse_bytes, bare_docx)
    n = max(1, count // 10)
    reports = [generate(seed) for seed in range(n)]
    _rate("html/generated", [(render(r, "html"), f"g{i}.html") for i, r in enumerate(reports)], parse_bytes,
          bare_html)
    _rate("docx/generated", [(render(r, "docx"), f"g{i}.docx") for i, r in enumerate(reports)], parse_bytes,
          bare_docx)


def main() -> None:
    global ROUNDS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", nargs="*", default=["text", "structured", "pdf"], help="text, structured, pdf, scans")
    ap.add_argument("--count", type=int, default=1000, help="generated reports per flattening")
    ap.add_argument("--rounds", type=int, default=ROUNDS, help="passes per figure; the fastest is shown")
    args = ap.parse_args()
    ROUNDS = max(1, args.rounds)
    print(f"python {sys.version.split()[0]}, one process, CPU time (process_time), best of {ROUNDS} passes")
    if "text" in args.what:
        bench_text(args.count)
    if "structured" in args.what:
        bench_structured(args.count)
    if "pdf" in args.what or "scans" in args.what:
        import bench_pdf

        bench_pdf.main(["--repeat", str(ROUNDS), *(["--ocr"] if "scans" in args.what else [])])
    print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
