"""Report content is untrusted: agency names, headings, cells, notes, file names and HTML sources carrying
``<script>``, ``onerror=`` and ``javascript:`` payloads — none of them runs in the browser, none appears
unescaped in a page, on every page that shows them (charts' tooltips included)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserutil import Server, Watch

# each payload, if it ran, would set window.__xss or open a dialog (both watched)
SCRIPT = "<script>window.__xss='script'</script>"
ONERROR = "<img src=x onerror=\"window.__xss='onerror'\">"
SVG = "<svg onload=alert('svg')>"
JS_LINK = "<a href=\"javascript:window.__xss='link'\">点击</a>"
PAYLOADS = (SCRIPT, ONERROR, SVG, JS_LINK)
RAW = ("<script>window.__xss", "<img src=x onerror", "<svg onload", "href=\"javascript:")  # never in a page
AGENCY = f"{SCRIPT}{ONERROR}恶意测试县人民政府"


def _record(agency: str, year: int) -> Any:
    from xxgk.record import Cell, Source
    from xxgk.synth import generate

    record = generate(77, agency=agency, year=year)
    record.sections[1].heading = f"一、总体情况{SVG}"
    record.sections[1].text = f"{SCRIPT}正文{ONERROR}{JS_LINK}"
    table = next(iter(record.tables.values())) if isinstance(record.tables, dict) else record.tables[0]
    row = next(iter(table.rows))
    table.rows[row][0] = Cell(value=None, source=Source(raw=ONERROR), confidence=0.4, note=SCRIPT)  # printed text
    return record


def _store_directly(server: Server) -> None:
    """A report whose agency name itself carries the payloads (the parser never reads such a name, but an
    import or a person can write one), with a source whose file name and URL are payloads."""
    from xxgk.rules import check
    from xxgk.store import schema as s
    from xxgk.store.versions import agency_for, insert_version, report_for

    record = _record(AGENCY, 2023)
    findings = [f.to_json() for f in check(record).findings]
    findings.append({"rule": "C-01", "severity": "error", "message": f"伪造问题{ONERROR}", "location": {}})
    with server.store() as store:
        digest = store.blobs.put(SCRIPT.encode())
        with store.write() as session:
            agency = agency_for(session, AGENCY)
            report, _ = report_for(session, agency.id, 2023, None)
            source = s.Source(sha256=digest, report_id=report.id, format="txt", size=len(SCRIPT),
                              path=f"{ONERROR}.txt", url="javascript:window.__xss='url'")
            session.add(source)
            session.flush()
            version = insert_version(session, report.id, record, source_id=source.id, findings=findings)
            report.active_version_id = version.id


def _ingest_files(server: Server, folder: Path) -> None:
    """Through ``xxgk ingest``: a text report and an HTML page with payloads in their text, a cell and
    their file names, and a file that fails whose name is a payload (the overview lists failures)."""
    from xxgk.render import render

    text = render(_record("恶意测试镇人民政府", 2023), "txt").decode()
    text = text.replace("一、总体情况", f"一、总体情况{SVG}", 1)
    (folder / "<img src=x onerror=alert(1)>.txt").write_text(text)
    html = render(_record("恶意测试乡人民政府", 2023), "html").decode()
    html = html.replace("</body>", f"{SCRIPT}<a href=\"javascript:alert('html')\">x</a></body>")
    (folder / "javascript:alert(2).html").write_text(html)
    (folder / "<svg onload=alert(3)>.txt").write_text("这不是年度报告")
    server.ingest(folder)


@pytest.fixture(scope="module")
def hostile(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[int]]:
    _store_directly(server)
    _ingest_files(server, tmp_path_factory.mktemp("hostile"))
    with server.store() as store:
        ids = [r.id for r in store.reports() if "恶意测试" in r.agency]
        agencies = [a.id for a in store.agencies() if "恶意测试" in a.name]
    assert len(ids) == 3 and len(agencies) == 3
    yield ids


def _visit(page: Any, path: str) -> str:
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    html = str(response.text())
    for raw in RAW:
        assert raw not in html, f"{raw} unescaped in {path}"
    page.wait_for_load_state("networkidle")
    return html


def test_no_payload_runs_or_appears_unescaped(server: Server, page: Any, watch: Watch, hostile: list[int]) -> None:
    with server.store() as store:
        agency_ids = [a.id for a in store.agencies() if "恶意测试" in a.name]
    html = _visit(page, "/reports?q=恶意测试")
    assert "&lt;script&gt;window.__xss" in html  # shown, as text
    for rid in hostile:
        html = _visit(page, f"/reports/{rid}")
        # the cells, the findings and the boxes are clickable: click them all
        for el in page.locator("li.finding strong, td[data-cell]").all()[:15]:
            el.click()
    for aid in agency_ids:
        _visit(page, f"/agencies/{aid}")
        page.wait_for_selector("div.chart[data-chart='benchmark'][data-ready='1']")
    _visit(page, "/")
    _visit(page, "/reports?status=failed")
    _visit(page, "/agencies?q=恶意")
    _visit(page, "/stats?year=2023")
    page.wait_for_selector("div.chart[data-chart='distribution'][data-ready='1']")
    page.select_option("#metric-select", "applications_new")  # (the first metric reads the payload cell: blank)
    page.wait_for_selector("div.chart[data-chart='distribution'][data-ready='1']")
    # every point's tooltip (agency names are HTML in ECharts' tooltip: they must be encoded)
    n = page.evaluate("""() => echarts.getInstanceByDom(document.querySelector(
        "div.chart[data-chart='distribution']")).getOption().series[0].data.length""")
    shown = ""
    for i in range(n):
        page.evaluate("""i => echarts.getInstanceByDom(document.querySelector("div.chart[data-chart='distribution']"))
            .dispatchAction({type: "showTip", seriesIndex: 0, dataIndex: i})""", i)
        tip = page.locator("div.chart[data-chart='distribution'] .chart-tip")
        page.wait_for_timeout(50)
        shown += tip.inner_html()
    assert "恶意测试" in shown and "&lt;script&gt;" in shown
    _visit(page, "/stats/jumps?year=2023&per_page=1000")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") is None
    watch.assert_clean()


def test_an_html_source_is_never_served_as_html(server: Server, page: Any, watch: Watch,
                                                  hostile: list[int]) -> None:
    rid = server.report_id("恶意测试乡", 2023)
    html = _visit(page, f"/reports/{rid}")
    assert "javascript:alert(2).html" in html  # the file name, as text
    assert page.locator("iframe:not([sandbox])").count() == 0
    assert page.evaluate("window.__xss") is None
    watch.assert_clean()
