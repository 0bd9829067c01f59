"""报告详情 and 审核 in a real browser: a finding, its box on the PDF page image and its cell in the table are
the same cell; a finding dismissed with a comment."""

from __future__ import annotations

from typing import Any

from browserutil import Server, Watch


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (outer["x"] <= inner["x"] and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1
            and outer["y"] <= inner["y"] and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 1)


def test_a_finding_shows_its_box_on_the_page_image_and_its_cell(server: Server, page: Any, watch: Watch) -> None:
    report = server.report_id("洪泽区", 2023)  # the PDF fixture: cells carry their page and box
    page.goto(f"/reports/{report}")
    boxed = [key for key in page.locator("li.finding[data-cell]").evaluate_all(
        "els => els.map(e => e.getAttribute('data-cell'))")
        if page.locator(f"rect.box[data-cell='{key}']").count()]
    assert boxed, "no finding of the PDF report points at a cell with a box"
    key = boxed[0]
    finding = page.locator(f"li.finding[data-cell='{key}']")
    rect = page.locator(f"rect.box[data-cell='{key}']").first
    cell = page.locator(f"td[data-cell='{key}']")
    assert "selected" not in (rect.get_attribute("class") or "")
    finding.locator("strong").click()
    assert "selected" in (rect.get_attribute("class") or "")
    assert "selected" in (cell.get_attribute("class") or "")
    # the box is drawn over the rendered page, where the image has loaded
    image = rect.locator("xpath=ancestor::div[contains(@class,'page-wrap')]/img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    # both measured in one go: the page scrolls smoothly to the box meanwhile
    rect_box, image_box = rect.evaluate("""r => {
        const img = r.closest(".page-wrap").querySelector("img");
        const box = b => ({x: b.x, y: b.y, width: b.width, height: b.height});
        return [box(r.getBoundingClientRect()), box(img.getBoundingClientRect())];
    }""")
    assert rect_box["width"] > 3 and _inside(rect_box, image_box), (rect_box, image_box)
    # and the other way: a table cell selects its box; the keyboard walks the findings
    other = page.locator("td[data-cell]").filter(has_not=page.locator("xpath=self::*[contains(@class,'blank')]"))
    target = next(k for k in other.evaluate_all("els => els.map(e => e.getAttribute('data-cell'))")
                  if k != key and page.locator(f"rect.box[data-cell='{k}']").count())
    page.locator(f"td[data-cell='{target}']").click()
    assert "selected" in (page.locator(f"rect.box[data-cell='{target}']").first.get_attribute("class") or "")
    assert "selected" not in (rect.get_attribute("class") or "")
    watch.assert_clean()


def test_dismiss_a_finding_with_a_comment(server: Server, page: Any, watch: Watch) -> None:
    report = server.report_id("行政审批局", 2024)
    page.goto(f"/reports/{report}")
    item = page.locator("li.finding").filter(has_text="C-12")
    assert "[open]" in item.inner_text()
    finding_id = item.get_attribute("id")
    # without a comment the dismissal is refused, and nothing changes
    item.locator("button[value='dismiss']").click()
    assert "驳回问题需要填写理由" in page.locator("main").inner_text()
    page.goto(f"/reports/{report}")
    item = page.locator(f"li#{finding_id}")
    assert "[open]" in item.inner_text()
    item.locator("input[name='comment']").fill("第六部分另有说明 <b>已核对</b>")
    item.locator("button[value='dismiss']").click()
    page.wait_for_url(f"**/reports/{report}#{finding_id}")
    item = page.locator(f"li#{finding_id}")
    assert "state-dismissed" in (item.get_attribute("class") or "")
    assert "[dismissed] 第六部分另有说明 <b>已核对</b> — " in item.inner_text()  # the comment as typed, escaped
    assert item.locator("b").count() == 0
    assert item.locator("button[value='reopen']").count() == 1
    watch.console_errors = [e for e in watch.console_errors if "422" not in e]  # the refused dismissal
    watch.assert_clean()
