"""PDF reader benchmark: reports/s (text layer), ratio to bare pypdfium2 extraction, OCR s/page, peak memory.

Usage: .venv/bin/python bench/bench_pdf.py [--ocr] [--repeat N] [PDF ...]
Prints figures only; nothing is asserted.
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
    fn(data)  # warm up (imports, caches)
    t = time.perf_counter()
    for _ in range(repeat):
        fn(data)
    return (time.perf_counter() - t) / repeat


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--plumber", action="store_true", help="also time pdfplumber words + lines")
    ap.add_argument("--ocr", action="store_true", help="also time OCR on the scanned corpus PDFs")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from xxgk.readers import pdf

    files = args.files or [
        str(CORPUS / "dev" / "001_huaian-hongze-2023.pdf"),
        *sorted(glob.glob(str(CORPUS / "real" / "*.pdf"))),
    ]
    total_ours = total_bare = 0.0
    print(f"{'file':48} {'pages':>5} {'ours ms':>8} {'bare ms':>8} {'ratio':>6} {'plumber ms':>10}")
    for f in files:
        data = Path(f).read_bytes()
        ours = timed(lambda d: pdf.read(d, "bench.pdf"), data, args.repeat)
        base = timed(bare, data, args.repeat)
        plumb = timed(plumber, data, 1) if args.plumber else float("nan")
        pages = pdf.analyze(data, f).document.meta["pages_read"]
        total_ours += ours
        total_bare += base
        print(
            f"{Path(f).name:48} {pages:5d} {ours * 1000:8.1f} {base * 1000:8.1f} {ours / base:6.2f} {plumb * 1000:10.1f}"
        )
    print(
        f"text layer: {len(files) / total_ours:.1f} reports/s per core; ratio to bare pypdfium2 {total_ours / total_bare:.2f}"
    )
    tracemalloc.start()
    for f in files:
        pdf.read(Path(f).read_bytes(), f)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"peak Python heap (tracemalloc) {peak / 1e6:.1f} MB; max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB"
    )
    if args.ocr:
        for f in sorted(glob.glob(str(CORPUS / "scans" / "*.pdf"))):
            data = Path(f).read_bytes()
            t = time.perf_counter()
            doc = pdf.read(data, f)
            dt = time.perf_counter() - t
            n = len(doc.meta["ocr_pages"])
            print(f"OCR {Path(f).name:40} {n} pages {dt:6.1f} s = {dt / max(n, 1):.2f} s/page")
        print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")


if __name__ == "__main__":
    main()
