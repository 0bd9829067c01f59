"""The charts of 统计与对标 and 单位 (static/chart.js over the vendored ECharts) in a real browser."""

from __future__ import annotations

import re
from typing import Any

from browserutil import Server, Watch


def _drawn(page: Any, selector: str) -> None:
    page.wait_for_selector(f"{selector}[data-ready='1'] canvas")


def test_stats_charts_draw_and_lead_to_the_reports(server: Server, page: Any, watch: Watch) -> None:
    page.goto("/stats?year=2023")
    for kind in ("coverage", "rules", "distribution"):
        _drawn(page, f"div.chart[data-chart='{kind}']")
    # the distribution follows the metric chosen; each agency is a point leading to its report
    chosen = page.locator("#metric-select option").nth(1)
    page.select_option("#metric-select", chosen.get_attribute("value"))
    _drawn(page, "div.chart[data-chart='distribution']")
    data = page.evaluate("""() => {
        const el = document.querySelector("div.chart[data-chart='distribution']");
        const opt = echarts.getInstanceByDom(el).getOption();
        return {title: opt.title[0].text, points: opt.series[0].data, lines: opt.series[0].markLine.data};
    }""")
    assert data["title"].startswith(chosen.inner_text())
    assert data["points"], data
    assert [line["name"] for line in data["lines"]] == ["P25", "P50", "P75"]
    # clicking the first point opens its report
    x, y = page.evaluate("""() => {
        const el = document.querySelector("div.chart[data-chart='distribution']");
        const chart = echarts.getInstanceByDom(el);
        return chart.convertToPixel({seriesIndex: 0}, chart.getOption().series[0].data[0].value);
    }""")
    chart = page.locator("div.chart[data-chart='distribution']")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + x, box["y"] + y)
    assert re.search(r"/reports/\d+$", page.url), page.url
    watch.assert_clean()


def test_agency_page_ranks_and_trend(server: Server, page: Any, watch: Watch) -> None:
    page.goto("/agencies")
    page.locator("table a[href^='/agencies/']").first.click()
    _drawn(page, "div.chart[data-chart='benchmark']")
    _drawn(page, "#rank-chart")
    assert page.locator("#trend-metric option").count() > 5
    watch.assert_clean()
