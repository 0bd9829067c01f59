"""编写年报 in a real browser: typing numbers updates the computed totals and the findings (write.js over
/api/write/check), and the DOCX download is the filled-in report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from browserutil import Server, Watch

AGENCY = "临江县应急管理局"


def cell(page: Any, key: str) -> Any:
    return page.locator(f'input[name="cell:{key}"]')


def test_fill_in_see_totals_and_findings_download_docx(server: Server, page: Any, watch: Watch,
                                                       tmp_path: Path) -> None:
    from playwright.sync_api import expect

    from xxgk.parse import parse_bytes

    response = page.goto("/write?template=2021")
    assert response is not None and response.status == 200
    page.fill('input[name="agency"]', AGENCY)
    page.fill('input[name="year"]', "2024")
    page.fill('input[name="published_on"]', "2025-01-20")
    # a total left blank is computed as the numbers are typed
    cell(page, "applications/new/0").fill("6")
    cell(page, "applications/granted/0").fill("4")
    cell(page, "applications/partially_granted/0").fill("1")
    expect(cell(page, "applications/new/6")).to_have_attribute("placeholder", "6")
    expect(cell(page, "applications/total/0")).to_have_attribute("placeholder", "5")
    expect(cell(page, "applications/carried_forward/0")).to_have_attribute("placeholder", "1")
    expect(page.locator("#findings li.sev-error")).to_have_count(0)
    # a printed total that contradicts the rows: an error finding appears, naming the cell
    cell(page, "applications/total/0").fill("9")
    expect(page.locator("#findings li.sev-error").first).to_be_visible()
    assert "总计" in page.locator("#findings li.sev-error").first.inner_text()
    # a non-number is named in the errors list and the cell is marked
    cell(page, "applications/new/1").fill("十二")
    expect(page.locator("#cell-errors li")).to_contain_text("不是数字")
    expect(cell(page, "applications/new/1")).to_have_class("cell bad")
    cell(page, "applications/new/1").fill("0")
    cell(page, "applications/total/0").fill("")
    expect(page.locator("#findings li.sev-error")).to_have_count(0)
    expect(page.locator("#draft-3")).to_contain_text("本年度共收到政府信息公开申请6件")
    page.locator('.use-draft[data-section="3"]').click()
    expect(page.locator('textarea[name="section:3"]')).to_have_value(page.locator("#draft-3").inner_text())
    with page.expect_download() as info:
        page.get_by_role("button", name="下载 DOCX").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx") and AGENCY in download.suggested_filename
    path = tmp_path / "written.docx"
    download.save_as(path)
    parsed = parse_bytes(path.read_bytes(), "written.docx", "docx")
    assert parsed.agency == AGENCY and parsed.year == 2024
    table = parsed.tables["applications"]
    assert table is not None
    assert (table.value("new", 0), table.value("total", 0), table.value("carried_forward", 0)) == (6, 5, 1)
    assert table.value("new", 6) == 6
    watch.assert_clean()


def test_hostile_text_in_the_form_never_runs(server: Server, page: Any, watch: Watch) -> None:
    from playwright.sync_api import expect

    payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    page.goto("/write")
    page.fill('input[name="agency"]', payload)
    page.fill('textarea[name="section:1"]', payload + " javascript:alert(3)")
    cell(page, "applications/new/0").fill(payload[:30])
    # the cell's error quotes the typed text as text (write.js writes with textContent)
    expect(page.locator("#cell-errors li")).to_contain_text("不是数字")
    assert "<img src=x" in page.locator("#cell-errors li").first.inner_text()
    assert page.locator("#cell-errors img, #findings img, #cell-errors script").count() == 0
    # the no-JavaScript path re-renders the posted form escaped
    page.get_by_role("button", name="检查").click()
    expect(page.locator('input[name="agency"]')).to_have_value(payload)
    assert page.locator("main img").count() == 0
    page.wait_for_timeout(300)
    watch.assert_clean()


def test_choosing_the_2019_format_reloads_its_rows(server: Server, page: Any, watch: Watch) -> None:
    from playwright.sync_api import expect

    page.goto("/write")
    page.fill('input[name="agency"]', AGENCY)
    page.fill('textarea[name="section:1"]', "保留的总体情况")
    with page.expect_navigation():
        page.select_option("#write-template", "2019")
    expect(cell(page, "active_2019/procurement/1")).to_be_visible()
    assert cell(page, "active/rules/0").count() == 0
    expect(page.locator('input[name="agency"]')).to_have_value(AGENCY)
    expect(page.locator('textarea[name="section:1"]')).to_have_value("保留的总体情况")
    # 2019: （六）其他处理 is one row; typing in it still recomputes
    cell(page, "applications/other/0").fill("2")
    expect(cell(page, "applications/other/6")).to_have_attribute("placeholder", "2")
    watch.assert_clean()
