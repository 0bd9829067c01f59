"""parse(render(r)) == r for generated reports, and the acceptance run of score.py on rendered gold records."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk.record import Report
from xxgk.render import render
from xxgk.synth import SynthOptions, generate

from .conftest import GOLDS

parse = pytest.importorskip("xxgk.parse")
SCORE = Path(__file__).resolve().parents[3] / "shared" / "tools" / "score.py"
FIELDS = ("agency", "year", "template", "published_on", "active", "active_2019", "applications",
          "review_litigation")


FMTS = ["txt", "md", "html", "pdf", "docx"]


def _canonical(report: Report) -> dict[str, object]:
    data = json.loads(report.dumps(provenance=False))
    return {k: data.get(k) for k in FIELDS}


@pytest.mark.parametrize("fmt", FMTS)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), template=st.sampled_from(["2021", "2019"]), single=st.booleans())
def test_parse_render_round_trip(fmt: str, seed: int, template: str, single: bool, tmp_path: Path) -> None:
    report = generate(seed, SynthOptions(template=template, other_single_row=single and template == "2021"))
    path = tmp_path / f"r{seed}.{fmt}"
    path.write_bytes(render(report, fmt))
    assert _canonical(parse.parse_file(path)) == _canonical(report)


def _score(directory: Path) -> str:
    cmd = f"{Path(sys.executable).parent / 'xxgk'} parse --format jsonl"
    done = subprocess.run([sys.executable, str(SCORE), "--cmd", cmd, str(directory)], capture_output=True,
                          text=True, timeout=600)
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr


@pytest.mark.skipif(not SCORE.exists() or not GOLDS, reason="shared corpus not present")
@pytest.mark.parametrize("fmt", FMTS)
def test_acceptance_score(fmt: str, tmp_path: Path) -> None:
    """Every gold record rendered (blanks kept blank, missing tables left out) parses back cell for cell."""
    for gold in GOLDS:
        name = gold.name[: -len(".gold.json")]
        shutil.copy(gold, tmp_path / gold.name)
        report = Report.from_json(json.loads(gold.read_text(encoding="utf-8")))
        (tmp_path / f"{name}.{fmt}").write_bytes(render(report, fmt))
    summary = _score(tmp_path)
    assert "cell accuracy 100.00%" in summary, summary
