"""Scans as offices make them, for tests and benchmarks: seeded degradation of page images and image PDFs.

A page (from a scanned PDF, or a generated report rendered by :mod:`xxgk.render`) is rasterised with pypdfium2,
then skewed, lit unevenly, blurred, speckled with noise and tilted in perspective as a copier or a phone
camera would, and written back as an image-only PDF with JPEG compression — or mixed with text-layer pages
(a scanned table inserted into a typed report). Every random choice comes from the seed.

    from xxgk.degrade import OFFICE, degrade_pdf
    bad = degrade_pdf(pdf_bytes, seed=3, profile=OFFICE)
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Degradation:
    """What happens to one page image. Angles in degrees, grey levels 0–255, sizes in pixels."""

    skew: float = 0.0  # rotation, anticlockwise positive
    light: float = 0.0  # brightness lost at the darkest corner (0–1): a copier lid not closed, a lamp aside
    noise: float = 0.0  # sigma of Gaussian noise
    blur: float = 0.0  # sigma of a Gaussian blur
    tilt: float = 0.0  # perspective: the camera leans by this angle over the page (phone photo)
    speckle: float = 0.0  # fraction of pixels turned to dust (dark specks)
    jpeg: int = 95  # JPEG quality when written to a PDF
    dpi: int = 150
    line_fade: float = 0.0  # ruling lines lose this share of their darkness (1: gone): a copier's faint toner
    line_drop: float = 0.0  # share of the line pieces between two crossings erased outright (partly erased)


Profile = Callable[[random.Random], Degradation]


def office(rng: random.Random, dpi: int = 150) -> Degradation:
    """A copier-scanner: skew 0.4–1.6° either way, uneven light, noise σ≈9, slight blur, JPEG 45."""
    return Degradation(
        skew=rng.choice((-1, 1)) * rng.uniform(0.4, 1.6),
        light=rng.uniform(0.1, 0.3),
        noise=rng.uniform(7, 10),
        blur=rng.uniform(0.4, 0.7),
        speckle=rng.uniform(0, 0.0005),
        jpeg=45,
        dpi=dpi,
    )


def rough(rng: random.Random, dpi: int = 150) -> Degradation:
    """The issue's whole range: skew ±2°, JPEG 30–60, a little more blur and light."""
    return Degradation(
        skew=rng.uniform(-2.0, 2.0),
        light=rng.uniform(0.0, 0.4),
        noise=rng.uniform(0, 12),
        blur=rng.uniform(0, 0.9),
        speckle=rng.uniform(0, 0.001),
        jpeg=rng.randint(30, 60),
        dpi=dpi,
    )


def phone(rng: random.Random, dpi: int = 150) -> Degradation:
    """A phone photo of a page lying on a desk: tilted a few degrees, uneven light, skew, JPEG 60."""
    return replace(rough(rng, dpi), tilt=rng.uniform(2.0, 5.0) * rng.choice((-1, 1)), jpeg=60)


OFFICE: Profile = office
ROUGH: Profile = rough
PHONE: Profile = phone


