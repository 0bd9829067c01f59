"""审核 (rest): correct a cell with a reason (new version, re-checked, findings update), the audit trail,
exports of the reviewed result, and a text source shown escaped with the matched spans marked."""

from __future__ import annotations

import io
import re
from typing import Any

from fastapi.testclient import TestClient
from webutil import csrf_of, log_in, put

from xxgk.parse import parse_bytes
from xxgk.record import Report
from xxgk.render import render
from xxgk.rules import check
from xxgk.store import Store
from xxgk.synth import generate

CELL = "applications/new/0"  # 自然人 · 本年新收政府信息公开申请数量


def put_source(store: Store, record: Report, fmt: str, path: str) -> int:
    """Render ``record`` as ``fmt``, parse it back (cells with their spans) and store source and version."""
    from xxgk.store import schema as s
    from xxgk.store.versions import agency_for, insert_version, report_for

    data = render(record, fmt)
    parsed = parse_bytes(data, path, fmt)
    findings = [f.to_json() for f in check(parsed).findings]
    digest = store.blobs.put(data)
    with store.write() as session:
        agency = agency_for(session, parsed.agency)
        report, _ = report_for(session, agency.id, parsed.year, None)
        source = s.Source(sha256=digest, report_id=report.id, format=fmt, size=len(data), path=path)
        session.add(source)
        session.flush()
        version = insert_version(session, report.id, parsed, source_id=source.id, findings=findings)
        report.active_version_id = version.id
        return int(report.id)


def _cell(data: dict[str, Any], key: str) -> dict[str, Any]:
    return next(c for c in data["cells"] if f"{c['table']}/{c['row']}/{c['column']}" == key)


