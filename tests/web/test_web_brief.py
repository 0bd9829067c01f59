"""下载简报: the statistics page links the briefings; each format downloads, links point into this app and the
report page carries the cell anchors they point at; authors may not."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from lxml import html as lxml_html
from openpyxl import load_workbook
from webutil import finding, log_in, put

from xxgk.store import Store
from xxgk.synth import generate


def test_download_buttons_and_files(local: TestClient, store: Store) -> None:
    put(store, generate(1, agency="福州市鼓楼区教育局", year=2023),
        [finding("T3-01", "error", table="applications", row="new", column=6)])
    put(store, generate(2, agency="福州市台江区教育局", year=2023))
    page = local.get("/stats", params={"year": "2023", "region": "福州市"})
    for fmt in ("docx", "pdf", "html", "xlsx"):
        assert f"/brief.{fmt}?year=2023&amp;region=%E7%A6%8F%E5%B7%9E%E5%B8%82" in page.text
    html = local.get("/brief.html", params={"year": "2023", "region": "福州市"})
    assert html.status_code == 200 and "attachment" in html.headers["content-disposition"]
    doc = lxml_html.fromstring(html.content)
    links = [a.get("href") for a in doc.xpath("//a[@data-source]") if "#cell-" in (a.get("href") or "")]
    assert links and all(h.startswith("http://testserver/reports/") for h in links)
    # the anchor exists on the report page the link opens
    path, anchor = links[0].removeprefix("http://testserver").split("#")
    report = lxml_html.fromstring(local.get(path).content)
    assert report.xpath(f'//*[@id="{anchor}"]')
    xlsx = local.get("/brief.xlsx", params={"year": "2023"})
    assert "数字来源" in load_workbook(io.BytesIO(xlsx.content)).sheetnames
    docx = local.get("/brief.docx", params={"agency": "福州市鼓楼区教育局"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert local.get("/brief.txt").status_code == 404
    assert local.get("/brief.docx", params={"agency": "没有这个局"}).status_code == 404


def test_authors_may_not_download(served: TestClient, store: Store) -> None:
    put(store, generate(1, agency="某某市某某区人民政府", year=2023))
    log_in(served, "auth")
    assert served.get("/brief.docx").status_code == 403
