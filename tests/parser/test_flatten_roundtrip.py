"""Property: a generated report written in every flattening parses back to the same record."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from strategies import reports
from xxgk.parse import parse_text
from xxgk.record import Report
from xxgk.render.flatten import flatten

# Flattenings that can show a blank cell; in spaced and run-together text a blank cell leaves no trace.
SHOWS_BLANKS = {"tsv", "cell_per_line", "cell_per_line_blank", "markdown"}
FIELDS = ("agency", "year", "template", "published_on")


def comparable(report: Report) -> dict[str, object]:
    data = report.to_json(provenance=False)
    out = {k: data.get(k) for k in FIELDS}
    for key in ("active", "active_2019", "applications", "review_litigation"):
        if data.get(key) is not None:
            out[key] = data[key]
    return out


def roundtrip(report: Report, style: str) -> None:
    text = flatten(report, style)
    parsed = parse_text(text, f"generated.{'md' if style == 'markdown' else 'txt'}")
    want, got = comparable(report), comparable(parsed)
    assert got == want, f"style {style}:\n{text[:3000]}"


@pytest.mark.parametrize("style", sorted(SHOWS_BLANKS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_roundtrip_with_blanks(style: str, report: Report) -> None:
    roundtrip(report, style)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports(blank_rate=0.0))
def test_roundtrip_spaced(report: Report) -> None:
    roundtrip(report, "spaced")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports(blank_rate=0.0))
def test_run_together_right_or_flagged(report: Report) -> None:
    """Digits run together may split several ways: every cell is right, or flagged as low confidence."""
    text = flatten(report, "run_together")
    parsed = parse_text(text, "generated.txt")
    for k in FIELDS:
        assert getattr(parsed, k) == getattr(report, k), k
    got = {(t, r, i): c for t, r, i, c in parsed.cells()}
    for t, r, i, cell in report.cells():
        found = got.get((t, r, i))
        assert found is not None, (t, r, i)
        assert found.value == cell.value or found.confidence < 0.95, (t, r, i, cell.value, found.value, text)
