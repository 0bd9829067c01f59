"""Scans as offices make them (xxgk.degrade): skewed, unevenly lit, noisy, JPEG-compressed, photographed.

Generated reports are rendered, rasterised, degraded and parsed back; the corpus scans are degraded and read
against their gold. A cell may differ from the truth only when the reader marked it low-confidence.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from xxgk import degrade
from xxgk.parse import parse_bytes
from xxgk.record import Report
from xxgk.render.pdf import render_pdf
from xxgk.synth import SynthOptions, generate

pytest.importorskip("rapidocr_onnxruntime")
pytestmark = pytest.mark.slow

SCANS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "scans"
LOW = 0.8


Key = tuple[str, str, int]


def _values(report: Report) -> dict[Key, Any]:
    return {(t, r, c): cell.value for t, r, c, cell in report.cells()}


def _same(got: Any, want: Any) -> bool:
    if want is None or got is None:
        return got is want
    try:
        return abs(float(got) - float(want)) < 1e-9
    except (TypeError, ValueError):
        return bool(got == want)


def _compare(got: Report, want: Report) -> tuple[list[Key], set[Key], int]:
    """Wrong cells, cells the reader marked low-confidence, number of cells."""
    have, gold = _values(got), _values(want)
    wrong = [k for k in gold if not _same(have.get(k), gold[k])]
    low = {(t, r, c) for t, r, c, cell in got.cells() if cell.confidence is not None and cell.confidence < LOW}
    return wrong, low, len(gold)


# OCR costs ~2 s a page: a few cases, no shrinking (a failing case prints its seed; rerun it alone)
@settings(max_examples=2, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow])
# a speck of dust beside a 0 read as "0," (JPEG 38): the row was dropped
@example(seed=514148, template="2021", profile=degrade.rough, dpi=150)
@given(
    seed=st.integers(0, 10**6),
    template=st.sampled_from(["2021", "2019"]),
    profile=st.sampled_from([degrade.office, degrade.rough, degrade.phone]),
    dpi=st.sampled_from([150, 150, 300]),
)
def test_degraded_generated_report_reads_back(seed: int, template: str, profile: degrade.Profile,
                                               dpi: int) -> None:
    """generated → rendered → rasterised → degraded → parsed == the record, except a few cells marked unsure."""
    report = generate(seed, SynthOptions(template=template, sections=False))
    scan = degrade.degrade_pdf(render_pdf(report), seed, profile, dpi)
    got = parse_bytes(scan, f"scan{seed}.pdf")
    assert (got.agency, got.year, got.template) == (report.agency, report.year, report.template)
    wrong, low, n = _compare(got, report)
    assert not [k for k in wrong if k not in low], wrong
    assert len(low) <= 0.03 * n, sorted(low)


def test_mixed_pdf_text_pages_and_a_degraded_scan() -> None:
    """A typed report with its table-三 page scanned in (skewed, JPEG): each page read its own way.

    The 2019 layout with a negative 本年增/减 (-11): the thin minus sign, blurred by the copier, used to fall
    outside the box read by the recogniser."""
    report = generate(3, SynthOptions(template="2019"))
    pdf = render_pdf(report)
    mixed = degrade.mixed_pdf(pdf, {0}, seed=3)
    got = parse_bytes(mixed, "mixed.pdf")
    assert got.agency == report.agency and got.year == report.year
    wrong, low, _ = _compare(got, report)
    assert wrong == [] and low == set()
    assert -11 in [c.value for t, r, _, c in got.cells() if (t, r) == ("active_2019", "fees")]


@pytest.mark.skipif(not SCANS.is_dir(), reason="shared corpus not available")
def test_degraded_corpus_scans_read_at_99_percent() -> None:
    """The issue's acceptance: the corpus scans skewed ±1.6°, noisy, JPEG 45 read at ≥ 99 % of cells with
    every agency, year and template right."""
    total = bad = 0
    for k, pdf in enumerate(sorted(SCANS.glob("*.pdf"))):
        gold = Report.from_json(json.loads(pdf.with_suffix(".gold.json").read_text(encoding="utf-8")))
        rng = random.Random(k)

        def skewed(r: random.Random, dpi: int = 150, rng: random.Random = rng) -> degrade.Degradation:
            d = degrade.office(r, dpi)
            return degrade.Degradation(rng.choice((-1.6, 1.6)), d.light, 9.0, d.blur, 0.0, d.speckle, 45, dpi)

        got = parse_bytes(degrade.degrade_pdf(pdf.read_bytes(), k, skewed), pdf.name)
        assert (got.agency, got.year, got.template) == (gold.agency, gold.year, gold.template), pdf
        wrong, low, n = _compare(got, gold)
        assert not [w for w in wrong if w not in low], (pdf.name, wrong)
        total += n
        bad += len(wrong)
    assert bad <= 0.01 * total, bad


def test_garbage_text_layer_is_replaced_by_ocr() -> None:
    """A scan whose text layer is a scanner's failed OCR (Latin junk over Chinese) is read by our OCR."""
    report = generate(11, SynthOptions(template="2021", sections=False))
    images, _ = degrade.degrade_pages(render_pdf(report), 11, degrade.office)
    junk = "Ihe 5tate C0unci1 0ffice 2O23 ;:,. rn1 ii\nT4b1e 3 | 1 | 0 | 0 | I2 | 7 |\n" * 5
    got = parse_bytes(degrade.image_pdf(images, 150, 45, garbage=junk), "junk.pdf")
    assert (got.agency, got.year) == (report.agency, report.year)
    wrong, low, _ = _compare(got, report)
    assert not [k for k in wrong if k not in low], wrong


