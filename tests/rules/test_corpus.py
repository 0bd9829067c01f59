"""The shared corpus: printed arithmetic errors are all reported; no false arithmetic errors; seed pins."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from xxgk.record import Report
from xxgk.rules import check
from xxgk.template import APPLICATIONS

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
GOLDS = sorted(CORPUS.glob("*/*.gold.json"))
pytestmark = pytest.mark.skipif(not GOLDS, reason="shared corpus not available")

_COLUMN = {c.label: i for i, c in enumerate(APPLICATIONS.columns)}


def _expected(issue: str) -> tuple[str, str]:
    """An `arithmetic_issues_as_printed` sentence as (rule, location path)."""
    if m := re.match(r"(?:table4|T4-01) (\w+)", issue):
        return "T4-01", f"review_litigation.{m.group(1)}[4]"
    if m := re.match(r"T3-03 row (\w+)", issue):
        return "T3-03", f"applications.rows.{m.group(1)}[6]"
    if m := re.match(r"T3-0([12]) (\S+?):", issue):
        return f"T3-0{m.group(1)}", f"applications.rows.total[{_COLUMN[m.group(2)]}]"
    raise AssertionError(f"unknown issue format: {issue}")


def _load(path: Path) -> tuple[dict, Report]:  # type: ignore[type-arg]
    data = json.loads(path.read_text(encoding="utf-8"))
    return data, Report.from_json(data)


@pytest.mark.parametrize("path", GOLDS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_gold_arithmetic(path: Path) -> None:
    data, report = _load(path)
    result = check(report)
    assert result.internal_errors == []
    arithmetic = [f for f in result.findings if f.rule.startswith(("T3", "T4")) and f.severity == "error"]
    found = {(f.rule, cell.path) for f in arithmetic for cell in [f.cells[0], f.location, *f.cells]}
    issues = data.get("arithmetic_issues_as_printed") or []
    for issue in issues:
        rule, path_ = _expected(issue)
        assert (rule, path_) in found, (issue, [(f.rule, f.location.path) for f in arithmetic])
    assert len(arithmetic) == len(issues)  # nothing beyond what the gold lists


def _findings(name: str) -> dict[str, list[str]]:
    path = next(CORPUS.glob(f"seeds/{name}*.gold.json"))
    result = check(_load(path)[1])
    out: dict[str, list[str]] = {}
    for f in result.findings:
        out.setdefault(f.severity, []).append(f.rule)
    return out


def test_seed_pins_on_gold() -> None:
    assert "C-03" in _findings("002")["error"]  # section 二 table missing
    assert "V-01" in _findings("003")["error"]  # 2019 template for a 2021 report
    assert "P-03" in _findings("003")["warning"]  # the 总计 column is blank everywhere
    assert "error" not in _findings("004")  # blank (六)3 cells hold with 0


def _parsed(name: str) -> dict[str, list[str]]:
    parse = pytest.importorskip("xxgk.parse")
    report = parse.parse_file(next(CORPUS.glob(f"seeds/{name}*.txt")))
    out: dict[str, list[str]] = {}
    for f in check(report).findings:
        out.setdefault(f.severity, []).append(f.rule)
    return out


def test_seed_pins_on_parsed_text() -> None:
    assert "C-11" in _parsed("000")["warning"]  # 六 says only 无: no fee statement
    assert _parsed("002")["error"] == ["C-03"]  # missing section-二 table
    assert "V-01" in _parsed("003")["error"]
    assert "C-01" in _parsed("004")["error"]  # section 六 missing
    for name in ("000", "001", "003", "004"):
        assert "D-05" in _parsed(name)["warning"]  # no publication date printed
    assert not {"D-01", "D-02", "D-03", "D-04"} & {r for rs in _parsed("002").values() for r in rs}  # 2024-01-15: on time
