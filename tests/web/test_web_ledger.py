"""依申请台账 page: cases with working-day deadlines, a case added by form, CSV import (all or nothing), and
sections 三/四 of the year as xxgk.ledger.year_report computes them; an author keeps only their own ledger."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from webutil import csrf_of, log_in

from xxgk.ledger.store import Ledger
from xxgk.store import Store

AGENCY = "临江市自然资源局"
GOOD_CSV = ("编号,收到日期,收到方式,申请人类型,答复日期,办理结果\n"
            "B1,2024-03-01,网络,自然人,2024-03-15,予以公开\n"
            "B2,2024/12/20,邮寄,商业企业,,\n")


def _cell(sections: dict, table: str, row: str, col: int) -> object:
    return sections[table]["rows"][row][col]


def test_add_by_form_deadlines_and_sections(local: TestClient, store: Store) -> None:
    page = local.get("/ledger")
    assert page.status_code == 200 and 'name="agency"' in page.text
    token = csrf_of(page.text)
    form = {"csrf_token": token, "agency": AGENCY, "id": "A1", "received": "2024-02-01", "applicant": "自然人",
            "channel": "网络", "content": "某地块规划许可"}
    r = local.post("/ledger/cases", data=form, follow_redirects=False)
    assert r.status_code == 303
    form2 = form | {"id": "A2", "answered": "2024-02-20", "result": "予以公开", "extended": "是"}
    assert local.post("/ledger/cases", data=form2, follow_redirects=False).status_code == 303
    # the same 编号 again is refused, the message shown once on the page
    r = local.post("/ledger/cases", data=form, follow_redirects=True)
    assert "A1" in r.text and "编号已存在" in r.text
    assert "编号已存在" not in local.get(f"/ledger?agency={AGENCY}").text
    assert [c.id for c in Ledger(store, AGENCY).cases()] == ["A1", "A2"]

    data = local.get("/api/ledger", params={"agency": AGENCY, "on": "2024-03-06", "year": "2024"}).json()
    a1 = next(c for c in data["cases"] if c["id"] == "A1")
    # received Thu 2024-02-01; 20 working days over the Spring Festival (调休 Sundays worked) → Tue 03-05
    assert a1["deadline"] == "2024-03-05" and a1["overdue"] and a1["days_left"] == -1
    assert [c["id"] for c in data["due"]] == ["A1"]
    a2 = next(c for c in data["cases"] if c["id"] == "A2")
    assert a2["open"] is False and a2["answered_late"] is False and a2["result"] == "予以公开"
    sec = data["sections"]
    assert _cell(sec, "applications", "new", 0) == 2
    assert _cell(sec, "applications", "granted", 0) == 1
    assert _cell(sec, "applications", "carried_forward", 0) == 1
    assert _cell(sec, "applications", "new", 1) == 0
    html = local.get("/ledger", params={"agency": AGENCY, "on": "2024-03-06", "year": "2024"}).text
    assert "已逾期" in html and "2024-03-05" in html and "某地块规划许可" in html
    assert "2024 年度报告第三、四部分" in html and 'data-table="applications"' in html
    # the computed tables drawn like a report's: a cell a value, a count of 0 printed as 0 (not blank)
    assert '<td class="num" data-cell="applications/new/0">2</td>' in html
    assert '<td class="num" data-cell="applications/new/1">0</td>' in html


def test_import_csv_all_or_nothing(local: TestClient, store: Store) -> None:
    token = local.get("/api/me").json()["csrf_token"]
    h = {"X-CSRF-Token": token}
    bad = GOOD_CSV + "B3,2024-05-01,网络,外星人,,\nB4,2024-13-01,网络,自然人,,\n"
    r = local.post("/api/ledger/import", data={"agency": AGENCY}, files={"file": ("台账.csv", bad.encode(), "text/csv")},
                   headers=h)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert [e["line"] for e in detail["errors"]] == [4, 5] and "外星人" in detail["errors"][0]["error"]
    assert Ledger(store, AGENCY).cases() == []
    r = local.post("/api/ledger/import", data={"agency": AGENCY}, headers=h,
                   files={"file": ("台账.csv", GOOD_CSV.encode("gb18030"), "text/csv")})
    assert r.status_code == 200 and r.json() == {"agency": AGENCY, "added": 2, "updated": 0}
    assert not list((store.data_dir / "uploads").glob("ledger-*"))  # the sheet is not kept
    r = local.post("/api/ledger/import", data={"agency": AGENCY}, headers=h,
                   files={"file": ("x.exe", b"MZ", "application/octet-stream")})
    assert r.status_code == 422 and ".csv" in r.json()["detail"]
    # the form: a bad sheet comes back as a message listing its lines
    page = local.get("/ledger", params={"agency": AGENCY}).text
    r = local.post("/ledger/import", data={"agency": AGENCY, "csrf_token": csrf_of(page)},
                   files={"file": ("t.csv", bad.encode(), "text/csv")}, follow_redirects=True)
    assert re.search(r"第 4 行.*外星人", r.text)
    data = local.get("/api/ledger", params={"agency": AGENCY, "year": "2024", "on": "2025-01-10"}).json()
    assert {c["id"] for c in data["cases"]} == {"B1", "B2"}
    assert _cell(data["sections"], "applications", "carried_forward", 1) == 1


def test_author_keeps_only_their_ledger(served: TestClient, store: Store) -> None:
    Ledger(store, "北京市海淀区人民政府").save([])
    token = log_in(served, "auth")
    h = {"X-CSRF-Token": token}
    case = {"id": "C1", "received": "2024-04-01", "applicant": "自然人"}
    r = served.post("/api/ledger/cases", json={"case": case}, headers=h)
    assert r.status_code == 200 and r.json()["agency"] == "某某市某某区人民政府"
    r = served.post("/api/ledger/cases", json={"agency": "北京市海淀区人民政府", "case": case}, headers=h)
    assert r.status_code == 403
    assert served.get("/api/ledger", params={"agency": "北京市海淀区人民政府"}).status_code == 403
    data = served.get("/api/ledger").json()
    assert data["agency"] == "某某市某某区人民政府" and [c["id"] for c in data["cases"]] == ["C1"]
    assert 'name="agency"' not in served.get("/ledger").text
    r = served.post("/api/ledger/cases", json={"case": case | {"received": "不是日期"}}, headers=h)
    assert r.status_code == 422 and "收到日期" in r.json()["detail"]
    assert served.post("/api/ledger/cases", json={"case": case}).status_code == 403  # no CSRF token