@pytest.mark.parametrize(("seed", "template", "fade", "drop"), [(5, "2021", 1.0, 0.0), (10, "2021", 0.0, 0.2),
                                                                (7, "2019", 0.9, 0.3)])
def test_table_without_ruling_lines_rebuilt_from_text_columns(seed: int, template: str, fade: float,
                                                              drop: float) -> None:
    """Ruling lines faded out or partly erased by the copier: no grid (or fragments of one) is found, and
    the tables are rebuilt from their text columns. Before, 189 of 200 cells were lost (seed 5, lines gone)."""
    report = generate(seed, SynthOptions(template=template, sections=False))

    def faded(r: random.Random, dpi: int = 150) -> degrade.Degradation:
        return replace(degrade.office(r, dpi), line_fade=fade, line_drop=drop)

    got = parse_bytes(degrade.degrade_pdf(render_pdf(report), seed, faded), f"faded{seed}.pdf")
    assert (got.agency, got.year, got.template) == (report.agency, report.year, report.template)
    wrong, low, n = _compare(got, report)
    assert not [k for k in wrong if k not in low], wrong
    assert len(low) <= 0.03 * n, sorted(low)
    assert any("grid rebuilt from the text columns" in note.message for note in got.notes)
    assert not any("透视" in note.message for note in got.notes)  # a flat page: no perspective doubt


def test_phone_photo_without_table_border_is_marked_unsure(tmp_path: Path) -> None:
    """A page photographed leaning over it (tilt 4°) whose table has no border to square it from (the
    ruling lines faded): its columns converge, so every reading on it is marked low-confidence, the record
    says why, and so does ``xxgk debug``. Before, the page read as a sure one."""
    from click.testing import CliRunner

    from xxgk.commands.debug import debug_cmd

    report = generate(5, SynthOptions(template="2021", sections=False))
    page = degrade.rasterise(render_pdf(report), 150)[1]  # table 三
    d = degrade.Degradation(tilt=4.0, skew=0.7, noise=6.0, blur=0.5, line_fade=1.0, jpeg=60)
    pdf = degrade.image_pdf([degrade.degrade_image(page, d, random.Random(1))], 150, 60)
    got = parse_bytes(pdf, "photo.pdf")
    assert any(n.code == "low-confidence" and "透视" in n.message and n.path is None for n in got.notes)
    cells = [c for t, _, _, c in got.cells() if t == "applications" and c.value is not None]
    assert cells and all(c.confidence <= 0.6 for c in cells)
    out = tmp_path / "photo.pdf"
    out.write_bytes(pdf)
    res = CliRunner().invoke(debug_cmd, [str(out), "-o", str(tmp_path / "p.png"), "--no-match"])
    assert res.exit_code == 0 and "seen in perspective" in res.output, res.output
