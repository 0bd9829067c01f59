"""``xxgk metrics``: the catalogue listed, values computed on a record and on a real report file."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from xxgk.commands.metrics import metrics_cmd
from xxgk.metrics import METRICS


def test_list_text_json_md() -> None:
    runner = CliRunner()
    res = runner.invoke(metrics_cmd, [])
    assert res.exit_code == 0
    assert all(m.key in res.output for m in METRICS)
    listed = json.loads(runner.invoke(metrics_cmd, ["--format", "json"]).output)
    assert [m["key"] for m in listed] == [m.key for m in METRICS]
    granted = next(m for m in listed if m["key"] == "granted_rate")
    assert granted["unit"] == "%" and "（七）总计" in granted["formula"]["2021"]
    assert "### `granted_rate` 予以公开率" in runner.invoke(metrics_cmd, ["--format", "md"]).output


def test_compute_on_record_and_report_file(corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    record = str(corpus / "real" / "003_pingtan_2019.gold.json")
    html = str(corpus / "real" / "001_pingtan_2023.html")
    res = runner.invoke(metrics_cmd, [record, html, "--metric", "granted_rate", "--metric", "review_correction_rate"])
    assert res.exit_code == 0, res.output
    assert "30.4%" in res.output  # 7 / 23
    assert "27.2%" in res.output  # 22 / 81, read from the HTML page
    assert "不适用" in res.output and "分母为0" in res.output  # no review in 2019
    lines = runner.invoke(metrics_cmd, [record, "--format", "json"]).output.splitlines()
    obj = json.loads(lines[0])
    assert obj["metrics"]["granted_rate"]["numerator"] == 7
    assert obj["metrics"]["review_correction_rate"] == {
        "value": None, "status": "not_applicable", "reason": obj["metrics"]["review_correction_rate"]["reason"],
        "numerator": 0, "denominator": 0, "cells": obj["metrics"]["review_correction_rate"]["cells"]}


def test_bad_input_named_and_batch_goes_on(corpus: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    record = str(corpus / "real" / "003_pingtan_2019.gold.json")
    res = CliRunner().invoke(metrics_cmd, [str(bad), record, "--metric", "applications_new"])
    assert res.exit_code == 2
    assert "broken.json" in res.output and "Traceback" not in res.output
    assert "23 件" in res.output
    res = CliRunner().invoke(metrics_cmd, ["--metric", "nope"])
    assert res.exit_code == 2 and "unknown metric nope" in res.output