def test_correct_from_the_page_new_version_findings_and_audit(local: TestClient, store: Store) -> None:
    rid = put(store, generate(21, agency="东城区发展和改革委员会", year=2023))
    before = local.get(f"/api/reports/{rid}").json()
    assert _cell(before, CELL)["value"] == "7" and before["audit"] == []
    errors_before = [f for f in before["findings"] if f["severity"] == "error"]
    page = local.get(f"/reports/{rid}").text
    assert f'<option value="{CELL}"' in page and "尚无更正" in page
    token = csrf_of(page)
    r = local.post(f"/reports/{rid}/corrections", data={"cell": CELL, "value": "9", "reason": "见原件第3页",
                                                        "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/reports/{rid}#audit"
    after = local.get(f"/api/reports/{rid}").json()
    assert after["version"]["kind"] == "correction" and after["version"]["parent_id"] == before["version"]["id"]
    assert _cell(after, CELL)["value"] == "9"
    # re-checked at once: the row no longer adds up to its printed total
    errors_after = [f for f in after["findings"] if f["severity"] == "error"]
    assert len(errors_after) > len(errors_before)
    assert [v["kind"] for v in after["versions"]] == ["parse", "correction"]
    [entry] = after["audit"]
    assert (entry["who"], entry["why"], entry["old"], entry["new"]) == ("本地用户", "见原件第3页", "7", "9")
    assert entry["cell"] == "applications.new.natural_person" and entry["key"] == CELL
    html = local.get(f"/reports/{rid}").text
    audit = html.split('id="audit"', 1)[1].split("</table>", 1)[0]
    assert "见原件第3页" in audit and "本地用户" in audit and ">7<" in audit and ">9<" in audit
    assert "（当前）" in html.split('id="versions"', 1)[1]
    # blank is a value of its own, not zero
    r = local.post(f"/api/reports/{rid}/corrections", json={"changes": {CELL: "空白"}, "reason": "原件此格空白"},
                   headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    assert r.json()["changed"][0]["new"] is None
    assert _cell(local.get(f"/api/reports/{rid}").json(), CELL)["value"] is None
    assert len(local.get(f"/api/reports/{rid}/audit").json()["audit"]) == 2


def test_correction_refusals(local: TestClient, store: Store) -> None:
    rid = put(store, generate(22, agency="西城区民政局", year=2023))
    token = local.get("/api/me").json()["csrf_token"]
    h = {"X-CSRF-Token": token}
    r = local.post(f"/api/reports/{rid}/corrections", json={"changes": {CELL: "9"}, "reason": " "}, headers=h)
    assert r.status_code == 422 and "理由" in r.json()["detail"]
    r = local.post(f"/api/reports/{rid}/corrections", json={"changes": {CELL: "九个"}, "reason": "x"}, headers=h)
    assert r.status_code == 422 and r.json()["detail"]
    r = local.post(f"/api/reports/{rid}/corrections", json={"changes": {"nosuch/row/0": "1"}, "reason": "x"},
                   headers=h)
    assert r.status_code == 422
    value = _cell(local.get(f"/api/reports/{rid}").json(), CELL)["value"]
    r = local.post(f"/api/reports/{rid}/corrections", json={"changes": {CELL: value}, "reason": "x"}, headers=h)
    assert r.status_code == 422 and "nothing to correct" in r.json()["detail"]
    r = local.post(f"/api/reports/{rid}/corrections", json={"changes": {CELL: "1"}, "reason": "x"})
    assert r.status_code == 403  # no CSRF token
    assert local.post("/api/reports/99999/corrections", json={"changes": {CELL: "1"}, "reason": "x"},
                      headers=h).status_code == 404
    assert len(local.get(f"/api/reports/{rid}").json()["versions"]) == 1


def test_author_corrects_only_their_own(served: TestClient, store: Store) -> None:
    own = put(store, generate(23, agency="某某市某某区人民政府", year=2023))
    other = put(store, generate(24, agency="北京市海淀区人民政府", year=2023))
    token = log_in(served, "auth")
    h = {"X-CSRF-Token": token}
    body = {"changes": {CELL: "5"}, "reason": "填报更正"}
    assert served.post(f"/api/reports/{other}/corrections", json=body, headers=h).status_code == 403
    assert served.get(f"/api/reports/{other}/audit").status_code == 403
    assert served.get(f"/api/reports/{other}/export/xlsx").status_code == 403
    assert served.get(f"/reports/{other}/export.pdf").status_code == 403
    r = served.post(f"/api/reports/{own}/corrections", json=body, headers=h)
    assert r.status_code == 200 and r.json()["version"]["created_by"] == "auth"
    served.post("/logout", data={"csrf_token": token})
    token = log_in(served, "rev")
    r = served.post(f"/api/reports/{other}/corrections", json=body, headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and r.json()["version"]["created_by"] == "rev"


def test_exports_carry_the_correction(local: TestClient, store: Store) -> None:
    from openpyxl import load_workbook

    rid = put(store, generate(25, agency="朝阳区卫生健康委员会", year=2023))
    slash = put(store, generate(31, agency="某局/../某处", year=2023))
    assert "/" not in local.get(f"/reports/{slash}/export.docx").headers["content-disposition"].split("''")[1]
    token = local.get("/api/me").json()["csrf_token"]
    r = local.post(f"/api/reports/{rid}/corrections", json={"changes": {CELL: "123"}, "reason": "核对原件"},
                   headers={"X-CSRF-Token": token})
    assert r.status_code == 200
    page = local.get(f"/reports/{rid}").text
    assert f'href="/reports/{rid}/export.xlsx"' in page
    x = local.get(f"/reports/{rid}/export.xlsx")
    assert x.status_code == 200 and "attachment" in x.headers["content-disposition"]
    disposition = x.headers["content-disposition"]
    assert "filename*=UTF-8''" in disposition and "/" not in disposition.split("filename*=UTF-8''")[1]
    wb = load_workbook(io.BytesIO(x.content), read_only=True)
    values = [tuple(row) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)]
    assert any("朝阳区卫生健康委员会" in row and 123 in row for row in values)
    assert "问题" in wb.sheetnames
    d = local.get(f"/api/reports/{rid}/export/docx")
    assert d.status_code == 200 and d.content[:2] == b"PK"
    back = parse_bytes(d.content, "back.docx", "docx")
    assert back.tables["applications"] is not None
    assert back.tables["applications"].rows["new"][0].value == 123
    p = local.get(f"/api/reports/{rid}/export/pdf")
    assert p.status_code == 200 and p.content.startswith(b"%PDF")
    assert parse_bytes(p.content, "back.pdf", "pdf").tables["applications"].rows["new"][0].value == 123  # type: ignore[union-attr]
    assert local.get(f"/api/reports/{rid}/export/exe").status_code == 404


def test_html_source_text_escaped_with_spans(local: TestClient, store: Store) -> None:
    record = generate(26, agency="海淀区教育委员会", year=2023)
    record.sections[0].text = '<script>alert("x")</script><img src=x onerror=alert(1)>' + record.sections[0].text
    rid = put_source(store, record, "html", "<b>来源</b>.html")
    data = local.get(f"/api/reports/{rid}").json()
    pieces = data["source_text"]
    assert pieces and any(p["cell"] for p in pieces)
    marked = {p["cell"]: p["text"] for p in pieces if p["cell"]}
    for key, text in marked.items():  # each mark is the printed text of its cell
        cell = _cell(data, key)
        assert text == cell["raw"], (key, text, cell)
    html = local.get(f"/reports/{rid}").text
    marks = re.findall(r'<mark data-cell="([^"]+)">([^<]*)</mark>', html)
    assert len(marks) == len(marked)
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>来源</b>" not in html
    assert "&lt;script&gt;" in html


def test_txt_and_docx_sources_marked(local: TestClient, store: Store) -> None:
    for seed, fmt in ((27, "docx"), (28, "txt")):
        rid = put_source(store, generate(seed, agency=f"测试区{fmt}局", year=2023), fmt, f"a.{fmt}")
        pieces = local.get(f"/api/reports/{rid}").json()["source_text"]
        assert pieces and sum(1 for p in pieces if p["cell"]) > 20, fmt


def test_an_earlier_version_is_shown_read_only(local: TestClient, store: Store) -> None:
    rid = put(store, generate(29, agency="丰台区水务局", year=2023))
    other = put(store, generate(30, agency="石景山区水务局", year=2023))
    token = local.get("/api/me").json()["csrf_token"]
    first = local.get(f"/api/reports/{rid}").json()["version"]["id"]
    old = _cell(local.get(f"/api/reports/{rid}").json(), CELL)["value"]
    r = local.post(f"/api/reports/{rid}/corrections", json={"changes": {CELL: "456"}, "reason": "核对"},
                   headers={"X-CSRF-Token": token})
    assert r.status_code == 200
    then = local.get(f"/api/reports/{rid}", params={"version": first}).json()
    assert then["version"]["id"] == first and then["is_active_version"] is False
    assert _cell(then, CELL)["value"] == old
    html = local.get(f"/reports/{rid}?version={first}").text
    assert "正在查看历史版本" in html and 'id="correct-form"' not in html
    assert f'data-cell="{CELL}">{old}<' in html
    now = local.get(f"/reports/{rid}").text
    assert 'id="correct-form"' in now and "正在查看历史版本" not in now and f'data-cell="{CELL}">456<' in now
    other_version = local.get(f"/api/reports/{other}").json()["version"]["id"]
    assert local.get(f"/api/reports/{rid}", params={"version": other_version}).status_code == 404
    assert local.get(f"/reports/{rid}?version=99999").status_code == 404
