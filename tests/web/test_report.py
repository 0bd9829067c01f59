"""报告详情: tables laid out from the template, blanks blank, findings tied to cells, PDF pages with boxes."""

from __future__ import annotations

import io
import re

from fastapi.testclient import TestClient
from PIL import Image
from webutil import finding, log_in, put, put_pdf

from xxgk.store import Store
from xxgk.synth import generate
from xxgk.template import APPLICATIONS


def test_pdf_report_page_boxes_and_png(local: TestClient, store: Store) -> None:
    rid, sid = put_pdf(store, generate(7, agency="临江县交通运输局", year=2023), "临江.pdf")
    data = local.get(f"/api/reports/{rid}").json()
    assert data["report"]["agency"] == "临江县交通运输局" and data["version"]["template"] == "2021"
    assert data["pdf_pages"], "a PDF source shows its pages"
    boxes = [b for p in data["pdf_pages"] for b in p["boxes"]]
    boxed_cells = {f"{c['table']}/{c['row']}/{c['column']}" for c in data["cells"] if c["box"]}
    assert boxes and {b["key"] for b in boxes} == boxed_cells
    page = local.get(f"/reports/{rid}")
    assert page.status_code == 200
    # every box on the image has a cell with the same key in the table beside it
    rect_keys = set(re.findall(r'<rect class="box" data-cell="([^"]+)"', page.text))
    td_keys = set(re.findall(r'<td class="[^"]*" data-cell="([^"]+)"', page.text))
    assert rect_keys and rect_keys <= td_keys
    png = local.get(data["pdf_pages"][0]["src"])
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    assert image.width > 500 and image.height > 700
    assert local.get(f"/api/sources/{sid}/pages/99.png").status_code == 404


def test_blank_is_blank_and_labels_from_template(local: TestClient, store: Store) -> None:
    record = generate(8, agency="青山区教育局", year=2022, blank_rate=1.0)
    rid = put(store, record, [finding("C-01", "error", table="applications", row="new", column=0)])
    page = local.get(f"/reports/{rid}").text
    for row in APPLICATIONS.rows_for("2021")[:3]:
        assert row.label in page
    assert 'class="num blank' in page  # blank cells drawn blank, not 0
    data = local.get(f"/api/reports/{rid}").json()
    blanks = [c for c in data["cells"] if c["semantic"] == "blank"]
    assert blanks and all(c["value"] is None for c in blanks)
    assert 'data-cell="applications/new/0"' in page and "flagged" in page


def test_missing_report_and_author_rules(served: TestClient, store: Store) -> None:
    other = put(store, generate(9, agency="北京市海淀区人民政府", year=2023))
    own = put(store, generate(10, agency="某某市某某区人民政府", year=2023))
    log_in(served, "auth")
    assert served.get(f"/api/reports/{own}").status_code == 200
    assert served.get(f"/api/reports/{other}").status_code == 403
    assert served.get(f"/reports/{other}").status_code == 403
    assert served.get("/api/reports/99999").status_code == 404


def test_hostile_content_escaped(local: TestClient, store: Store) -> None:
    record = generate(11, agency='"><img src=x onerror=alert(1)>局', year=2023)
    record.sections[0].heading = "<script>alert('h')</script>一、总体情况"
    record.sections[0].text = '<a href="javascript:alert(1)">点我</a>'
    rid = put(store, record)
    page = local.get(f"/reports/{rid}").text
    assert "<img src=x" not in page and "<script>alert('h')" not in page
    assert '<a href="javascript:' not in page
    assert "&lt;script&gt;" in page and "&lt;a href=&#34;javascript:alert(1)&#34;&gt;" in page


def test_review_confirm_dismiss(local: TestClient, store: Store) -> None:
    rid = put(store, generate(12, agency="西港区卫生健康委员会", year=2023),
              [finding("C-01", "error", table="applications", row="new", column=0), finding("C-14", "warning")])
    page = local.get(f"/reports/{rid}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    fids = [f["id"] for f in local.get(f"/api/reports/{rid}").json()["findings"]]
    # dismissing needs a comment
    r = local.post(f"/reports/{rid}/findings/{fids[0]}", data={"action": "dismiss", "csrf_token": token})
    assert r.status_code == 422
    r = local.post(f"/reports/{rid}/findings/{fids[0]}", data={"action": "dismiss", "comment": "原表如此<b>",
                                                              "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    r = local.post(f"/api/reports/{rid}/findings/{fids[1]}/review", json={"action": "confirm"},
                   headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and r.json()["review_state"] == "confirmed"
    data = local.get(f"/api/reports/{rid}").json()
    states = {f["id"]: (f["review_state"], f["review_comment"], f["reviewed_by"]) for f in data["findings"]}
    assert states[fids[0]] == ("dismissed", "原表如此<b>", "本地用户")
    listed = local.get("/api/reports", params={"status": "error"}).json()
    assert listed["total"] == 0  # the dismissed error no longer counts
    assert "原表如此&lt;b&gt;" in local.get(f"/reports/{rid}").text
    # without the token: refused
    assert local.post(f"/api/reports/{rid}/findings/{fids[1]}/review", json={"action": "reopen"}).status_code == 403


def test_review_roles(served: TestClient, store: Store) -> None:
    rid = put(store, generate(13, agency="某某市某某区人民政府", year=2023), [finding("C-01", "error")])
    token = log_in(served, "auth")
    fid = served.get(f"/api/reports/{rid}").json()["findings"][0]["id"]
    r = served.post(f"/api/reports/{rid}/findings/{fid}/review", json={"action": "confirm"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 403  # an author does not review
    token = log_in(served, "rev")
    r = served.post(f"/api/reports/{rid}/findings/{fid}/review", json={"action": "confirm"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and r.json()["reviewed_by"] == "rev"
    assert served.post(f"/api/reports/{rid}/findings/99999/review", json={"action": "confirm"},
                       headers={"X-CSRF-Token": token}).status_code == 404
