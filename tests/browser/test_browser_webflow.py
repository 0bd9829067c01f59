"""The review flow in a real browser: upload a PDF and see its findings, correct a cell and see the audit entry
and the new version, export the reviewed result as XLSX; an HTML source's marked text; j/k through the findings."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from browserutil import Server, Watch
from playwright.sync_api import expect

from xxgk.render import render
from xxgk.synth import generate


def _upload_pdf(page: Any, tmp_path: Path, seed: int, agency: str) -> None:
    pdf = tmp_path / f"{agency}.pdf"
    pdf.write_bytes(render(generate(seed, agency=agency, year=2023), "pdf"))
    page.goto("/upload")
    page.set_input_files("#upload-files", str(pdf))
    page.click("#upload-form button[type=submit]")  # the JS sends it and polls the job
    expect(page.locator("#upload-status")).to_contain_text("已完成", timeout=120_000)
    link = page.locator("#upload-lines a", has_text=agency)
    assert link.count() == 1, page.locator("#upload-lines").inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/reports/\d+$"))


def test_upload_a_pdf_and_see_its_findings(server: Server, page: Any, watch: Watch, tmp_path: Path) -> None:
    _upload_pdf(page, tmp_path, 101, "浏览器测试县民政局")
    assert "浏览器测试县民政局" in page.locator("h1").inner_text()
    assert page.locator("li.finding").count() >= 1  # the generated report leaves the 第六部分 items out (C-12)
    assert page.locator("svg.boxes rect.box").count() > 20  # its pages with the cells' boxes
    watch.assert_clean()


def test_correct_a_cell_audit_and_version_then_export(server: Server, page: Any, watch: Watch,
                                                      tmp_path: Path) -> None:
    _upload_pdf(page, tmp_path, 102, "浏览器测试县财政局")
    cell = page.locator('table.official td[data-cell="applications/new/0"]')
    old = cell.inner_text().strip()
    cell.click()  # picks the cell in the correction form
    assert page.locator("#correct-cell").input_value() == "applications/new/0"
    assert page.locator("#correct-value").input_value() == old
    new = str(int(old or "0") + 5)
    page.fill("#correct-value", new)
    page.fill("#correct-form input[name=reason]", "核对原件第2页")
    page.click("#correct-form button[type=submit]")
    page.wait_for_url(re.compile(r"/reports/\d+#audit$"))
    audit = page.locator("table.audit tbody").inner_text()
    assert "核对原件第2页" in audit and "本地用户" in audit and new in audit
    versions = page.locator("table.versions tbody tr")
    assert versions.count() == 2 and "correction" in versions.nth(1).inner_text()
    assert "（当前）" in versions.nth(1).inner_text()
    assert page.locator('table.official td[data-cell="applications/new/0"]').inner_text().strip() == new
    with page.expect_download() as info:
        page.click("p.exports a:has-text('XLSX')")
    data = Path(info.value.path()).read_bytes()
    from openpyxl import load_workbook

    rows = [r for ws in load_workbook(io.BytesIO(data), read_only=True).worksheets
            for r in ws.iter_rows(values_only=True)]
    assert any("浏览器测试县财政局" in r and int(new) in r for r in rows)
    watch.assert_clean()


def test_html_source_text_marks_select_the_cell(server: Server, page: Any, watch: Watch) -> None:
    report = server.report_id("行政审批局", 2024)  # examples/007_pingtan_xzsp_2024.html: an HTML source
    page.goto(f"/reports/{report}")
    marks = page.locator("pre.source-text mark[data-cell]")
    assert marks.count() > 20
    mark = marks.nth(3)
    key = mark.get_attribute("data-cell")
    cell = page.locator(f"table.official td[data-cell='{key}']")
    assert cell.inner_text().strip() and cell.inner_text().strip() in mark.inner_text()
    mark.click()  # selects the same cell in the table, and picks it in the correction form
    assert "selected" in (cell.get_attribute("class") or "")
    assert page.locator("#correct-cell").input_value() == key
    watch.assert_clean()


def test_keyboard_walks_the_findings(server: Server, page: Any, watch: Watch) -> None:
    report = server.report_id("公安局", 2022)  # the TXT fixture
    page.goto(f"/reports/{report}")
    findings = page.locator("li.finding")
    assert findings.count() >= 2  # C-08, C-12, C-13 on this report
    page.locator("h1").click()
    page.keyboard.press("j")  # next
    first, second = findings.nth(0).get_attribute("id"), findings.nth(1).get_attribute("id")
    assert page.evaluate("() => document.activeElement.id") == first
    page.keyboard.press("j")
    assert page.evaluate("() => document.activeElement.id") == second
    page.keyboard.press("k")  # previous
    assert page.evaluate("() => document.activeElement.id") == first
    watch.assert_clean()
