"""Property: a generated report written in every flattening parses back to the same record."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from strategies import reports
from xxgk.parse import parse_text
from xxgk.record import Report
from xxgk.render.flatten import STYLES, flatten

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


@pytest.mark.parametrize("style", ["spaced", "run_together"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports(blank_rate=0.0))
def test_roundtrip_without_blanks(style: str, report: Report) -> None:
    roundtrip(report, style)
