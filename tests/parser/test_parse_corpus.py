"""Golden tests: the text renditions in ../shared/corpus parse to their hand-checked gold, cell for cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xxgk.parse import parse_file
from xxgk.record import Report

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
TEXTS = sorted(p for d in ("seeds", "dev") for p in (CORPUS / d).glob("*") if p.suffix in (".txt", ".md"))
TABLES = ("active", "active_2019", "applications", "review_litigation")
FIELDS = ("agency", "year", "template", "published_on")


def leaves(node: object, prefix: str = "") -> dict[str, object]:
    if isinstance(node, dict):
        out: dict[str, object] = {}
        for k, v in node.items():
            out.update(leaves(v, f"{prefix}.{k}" if prefix else k))
        return out
    if isinstance(node, list):
        out = {}
        for i, v in enumerate(node):
            out.update(leaves(v, f"{prefix}[{i}]"))
        return out
    return {prefix: node}


def gold_for(path: Path) -> dict[str, object]:
    stem = path.name.split(".")[0]
    return json.loads((path.parent / f"{stem}.gold.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.skipif(not TEXTS, reason="shared corpus not available")
@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_text_rendition_matches_gold(path: Path) -> None:
    gold = gold_for(path)
    got = json.loads(parse_file(path).dumps())
    for field in FIELDS:
        assert got.get(field) == gold.get(field), field
    for table in TABLES:
        if table not in gold:
            continue
        want = leaves(gold[table], table)
        have = leaves(got.get(table), table) if got.get(table) is not None else {}
        wrong = {k: (v, have.get(k)) for k, v in want.items() if have.get(k) != v}
        assert not wrong, wrong


def test_printed_typo_and_single_other_row(corpus: Path) -> None:
    """dev/001: the typo "其他法律行政止公开" is still that row; （六） printed as one row goes to `other`."""
    report = parse_file(corpus / "dev" / "001_huaian-hongze-2023.txt")
    apps = report.tables["applications"]
    assert apps is not None
    assert apps.values("withheld_law_prohibited") == [0] * 7
    assert apps.values("other") == [0] * 7
    assert "other_no_correction" not in apps.rows
    # printed arithmetic errors are kept as printed: 行政复议 维持10 纠正1 but 总计 0
    assert report.tables["review_litigation"].values("review") == [10, 1, 0, 0, 0]  # type: ignore[union-attr]


def test_run_together_cells_point_at_their_digits(corpus: Path) -> None:
    path = corpus / "dev" / "004_pingtan-police-2022.txt"
    report = parse_file(path)
    text = path.read_text(encoding="utf-8")
    active = report.tables["active"]
    assert active is not None
    cells = active.rows["normative_documents"]
    assert [c.value for c in cells] == [4, 1, 7]
    for cell, digit in zip(cells, "417", strict=True):
        assert cell.source is not None and cell.source.start is not None
        assert text[cell.source.start : cell.source.end] == digit


def test_blank_total_column_stays_blank(corpus: Path) -> None:
    """seeds/003 leaves the 总计 column empty: blank, not 0, and not inferred."""
    report = parse_file(corpus / "seeds" / "003_1877cc79e01d8aca.txt")
    apps = report.tables["applications"]
    assert apps is not None
    assert all(cells[6].value is None for cells in apps.rows.values())
    assert report.template == "2019"


def test_lost_column_cells_are_inferred_and_flagged(corpus: Path) -> None:
    """seeds/002: a PDF page extracted one cell short; the missing cell is inferred and marked."""
    report = parse_file(corpus / "seeds" / "002_35beedbe3e7b0ed3.txt")
    apps = report.tables["applications"]
    assert apps is not None
    new = apps.rows["new"]
    assert [c.value for c in new] == [0] * 7
    assert min(c.confidence for c in new) < 0.95
    assert report.tables["active"] is None
    assert any(n.code == "table-missing" for n in report.notes)


def test_displaced_cell_restored_with_note(corpus: Path) -> None:
    report = parse_file(corpus / "dev" / "017_shanghai-stcsm-2024.md")
    cell = report.tables["applications"].rows["carried_forward"][6]  # type: ignore[union-attr]
    assert cell.value == 1 and cell.confidence < 0.95
    assert any(n.code == "cell-restored" for n in report.notes)


def test_report_roundtrips_through_json(corpus: Path) -> None:
    report = parse_file(corpus / "seeds" / "004_5aae1f456b103e16.txt")
    again = Report.from_json(json.loads(report.dumps()))
    assert again.to_json() == report.to_json()