def rasterise(data: bytes, dpi: int = 150) -> list[Any]:
    """Every page of a PDF as a grey numpy array at ``dpi``."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            img = page.render(scale=dpi / 72, grayscale=True).to_numpy()
            page.close()
            out.append(img[:, :, 0].copy() if img.ndim == 3 else img)
        return out
    finally:
        pdf.close()


def fade_lines(img: Any, fade: float, drop: float, rng: random.Random) -> Any:
    """``img`` (float32, a clean page) with its ruling lines faded by ``fade`` and a share ``drop`` of their
    pieces (a line between two crossings) erased: lines too faint or missing for line finding, text intact."""
    import cv2
    import numpy as np

    ink = (img < 160).astype(np.uint8)
    k = max(30, img.shape[1] // 25)  # longer than any glyph stroke
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    grow = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))
    lines = cv2.dilate(cv2.bitwise_or(horiz, vert), grow) > 0  # with the anti-aliased fringe
    out = img.copy()
    out[lines] = 255.0 - (255.0 - img[lines]) * (1.0 - fade)
    if drop:
        # pieces between crossings: each direction without the other's pixels, labelled (seeded choice per piece)
        for mask, other in ((horiz, vert), (vert, horiz)):
            pieces = (cv2.dilate(mask, grow) > 0) & ~(cv2.dilate(other, grow) > 0)
            n, labels = cv2.connectedComponents(pieces.astype(np.uint8), connectivity=8)
            gone = [i for i in range(1, n) if rng.random() < drop]
            if gone:
                out[np.isin(labels, gone)] = 255.0
    return out


def degrade_image(gray: Any, d: Degradation, rng: random.Random) -> Any:
    """One page image degraded as ``d`` says (JPEG is applied when the image is written, see image_pdf)."""
    import cv2
    import numpy as np

    img = gray.astype(np.float32)
    h, w = img.shape
    if d.line_fade or d.line_drop:
        img = fade_lines(img, d.line_fade, d.line_drop, rng)
    if d.tilt:
        # the far edge of the page looks shorter: move its corners inward (plus a little jitter per corner)
        t = np.tan(np.radians(abs(d.tilt))) * 0.5 * w * 0.35
        j = [rng.uniform(-0.004, 0.004) * w for _ in range(8)]
        src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
        far = [[t + j[0], j[1]], [w - t + j[2], j[3]], [w + j[4], h + j[5]], [j[6], h + j[7]]]
        if d.tilt < 0:  # the near edge at the top
            far = [[j[0], j[1]], [w + j[2], j[3]], [w - t + j[4], h + j[5]], [t + j[6], h + j[7]]]
        m = cv2.getPerspectiveTransform(src, np.array(far, np.float32))
        img = cv2.warpPerspective(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255.0)
    if d.skew:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), d.skew, 1.0)
        img = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255.0)
    if d.blur:
        img = cv2.GaussianBlur(img, (0, 0), d.blur)
    if d.light:
        # a smooth field: brightest at a random point, falling off linearly to (1 - light) at the far corner
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2)
        field = 1.0 - d.light * dist / float(dist.max())
        img = img * field
    nrng = np.random.default_rng(rng.getrandbits(32))
    if d.noise:
        img = img + nrng.normal(0.0, d.noise, img.shape).astype(np.float32)
    if d.speckle:
        mask = nrng.random(img.shape) < d.speckle
        img[mask] = nrng.uniform(0, 120, int(mask.sum()))
    return np.clip(img, 0, 255).astype(np.uint8)


def image_pdf(images: list[Any], dpi: int = 150, jpeg: int = 45, garbage: str | None = None) -> bytes:
    """An image-only PDF, one page per grey image, at ``dpi``, each a JPEG of quality ``jpeg``.

    ``garbage``: also lay this text invisibly over each page, as a scanner's failed OCR layer would."""
    from PIL import Image

    pages = [Image.fromarray(img, mode="L") for img in images]
    buf = io.BytesIO()
    if garbage is None:
        pages[0].save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:], quality=jpeg)
        return buf.getvalue()
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(buf)
    for page in pages:
        w, h = page.width * 72 / dpi, page.height * 72 / dpi
        c.setPageSize((w, h))
        jpg = io.BytesIO()
        page.save(jpg, "JPEG", quality=jpeg)
        jpg.seek(0)
        c.drawImage(ImageReader(jpg), 0, 0, w, h)
        text = c.beginText(40, h - 60)
        text.setTextRenderMode(3)  # invisible, like an OCR layer
        text.setFont("Helvetica", 10)
        for line in garbage.splitlines():
            text.textLine(line)
        c.drawText(text)
        c.showPage()
    c.save()
    return buf.getvalue()


def degrade_pages(data: bytes, seed: int, profile: Profile = office, dpi: int = 150) -> tuple[list[Any], list[Degradation]]:
    """Rasterise ``data`` at ``dpi`` and degrade every page by ``profile`` (seeded); images and the draws."""
    rng = random.Random(seed)
    images, draws = [], []
    for img in rasterise(data, dpi):
        d = replace(profile(rng), dpi=dpi)
        images.append(degrade_image(img, d, rng))
        draws.append(d)
    return images, draws


def degrade_pdf(data: bytes, seed: int, profile: Profile = office, dpi: int = 150) -> bytes:
    """The PDF ``data`` as a degraded image-only scan (every page through ``profile``)."""
    images, draws = degrade_pages(data, seed, profile, dpi)
    return image_pdf(images, dpi, draws[0].jpeg if draws else 45)


def mixed_pdf(data: bytes, scanned: set[int], seed: int, profile: Profile = office, dpi: int = 150) -> bytes:
    """``data`` with the pages in ``scanned`` (0-based) replaced by degraded images, the others kept as text."""
    import pypdfium2 as pdfium

    images, draws = degrade_pages(data, seed, profile, dpi)
    src = pdfium.PdfDocument(data)
    scans = pdfium.PdfDocument(image_pdf([images[i] for i in sorted(scanned)], dpi, draws[0].jpeg))
    out = pdfium.PdfDocument.new()
    try:
        order = {i: k for k, i in enumerate(sorted(scanned))}
        for i in range(len(src)):
            if i in order:
                out.import_pages(scans, [order[i]])
            else:
                out.import_pages(src, [i])
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        out.close()
        scans.close()
        src.close()
