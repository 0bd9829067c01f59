"""Scan benchmark: a 5-page office scan (xxgk.degrade) at 150 and 300 dpi, read by xxgk (preparation + OCR +
layout + matching) and, on the same page images, by bare rapidocr (detection + recognition of every line).

Usage: .venv/bin/python bench/bench_scans.py [--pages 5] [--repeat 1] [--profile] [PDF]
Default input: the first pages of the corpus scan 001_pingtan_2023.pdf. Prints wall and CPU seconds (CPU of
the process, all threads); the machine may be shared, so wall time is noisy — compare CPU, and the two
columns with each other. Nothing is asserted. ``--profile``: the 150 dpi parse once more under pyinstrument
(dev extra), OCR of its pages in one thread, the call tree printed (where the time goes, bench/PROFILE.md).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("XXGK_CORPUS", ROOT.parent / "shared" / "corpus"))
sys.path.insert(0, str(ROOT / "src"))


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(t: tuple[float, float]) -> tuple[float, float]:
    return time.perf_counter() - t[0], time.process_time() - t[1]


def bare_rapidocr(images: list[object]) -> int:
    """rapidocr's own pipeline on every page image, two pages at a time (as xxgk runs)."""
    from concurrent.futures import ThreadPoolExecutor

    import cv2

    from xxgk.readers.ocr import engine

    eng = engine()

    def one(img: object) -> int:
        res, _ = eng(cv2.cvtColor(img, cv2.COLOR_GRAY2BGR))  # type: ignore[call-overload]
        return len(res or [])

    with ThreadPoolExecutor(max_workers=2) as pool:
        return sum(pool.map(one, images))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf", nargs="?", default=str(CORPUS / "scans" / "001_pingtan_2023.pdf"))
    ap.add_argument("--pages", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--profile", action="store_true", help="profile the 150 dpi parse with pyinstrument")
    args = ap.parse_args()

    import pypdfium2 as pdfium

    from xxgk import degrade
    from xxgk.parse import parse_bytes
    from xxgk.readers.ocr import engine

    src = pdfium.PdfDocument(Path(args.pdf).read_bytes())
    first = pdfium.PdfDocument.new()
    first.import_pages(src, list(range(min(args.pages, len(src)))))
    import io

    buf = io.BytesIO()
    first.save(buf)
    engine()  # model loading (~0.3 s) outside the timing
    print(f"{Path(args.pdf).name}: first {min(args.pages, len(src))} pages, office degradation (seed 0), "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"{'':<10} {'xxgk wall':>10} {'xxgk CPU':>10} {'bare wall':>10} {'bare CPU':>10}")
    for dpi in (150, 300):
        scan = degrade.degrade_pdf(buf.getvalue(), 0, degrade.office, dpi)
        images = degrade.rasterise(scan, dpi)
        ours, bare = [], []
        for _ in range(args.repeat):
            t = _clock()
            parse_bytes(scan, "scan.pdf")
            ours.append(_since(t))
            t = _clock()
            bare_rapidocr(images)
            bare.append(_since(t))
        (w1, c1), (w2, c2) = min(ours), min(bare)
        print(f"{dpi} dpi    {w1:9.1f}s {c1:9.1f}s {w2:9.1f}s {c2:9.1f}s")
        if args.profile and dpi == 150:
            from pyinstrument import Profiler

            from xxgk.readers.ocr import ocr_page

            # the pages one after the other in this thread: pyinstrument sees the main thread only
            with Profiler(interval=0.005) as prof:
                for img in images:
                    ocr_page(img, img.shape[1] * 72 / dpi, img.shape[0] * 72 / dpi)  # type: ignore[attr-defined]
            print(prof.output_text(unicode=True, show_all=False, time="percent_of_total"))


if __name__ == "__main__":
    main()
