"""Image preparation (no OCR, fast): skew found and undone, light flattened, perspective squared, and the
grid found on a degraded page is the grid of the clean page."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk import degrade
from xxgk.readers import imageprep
from xxgk.readers.pdf_grid import find_grids
from xxgk.render.pdf import render_pdf
from xxgk.synth import SynthOptions, generate

cv2 = pytest.importorskip("cv2")
ocr = pytest.importorskip("xxgk.readers.ocr")


@pytest.fixture(scope="module")
def page() -> object:
    """Page 2 of a generated report (table 三), rasterised at 150 dpi."""
    return degrade.rasterise(render_pdf(generate(5, SynthOptions(template="2021"))), 150)[1]


def _grid_shape(gray: object) -> list[tuple[int, int, int]]:
    prep = imageprep.prepare(gray)
    scale = 595.28 / prep.gray.shape[1]
    return [(len(g.xs), len(g.ys), len(g.cells)) for g in find_grids(ocr.find_lines(prep.ink, scale))]


@settings(max_examples=6, deadline=None, derandomize=True)
@given(angle=st.floats(-2.0, 2.0))
def test_skew_estimated_within_a_tenth_of_a_degree(page: object, angle: float) -> None:
    d = degrade.Degradation(skew=angle, light=0.2, noise=8.0, blur=0.5)
    bad = degrade.degrade_image(page, d, random.Random(1))
    found = imageprep.estimate_skew(imageprep.ink_mask(imageprep.flatten_background(bad)))
    assert abs(found - angle) < 0.1


def test_uneven_light_flattened(page: object) -> None:
    bad = degrade.degrade_image(page, degrade.Degradation(light=0.4), random.Random(2))
    flat = imageprep.flatten_background(bad)
    # paper (the bright majority of pixels) is near white in every corner after flattening
    h, w = flat.shape
    for y, x in ((0, 0), (0, w - 200), (h - 200, 0), (h - 200, w - 200)):
        assert sorted(flat[y : y + 200, x : x + 200].ravel())[20000] >= 245


@pytest.mark.parametrize("profile", [degrade.office, degrade.rough, degrade.phone])
def test_degraded_page_has_the_clean_grid(page: object, profile: degrade.Profile) -> None:
    """Skew, light, noise, blur and perspective tilt: the same table grid as the clean page (main found no
    grid at all on a page skewed by a degree)."""
    bad = degrade.degrade_image(page, profile(random.Random(4)), random.Random(4))
    assert _grid_shape(bad) == _grid_shape(page)


def test_phone_photo_is_squared(page: object) -> None:
    d = degrade.Degradation(tilt=4.0)
    prep = imageprep.prepare(degrade.degrade_image(page, d, random.Random(3)))
    assert prep.perspective and "perspective corrected from the table's outer border" in prep.notes
    assert not imageprep.prepare(page).perspective


def test_corners_off_by_scanning_noise_leave_a_clean_page_alone() -> None:
    """A clean scan's table border found 2 px off square is not perspective: warping would resample the page
    (a clean scan's lone 0 then read as 10 — corpus scans/003 p8, p10)."""
    import numpy as np

    from xxgk.readers.imageprep import square_up

    page = np.full((1651, 1275), 255, np.uint8)
    noisy = np.array([[68, 550], [945, 549], [946, 1563], [70, 1564]], np.float32)
    assert square_up(page, noisy) is None
    tilted = np.array([[68, 550], [945, 530], [960, 1563], [70, 1564]], np.float32)  # a real tilt
    assert square_up(page, tilted) is not None


def test_faded_lines_leave_no_grid_but_the_text(page: object) -> None:
    """The degradation tool's faint/erased ruling lines (seeded): line finding sees no table any more, the
    text ink is kept."""
    import numpy as np

    gone = degrade.degrade_image(page, degrade.Degradation(line_fade=1.0), random.Random(1))
    assert _grid_shape(page) and not _grid_shape(gone)
    dark = np.asarray(page) < 128
    assert (np.asarray(gone) < 128).sum() > 0.3 * dark.sum()  # the text stays
    a = degrade.degrade_image(page, degrade.Degradation(line_drop=0.3), random.Random(2))
    b = degrade.degrade_image(page, degrade.Degradation(line_drop=0.3), random.Random(2))
    assert (np.asarray(a) == np.asarray(b)).all() and (np.asarray(a) != np.asarray(page)).any()
