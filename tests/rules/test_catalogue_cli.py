"""Catalogue completeness, docs drift, and the check/rules commands."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from xxgk.commands.check import check_cmd, rules_cmd
from xxgk.rules import RULES
from xxgk.rules.docs import render
from xxgk.synth import SynthOptions, generate

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_catalogue() -> None:
    assert len(RULES) == 56 and len({r.id for r in RULES}) == 56
    assert sum(r.severity == "error" for r in RULES) == 16
    assert sum(r.severity == "info" for r in RULES) == 8


def test_docs_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render(), "run: python -m xxgk.rules.docs"


def _write(tmp: Path, name: str, **kw: object) -> str:
    path = tmp / name
    path.write_text(generate(3, SynthOptions(agency="青山县应急管理局", year=2023, published_on="2024-01-10"), **kw)
                    .dumps(), encoding="utf-8")  # type: ignore[arg-type]
    return str(path)


def test_check_exit_codes_and_formats(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.json")
    bad_path = tmp_path / "bad.json"
    data = json.loads(Path(good).read_text(encoding="utf-8"))
    data["review_litigation"]["review"][4] += 1
    bad_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(check_cmd, [good]).exit_code == 0
    res = runner.invoke(check_cmd, [good, str(bad_path), "--format", "json"])
    assert res.exit_code == 1
    objs = [json.loads(line) for line in res.stdout.splitlines()]  # the summary line is on stderr
    assert "T4-01" in [f["rule"] for f in objs[1]["findings"] if f["severity"] == "error"]
    assert "review_litigation.review[4]" in [f["location"].get("path") for f in objs[1]["findings"]]
    sarif = json.loads(runner.invoke(check_cmd, [str(bad_path), "--format", "sarif"]).stdout)
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"][0]["ruleId"] == "T4-01"
    assert runner.invoke(check_cmd, [str(bad_path), "--ignore", "T4,N"]).exit_code == 0
    assert runner.invoke(check_cmd, [good, str(tmp_path / "missing.json")]).exit_code == 1  # reported, run goes on
    assert runner.invoke(check_cmd, [good, "--select", "ZZ-99"]).exit_code == 2
    assert runner.invoke(check_cmd, [good, "--fail-on", "warning", "--previous", good]).exit_code in (0, 1)
    missing = runner.invoke(check_cmd, [good, "--previous", str(tmp_path / "gone.json")])
    assert missing.exit_code == 2 and "--previous" in missing.stderr and "gone.json" in missing.stderr
    assert "Traceback" not in missing.output and not missing.stdout  # nothing checked without it


def test_rules_command() -> None:
    runner = CliRunner()
    assert "T3-01" in runner.invoke(rules_cmd, []).output
    assert len(json.loads(runner.invoke(rules_cmd, ["--format", "json"]).output)) == 56
    assert runner.invoke(rules_cmd, ["--format", "md"]).output == render()
