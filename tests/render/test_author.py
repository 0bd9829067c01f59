"""xxgk new / render / draft, totals completion and the refusal of inconsistent records."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from xxgk.cli import main
from xxgk.render.consistency import problems
from xxgk.render.skeleton import load, skeleton, to_yaml
from xxgk.render.totals import complete
from xxgk.synth import generate

from .conftest import CORPUS


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_new_render_draft(tmp_path: Path) -> None:
    record = tmp_path / "r.yaml"
    code, _ = _run("new", "--agency", "湘乡市应急管理局", "--year", "2024", "-o", str(record))
    assert code == 0
    text = record.read_text(encoding="utf-8")
    assert "# 三、收到和处理政府信息公开申请情况" in text and "本年新收政府信息公开申请数量" in text
    report = load(str(record))
    assert report.agency == "湘乡市应急管理局" and report.template == "2021"
    assert len(report.tables["applications"].rows) == 25  # type: ignore[union-attr]
    assert _run("new", "--agency", "x", "--year", "2024", "-o", str(record))[0] != 0  # no overwrite
    text = text.replace("new: [0, 0, 0, 0, 0, 0, null]", "new: [3, 1, 0, 0, 0, 0, null]")
    text = text.replace("granted: [0, 0, 0, 0, 0, 0, null]", "granted: [2, 1, 0, 0, 0, 0, null]", 1)
    record.write_text(text, encoding="utf-8")
    assert _run("draft", str(record))[0] == 0
    drafted = load(str(record))
    third = drafted.section(3)
    assert third is not None and "本年度共收到政府信息公开申请4件" in third.text
    assert "予以公开3件" in third.text and "结转下年度继续办理1件" in third.text
    for fmt in ("docx", "html", "md", "txt", "pdf"):
        out = tmp_path / f"r.{fmt}"
        code, output = _run("render", str(record), "--to", fmt, "-o", str(out))
        assert code == 0, output
        assert out.stat().st_size > 500


def test_totals_complete_only_determined_cells() -> None:
    report = skeleton("某局", 2024)
    apps = report.tables["applications"]
    assert apps is not None
    apps.rows["new"][0].value = 5
    apps.rows["granted"][0].value = 4
    apps.rows["partially_granted"][1].value = None  # blank detail: its column total stays blank
    complete(report)
    assert apps.value("new", 6) == 5 and apps.value("total", 0) == 4 and apps.value("carried_forward", 0) == 1
    assert apps.value("total", 1) is None and apps.value("carried_forward", 1) is None
    assert apps.value("partially_granted", 6) is None
    review = report.tables["review_litigation"]
    assert review is not None and review.value("review", 4) == 0
    assert [p for p in problems(report) if p.rule.startswith(("T3", "T4"))] == []


def test_complete_never_changes_given_values() -> None:
    report = generate(11)
    before = json.dumps(report.to_json(provenance=False), default=str)
    complete(report)
    assert json.dumps(report.to_json(provenance=False), default=str) == before


def test_render_refuses_arithmetic_error(tmp_path: Path) -> None:
    report = generate(2)
    apps = report.tables["applications"]
    assert apps is not None
    apps.rows["total"][6].value = (apps.value("total", 6) or 0) + 1  # 总计 row now contradicts its parts
    record = tmp_path / "bad.yaml"
    record.write_text(to_yaml(report), encoding="utf-8")
    out = tmp_path / "bad.html"
    code, output = _run("render", str(record), "-o", str(out))
    assert code != 0 and not out.exists()
    assert "T3-0" in output and "applications.rows.total[6]" in output
    code, output = _run("render", str(record), "-o", str(out), "--force")
    assert code == 0 and out.exists() and "applications.rows.total[6]" in output


def test_render_gold_with_printed_errors_needs_force(tmp_path: Path) -> None:
    gold = CORPUS / "real" / "004_pingtan_zrz_2023.gold.json"
    shutil.copy(gold, tmp_path / "g.json")
    assert _run("render", str(tmp_path / "g.json"), "-o", str(tmp_path / "g.docx"))[0] != 0
    assert _run("render", str(tmp_path / "g.json"), "-o", str(tmp_path / "g.docx"), "--force")[0] == 0


def test_yaml_round_trip_keeps_values() -> None:
    for seed in range(5):
        report = generate(seed, template="2019" if seed % 2 else "2021", blank_rate=0.3)
        back = load_text(to_yaml(report))
        assert back.to_json(provenance=False)["applications"] == report.to_json(provenance=False)["applications"]
        for key in ("active", "active_2019", "review_litigation"):
            assert back.to_json(provenance=False).get(key) == report.to_json(provenance=False).get(key)


def load_text(text: str):  # type: ignore[no-untyped-def]
    import yaml

    from xxgk.record import Report

    return Report.from_json(yaml.safe_load(text))
