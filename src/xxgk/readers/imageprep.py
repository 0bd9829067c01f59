"""Image preparation for OCR: a scanned or photographed page made flat, level and evenly lit.

Office scans are skewed by a degree or two, lit unevenly, speckled and JPEG-compressed; phone photos are
also seen in perspective. Line finding with long thin kernels (``xxgk.readers.ocr``) needs level lines, and
the recogniser reads best on an even background, so before anything else a page is

1. flattened: the background (paper + lighting) is estimated with a large closing on a reduced copy and
   divided out, so that paper is white everywhere and ink keeps its contrast;
2. levelled: the skew is the angle that makes the horizontal projection profile of the ink sharpest (text
   baselines and ruling lines both line up), found coarse to fine on the ink pixels and rotated back;
3. squared: when the table's outer border is a quadrilateral that is not a rectangle (a photo), a
   four-point transform makes it one;
4. binarised adaptively for line finding only (the recogniser still sees the grey image).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_SKEW = 5.0  # degrees searched either way; a page tilted more is not a scan of a report lying flat
MIN_SKEW = 0.05  # below this a rotation only blurs
NOTE_SKEW = 1.0  # a levelling this large is worth telling the user (it explains a shifted debug image)
UNSQUARED = "seen in perspective (a photo?) and no table border found to square it from: readings less sure"


@dataclass
class Prepared:
    """A page image ready for line finding and recognition, and what was done to it."""

    gray: Any  # flattened, levelled grey image (uint8): the recogniser reads this
    ink: Any  # binary ink mask (uint8 0/255) of ``gray``: lines are found in this
    skew: float = 0.0  # degrees the page was rotated back (anticlockwise positive, as found)
    perspective: bool = False  # a four-point transform was applied
    flat: bool = True  # False: seen in perspective (table columns converge) with no table border to square it
    notes: list[str] = field(default_factory=list)


def flatten_background(gray: Any) -> Any:
    """Divide out the paper's brightness (uneven light, yellowed paper, grey scanner bed) → white paper."""
    import cv2
    import numpy as np

    h, w = gray.shape
    f = 0.25
    small = cv2.resize(gray, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    # a closing wider than any stroke removes the ink and leaves the paper; a blur smooths its blocks
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, k)
    bg = cv2.GaussianBlur(bg, (0, 0), 3)
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    out = gray.astype(np.float32) * (255.0 / np.maximum(bg, 1.0))
    return np.clip(out, 0, 255).astype(np.uint8)


def ink_mask(gray: Any) -> Any:
    """Dark pixels against their neighbourhood (0/255): adaptive, after a small blur that quiets the noise."""
    import cv2

    smooth = cv2.GaussianBlur(gray, (0, 0), 0.8)
    block = max(15, (min(gray.shape) // 60) | 1)
    return cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 25)


def estimate_skew(ink: Any, max_angle: float = MAX_SKEW) -> float:
    """The page's skew in degrees (anticlockwise positive): the angle with the sharpest row profile of ink."""
    import cv2
    import numpy as np

    h, w = ink.shape
    f = min(1.0, 800 / max(h, w))
    small = cv2.resize(ink, (int(w * f), int(h * f)), interpolation=cv2.INTER_AREA) if f < 1 else ink
    ys, xs = np.nonzero(small > 100)
    if len(xs) < 200:
        return 0.0
    if len(xs) > 150_000:  # a dense page: a sample keeps the profile and bounds the time
        pick = np.random.default_rng(0).choice(len(xs), 150_000, replace=False)
        xs, ys = xs[pick], ys[pick]
    xs = xs.astype(np.float32) - small.shape[1] / 2
    ys = ys.astype(np.float32)
    size = small.shape[0] + small.shape[1]

    def sharpness(deg: float) -> float:
        t = np.radians(deg)
        # the row a pixel falls in once the page is rotated back by ``deg``
        rows = (ys + xs * np.tan(t)).astype(np.int32) + small.shape[1] // 2
        prof = np.bincount(np.clip(rows, 0, size - 1), minlength=size).astype(np.float64)
        return float((prof * prof).sum())

    best = 0.0
    for step, span in ((0.25, max_angle), (0.05, 0.3), (0.01, 0.06)):
        angles = np.arange(best - span, best + span + step / 2, step)
        best = float(max(angles, key=sharpness))
    return best


def rotate(img: Any, deg: float, fill: int) -> Any:
    import cv2

    h, w = img.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), deg, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


def table_corners(ink: Any) -> Any | None:
    """The four corners (tl, tr, br, bl) of the largest ruled table, or None when no outer border is found."""
    import cv2
    import numpy as np

    h, w = ink.shape
    k = max(25, w // 40)
    lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    lines = cv2.bitwise_or(lines, vert)
    lines = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    contours, _ = cv2.findContours(lines, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    c = max(contours, key=cv2.contourArea)
    if cv2.contourArea(c) < 0.08 * w * h:
        return None
    hull = cv2.convexHull(c)
    quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    if len(quad) != 4:
        return None
    pts = quad.reshape(4, 2).astype(np.float32)
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], np.float32)


def square_up(gray: Any, corners: Any, min_shift: float | None = None) -> Any | None:
    """Warp the page so that the quadrilateral ``corners`` becomes an upright rectangle (None: already is).

    ``min_shift`` (default 0.4 % of the page's longer side, at least 3 px): a corner moved less than that is
    scanning noise, not perspective, and a warp would only resample (blur) a clean page — a clean scan's
    lone 0 then reads as 10."""
    import cv2
    import numpy as np

    h, w = gray.shape
    if min_shift is None:
        min_shift = max(3.0, 0.004 * max(h, w))
    tl, tr, br, bl = corners
    left, right = min(tl[0], bl[0]), max(tr[0], br[0])
    top, bottom = min(tl[1], tr[1]), max(bl[1], br[1])
    target = np.array([[left, top], [right, top], [right, bottom], [left, bottom]], np.float32)
    if float(np.abs(target - corners).max()) < min_shift:
        return None
    m = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def prepare(gray: Any) -> Prepared:
    """Flatten, level and square a page image; the ink mask for line finding comes with it."""
    flat = flatten_background(gray)
    ink = ink_mask(flat)
    skew = estimate_skew(ink)
    out = Prepared(flat, ink)
    if abs(skew) >= MIN_SKEW:
        out.gray = rotate(flat, -skew, 255)
        out.ink = ink_mask(out.gray)
        out.skew = skew
        if abs(skew) >= NOTE_SKEW:
            out.notes.append(f"levelled by {skew:+.1f}°")
        if abs(skew) >= MAX_SKEW - 0.3:
            out.notes.append(f"skewed by {MAX_SKEW:.0f}° or more (the most levelling searches): check the reading")
    corners = table_corners(out.ink)
    if corners is not None:
        squared = square_up(out.gray, corners)
        if squared is not None:
            out.gray, out.ink, out.perspective = squared, ink_mask(squared), True
            out.notes.append("perspective corrected from the table's outer border")
    return out
