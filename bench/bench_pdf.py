"""PDF reader benchmark: reports/s (text layer), ratio to bare pypdfium2 extraction, OCR s/page, peak memory.

Usage: .venv/bin/python bench/bench_pdf.py [--ocr] [--repeat N] [PDF ...]
Prints figures only; nothing is asserted. Text-layer times are CPU time (process_time), best of N passes,
for the reader alone (``read``: the Document the matcher gets) and for the whole parse (reader + matcher);
"bare" is pypdfium2 alone on the same file: every page loaded, its text, every character with its box.
OCR times are wall time (the OCR engine uses every core) and CPU time.
"""

from __future__ import annotations

import argparse
import glob
import io
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

CORPUS = Path(os.environ.get("XXGK_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))


def bare(data: bytes) -> int:
    """What pypdfium2 alone costs: text of every page plus every character's box."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    n = 0
    for page in pdf:
        tp = page.get_textpage()
        tp.get_text_bounded()
        for i in range(tp.count_chars()):
            tp.get_charbox(i)
            n += 1
        tp.close()
        page.close()
    pdf.close()
    return n


def plumber(data: bytes) -> int:
    """pdfplumber for comparison: words and ruling lines of every page (what its table finder starts from)."""
    import pdfplumber

    n = 0
    with pdfplumber.open(io.BytesIO(data)) as doc:
        for page in doc.pages:
            n += len(page.extract_words()) + len(page.lines) + len(page.rects)
    return n


def timed(fn: Callable[[bytes], object], data: bytes, repeat: int) -> float:
    """CPU seconds of the fastest of ``repeat`` calls (after a warm-up call: imports, caches)."""
    fn(data)
    best = float("inf")
    for _ in range(max(1, repeat)):
        t = time.process_time()
        fn(data)
        best = min(best, time.process_time() - t)
    return best


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--plumber", action="store_true", help="also time pdfplumber words + lines")
    ap.add_argument("--ocr", action="store_true", help="also time OCR on the scanned corpus PDFs")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from xxgk.parse import parse_bytes
    from xxgk.readers import pdf

    files = args.files or [
        str(CORPUS / "dev" / "001_huaian-hongze-2023.pdf"),
        *sorted(glob.glob(str(CORPUS / "real" / "*.pdf"))),
    ]
    total_read = total_parse = total_bare = 0.0
    print(f"{'pdf (text layer)':34} {'pages':>5} {'bare ms':>8} {'read ms':>8} {'ratio':>6} {'parse ms':>9} {'ratio':>6}"
          + (f" {'plumber ms':>10}" if args.plumber else ""))
    for f in files:
        data = Path(f).read_bytes()
        base = timed(bare, data, args.repeat)
        ours = timed(lambda d: pdf.read(d, "bench.pdf"), data, args.repeat)
        whole = timed(lambda d: parse_bytes(d, "bench.pdf"), data, args.repeat)
        pages = pdf.analyze(data, f).document.meta["pages_read"]
        total_read += ours
        total_parse += whole
        total_bare += base
        line = (f"{Path(f).name[:34]:34} {pages:5d} {base * 1000:8.1f} {ours * 1000:8.1f} {ours / base:6.2f}"
                f" {whole * 1000:9.1f} {whole / base:6.2f}")
        if args.plumber:
            line += f" {timed(plumber, data, 1) * 1000:10.1f}"
        print(line)
    print(f"pdf text layer: read {len(files) / total_read:.1f} reports/s = {total_read / total_bare:.2f}x bare "
          f"pypdfium2; whole parse {len(files) / total_parse:.1f} reports/s = {total_parse / total_bare:.2f}x bare")
    tracemalloc.start()
    for f in files:
        pdf.read(Path(f).read_bytes(), f)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"pdf peak Python heap (tracemalloc) {peak / 1e6:.1f} MB; "
          f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")
    if args.ocr:
        for f in sorted(glob.glob(str(CORPUS / "scans" / "*.pdf"))):
            data = Path(f).read_bytes()
            t, c = time.perf_counter(), time.process_time()
            doc = pdf.read(data, f)
            dt, dc = time.perf_counter() - t, time.process_time() - c
            n = len(doc.meta["ocr_pages"])
            print(f"OCR {Path(f).name:30} {n} pages {dt:6.1f} s wall = {dt / max(n, 1):.2f} s/page "
                  f"({dc:.1f} s CPU, {os.cpu_count()} cores)")
        print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")


if __name__ == "__main__":
    main()
