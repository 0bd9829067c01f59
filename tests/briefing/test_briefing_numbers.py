"""Every number of the HTML and XLSX briefings, read again from the store through its source, is equal."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from briefing_store import Written
from lxml import html as lxml_html
from openpyxl import load_workbook

from xxgk.briefing import Source, agency_briefing, render
from xxgk.briefing.provenance import resolve
from xxgk.store import Store


class Reread:
    """resolve() once per distinct source (the same quartile is shown several times)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: dict[Source, Any] = {}

    def __call__(self, source: Source) -> Any:
        if source not in self.cache:
            self.cache[source] = resolve(self.store, source)
        return self.cache[source]


def same(shown: Any, stored: Any) -> bool:
    if shown is None or stored is None or isinstance(shown, str) or isinstance(stored, str):
        return shown == stored
    if isinstance(stored, Decimal) or isinstance(shown, int):
        return Decimal(str(shown)) == Decimal(str(stored))
    return float(shown) == pytest.approx(float(stored), rel=1e-9, abs=1e-12)


def html_numbers(data: bytes) -> list[tuple[str, Any, Source, str]]:
    doc = lxml_html.fromstring(data)
    return [(el.get("data-id"), json.loads(el.get("data-value")), Source.from_json(json.loads(el.get("data-source"))),
             el.get("href") or "") for el in doc.xpath("//*[@data-source]")]


def test_every_html_number_is_read_again_from_the_store(brief_store: Store, area: Written) -> None:
    numbers = html_numbers(area.files["html"].read_bytes())
    assert {n for n, *_ in numbers} == {n.id for n in area.briefing.numbers()}  # every number is in the page
    assert len(numbers) >= 300
    reread = Reread(brief_store)
    wrong = [(ident, value, reread(src)) for ident, value, src, _ in numbers if not same(value, reread(src))]
    assert wrong == []
    kinds = {src.kind for _, _, src, _ in numbers}
    assert {"cell", "metric", "query", "ratio", "field"} <= kinds
    # numbers from a report link to its cell in the web app
    cell_links = [href for _, _, src, href in numbers if src.kind == "cell"]
    assert cell_links and all(h.startswith("http://xxgk.example/reports/") and "#cell-" in h for h in cell_links)


def test_every_xlsx_number_is_read_again_from_the_store(brief_store: Store, area: Written) -> None:
    wb = load_workbook(area.files["xlsx"])
    sources = wb["数字来源"]
    header = [c.value for c in sources[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sources.iter_rows(min_row=2)]
    assert [r["编号"] for r in rows] == [n.id for n in area.briefing.numbers()]
    reread = Reread(brief_store)
    wrong = [(r["编号"], r["数值"]) for r in rows if not same(r["数值"], reread(Source.from_json(json.loads(r["来源JSON"]))))]
    assert wrong == []
    by_row = {i + 2: r for i, r in enumerate(rows)}
    linked = 0
    for ws in wb.worksheets:
        if ws.title in ("简报", "数字来源"):
            continue
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.hyperlink is not None and cell.hyperlink.location:
                    target = by_row[int(cell.hyperlink.location.rsplit("A", 1)[1])]
                    assert same(cell.value, target["数值"]), (ws.title, cell.coordinate)
                    linked += 1
    assert linked >= 200  # the tables' numbers, as numbers, each linked to its source row


def test_agency_profile_numbers_are_read_again(brief_store: Store, area: Written) -> None:
    risk = next(b for s, b in area.briefing.walk() if s.title.startswith("四") and hasattr(b, "rows"))
    agency = risk.rows[0][1].text  # the agency with the most errors
    profile = agency_briefing(brief_store, agency, 2023, charts=False)
    numbers = html_numbers(render(profile, "html"))
    assert len(numbers) >= 100
    reread = Reread(brief_store)
    assert [(i, v) for i, v, src, _ in numbers if not same(v, reread(src))] == []
    text = render(profile, "html").decode()
    assert "五、待改清单" in text and "同类P50" in text
