"""编写年报: the fill-in form of the official tables, totals and findings live (the CLI's own code), drafts,
downloads that parse back to the same cells, hostile input, and the author's agency."""

from __future__ import annotations

import copy
import io
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from webutil import csrf_of, log_in

from xxgk.record import Report, json_default, plain_value
from xxgk.render.skeleton import skeleton
from xxgk.render.totals import complete
from xxgk.rules import check
from xxgk.synth import generate
from xxgk.template import APPLICATIONS, FORMATS, TABLES, CellKind

AGENCY = "青山区交通运输局"
FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def token(client: TestClient) -> str:
    return csrf_of(client.get("/write").text)


def body_of(report: Report) -> dict[str, Any]:
    """The JSON the page's script posts for ``report``: every cell as typed text ("" for a blank)."""
    cells = {}
    for t, r, c, cell in report.cells():
        v = cell.value
        cells[f"{t}/{r}/{c}"] = "" if v is None else str(plain_value(v))
    return {"agency": report.agency, "year": report.year, "template": report.template,
            "published_on": report.published_on, "cells": cells,
            "sections": {str(s.number): s.text for s in report.sections}}


def post(client: TestClient, path: str, body: dict[str, Any], tok: str) -> Any:
    return client.post(path, content=json.dumps(body, default=json_default),
                       headers={"X-CSRF-Token": tok, "Content-Type": "application/json"})


def as_json(obj: Any) -> Any:
    return json.loads(json.dumps(obj, ensure_ascii=False, default=json_default))


# ------------------------------------------------------------------ the form
@pytest.mark.parametrize("template", list(FORMATS))
def test_form_is_the_new_record_with_labels_from_the_template(local: TestClient, template: str) -> None:
    page = local.get(f"/write?template={template}")
    assert page.status_code == 200
    html = page.text
    record = skeleton("x", 2023, template)
    inputs = dict(re.findall(r'name="cell:([^"]+)" value="([^"]*)"', html))
    # every cell of the ``xxgk new`` record is in the form, with its value: 0 in details, computed ones blank
    assert set(inputs) == {f"{t}/{r}/{c}" for t, r, c, _ in record.cells()}
    for t, r, c, cell in record.cells():
        assert inputs[f"{t}/{r}/{c}"] == ("" if cell.value is None else "0")
    assert inputs["applications/total/0"] == "" and inputs["applications/new/0"] == "0"
    for row in APPLICATIONS.rows_for(template):
        assert row.label in html, row.label
    active = "active" if template == "2021" else "active_2019"
    for row in TABLES[active].rows:
        assert f'data-cell="{active}/{row.key}/0"' in html
    for col in TABLES[active].columns:
        assert col.label in html
    api = local.get(f"/api/write?template={template}").json()
    assert api["template"] == template and api["cells"] == inputs
    labels = {c["text"] for s in api["sections"] for g in s["tables"] for c in g["cells"] if c["role"] != "value"}
    assert {r.printed for r in APPLICATIONS.rows_for(template)} <= labels
    assert local.get("/write?template=1999").status_code == 404
    assert local.get("/write?year=<b>x").status_code == 200  # not a year: last year's form, not an error page
    assert local.get("/api/write?year=2022").json()["year"] == 2022


def test_blank_stays_blank_and_bad_cells_are_named(local: TestClient) -> None:
    tok = token(local)
    body = body_of(skeleton(AGENCY, 2023))
    body["cells"] |= {"applications/new/0": "", "applications/new/1": "abc", "applications/granted/0": "-2",
                      "applications/granted/1": "1.5", "review_litigation/review/0": "1" * 40,
                      "active/fees_10k_yuan/0": "１.25"}  # full-width digits are digits
    data = post(local, "/api/write/check", body, tok).json()
    errors = data["errors"]
    assert set(errors) == {"applications/new/1", "applications/granted/0", "applications/granted/1",
                           "review_litigation/review/0"}
    assert "“abc”不是数字" in errors["applications/new/1"] and "本年新收" in errors["applications/new/1"]
    assert "负数" in errors["applications/granted/0"] and "不是整数" in errors["applications/granted/1"]
    assert "过长" in errors["review_litigation/review/0"]
    # a blank detail cell leaves its totals blank: never computed as if it were 0
    assert "applications/new/6" not in data["computed"]
    assert "applications/total/0" not in data["computed"]
    assert data["computed"]["applications/carried_over/6"] == 0
    # the page re-renders what was typed, marks the bad cells and lists their errors
    fields = {"csrf_token": tok, "action": "check", "agency": AGENCY, "year": "2023", "template": "2021"}
    fields |= {f"cell:{k}": v for k, v in body["cells"].items()}
    page = local.post("/write", data=fields)
    assert page.status_code == 200
    assert re.search(r'name="cell:applications/new/1" value="abc"[^>]*class="cell bad', page.text)
    assert "“abc”不是数字" in page.text


def test_totals_and_findings_live(local: TestClient) -> None:
    tok = token(local)
    body = body_of(skeleton(AGENCY, 2023))
    body["cells"] |= {"applications/new/0": "7", "applications/granted/0": "4", "applications/partially_granted/0": "1"}
    data = post(local, "/api/write/check", body, tok).json()
    assert data["computed"]["applications/new/6"] == 7
    assert data["computed"]["applications/total/0"] == 5
    assert data["computed"]["applications/carried_forward/0"] == 2
    assert not [f for f in data["findings"] if f["severity"] == "error"]
    assert "本年度共收到政府信息公开申请7件" in data["draft"]["3"]
    # a typed total that contradicts the rows is an error finding on that cell, and stops the download
    body["cells"]["applications/total/0"] = "9"
    data = post(local, "/api/write/check", body, tok).json()
    errs = [f for f in data["findings"] if f["severity"] == "error"]
    assert errs and any(f["location"].get("path") == "applications.rows.total[0]" or
                        "applications.rows.total[0]" in f.get("cells", []) for f in errs)
    refused = post(local, "/api/write/docx", body, tok)
    assert refused.status_code == 422 and "错误" in refused.json()["detail"]
    assert post(local, "/api/write/docx?force=true", body, tok).status_code == 200
    # the same through the page: the download is refused with the reason, findings listed
    fields = {"csrf_token": tok, "action": "docx", "agency": AGENCY, "year": "2023", "template": "2021"}
    fields |= {f"cell:{k}": v for k, v in body["cells"].items()}
    page = local.post("/write", data=fields)
    assert page.status_code == 422 and "未生成文件" in page.text and 'class="finding sev-error"' in page.text
    forced = local.post("/write", data=fields | {"force": "1"})
    assert forced.status_code == 200 and forced.content[:2] == b"PK"


_NUMBER = st.one_of(st.none(), st.integers(0, 40))


@settings(max_examples=25, deadline=None, suppress_health_check=FIXTURES)
@given(template=st.sampled_from(list(FORMATS)), data=st.data())
def test_api_totals_and_findings_are_the_clis(local: TestClient, template: str, data: st.DataObject) -> None:
    """Random numbers (blanks included): the API's totals are xxgk.render.totals' and its findings
    xxgk.rules.check's on the same record."""
    record = skeleton(AGENCY, 2023, template)
    for _t, _r, _c, cell in record.cells():
        cell.value = data.draw(_NUMBER)
    for t, r, c, cell in record.cells():  # money and signed cells take their own kinds of numbers
        k = TABLES[t].row_columns(TABLES[t].row(r))[c].kind
        if k is CellKind.MONEY_10K and cell.value is not None:
            cell.value = Decimal(cell.value) / 4
        elif k is CellKind.SIGNED and cell.value is not None:
            cell.value -= 20
    answer = post(local, "/api/write/check", body_of(record), token(local)).json()
    assert answer["errors"] == {}
    expected = complete(copy.deepcopy(record))
    computed = {f"{t}/{r}/{c}": plain_value(cell.value) for t, r, c, cell in expected.cells()
                if record.tables[t].value(r, c) is None and cell.value is not None}  # type: ignore[union-attr]
    assert answer["computed"] == as_json(computed)
    assert answer["findings"] == as_json([f.to_json() for f in check(expected).findings])


@settings(max_examples=12, deadline=None, suppress_health_check=FIXTURES)
@given(seed=st.integers(0, 10_000), template=st.sampled_from(list(FORMATS)))
def test_blanked_totals_come_back(local: TestClient, seed: int, template: str) -> None:
    """A consistent report with every computable total left blank: the API computes the printed totals."""
    report = generate(seed, template=template, agency=AGENCY, year=2023 if template == "2021" else 2020)
    blanked = copy.deepcopy(report)
    width = len(APPLICATIONS.columns)
    for key, cells in blanked.tables["applications"].rows.items():  # type: ignore[union-attr]
        for c, cell in enumerate(cells):
            if key in ("total", "carried_forward") or c == width - 1:
                cell.value = None
    answer = post(local, "/api/write/check", body_of(blanked), token(local)).json()
    for key, cells in report.tables["applications"].rows.items():  # type: ignore[union-attr]
        for c, cell in enumerate(cells):
            if key in ("total", "carried_forward") or c == width - 1:
                assert answer["computed"][f"applications/{key}/{c}"] == cell.value
    assert not [f for f in answer["findings"] if f["severity"] == "error"]


# ------------------------------------------------------------------ hostile input
_HOSTILE = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["<script>alert(1)</script>", '" onerror="alert(1)', "javascript:alert(1)", "\x00\x0b\ud800",
                     "1e999", "NaN", "-0", "٣", "1" * 5000, "{{ 7*7 }}", "../../etc/passwd"]),
)


# what a JSON body can carry besides text: any number (Infinity and NaN included), booleans, null
_ANY = st.one_of(_HOSTILE, st.floats(), st.integers(-10**40, 10**40), st.booleans(), st.none())


@settings(max_examples=50, deadline=None, suppress_health_check=FIXTURES)
@given(agency=_ANY, year=_ANY, cell=_ANY, text=_ANY, published=_ANY)
def test_hostile_text_never_breaks_the_api(local: TestClient, agency: Any, year: Any, cell: Any, text: Any,
                                           published: Any) -> None:
    tok = token(local)
    body = {"agency": agency, "year": year, "template": "2021", "published_on": published,
            "cells": {"applications/new/0": cell, "active/fees_10k_yuan/0": cell}, "sections": {"1": text, "3": text}}
    answer = post(local, "/api/write/check", body, tok)
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert set(data["errors"]) <= {"agency", "year", "published_on", "applications/new/0", "active/fees_10k_yuan/0"}
    for fmt in ("docx", "yaml"):
        r = post(local, f"/api/write/{fmt}?force=true", body, tok)
        assert r.status_code in (200, 422), r.text
        if r.status_code == 422:
            assert data["errors"], "refused only for a named error"


@pytest.mark.parametrize("raw", ["Infinity", "-Infinity", "NaN", "1e400", "true", "[1]", '{"a": 1}', "-0.0"])
def test_odd_json_values_are_named_errors(local: TestClient, raw: str) -> None:
    """JSON's own odd numbers (Infinity overflowed the formatter: a 500 before) are a cell's error."""
    tok = token(local)
    body = (f'{{"agency": "x", "year": {raw}, "cells": {{"applications/new/0": {raw}, '
            f'"active/fees_10k_yuan/0": {raw}}}, "sections": {{"1": {raw}}}}}')
    r = local.post("/api/write/check", content=body.encode(), headers={"X-CSRF-Token": tok,
                                                                      "Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    assert "year" in r.json()["errors"]


def test_hostile_text_is_escaped_on_the_page(local: TestClient) -> None:
    tok = token(local)
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    fields = {"csrf_token": tok, "action": "check", "agency": payload, "year": "2023", "template": "2021",
              "cell:applications/new/0": payload, "section:1": payload, "section:5": "javascript:alert(1)"}
    page = local.post("/write", data=fields)
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    # a body that is not a form object is a clear error, not a 500
    bad = local.post("/api/write/check", content=b"[1, 2", headers={"X-CSRF-Token": tok,
                                                                   "Content-Type": "application/json"})
    assert bad.status_code == 400 and "JSON" in bad.json()["detail"]
    assert post(local, "/api/write/check", [1], tok).status_code == 422  # type: ignore[arg-type]
    assert post(local, "/api/write/check", {"cells": []}, tok).status_code == 422
    huge = {"agency": "x", "year": 2023, "sections": {"1": "长" * 600_000}}
    assert post(local, "/api/write/check", huge, tok).status_code == 413
    assert post(local, "/api/write/exe", {}, tok).status_code == 404
    assert local.post("/api/write/check", json={}).status_code == 403  # no CSRF token


# ------------------------------------------------------------------ drafts and downloads
def test_draft_fills_sections_two_to_four(local: TestClient) -> None:
    tok = token(local)
    cells = {f"cell:{k}": v for k, v in body_of(skeleton(AGENCY, 2023))["cells"].items()}
    base = cells | {"csrf_token": tok, "agency": AGENCY, "year": "2023", "template": "2021",
            "cell:applications/new/0": "3", "cell:applications/granted/0": "3", "section:3": "",
            "section:4": "已写的文字"}
    page = local.post("/write", data=base | {"action": "draft"})
    assert page.status_code == 200
    area3 = re.search(r'name="section:3"[^>]*>([^<]*)</textarea>', page.text)
    area4 = re.search(r'name="section:4"[^>]*>([^<]*)</textarea>', page.text)
    assert area3 and "本年度共收到政府信息公开申请3件" in area3.group(1)
    assert area4 and area4.group(1) == "已写的文字"  # written text is kept unless 重新生成（覆盖）
    page = local.post("/write", data=base | {"action": "redraft"})
    area4 = re.search(r'name="section:4"[^>]*>([^<]*)</textarea>', page.text)
    assert area4 and "未发生" in area4.group(1)


def test_docx_download_parses_back_to_the_same_cells(local: TestClient) -> None:
    import docx

    from xxgk.parse import parse_bytes

    report = generate(11, agency=AGENCY, year=2023, published_on="2024-01-20")
    typed = copy.deepcopy(report)
    typed.tables["applications"].rows["total"] = [type(c)(None) for c in typed.tables["applications"].rows["total"]]  # type: ignore[union-attr]
    r = post(local, "/api/write/docx", body_of(typed), token(local))
    assert r.status_code == 200, r.text
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
    document = docx.Document(io.BytesIO(r.content))
    assert len(document.tables) >= 3 and any(AGENCY in p.text for p in document.paragraphs)
    parsed = parse_bytes(r.content, "written.docx", "docx")
    assert parsed.agency == AGENCY and parsed.year == 2023
    want = {(t, k, c): cell.value for t, k, c, cell in report.cells()}
    got = {(t, k, c): cell.value for t, k, c, cell in parsed.cells()}
    assert got == want  # the blanked totals came back computed, every other cell as typed


def test_pdf_download(local: TestClient) -> None:
    import pypdfium2 as pdfium

    r = post(local, "/api/write/pdf", body_of(generate(3, agency=AGENCY, year=2023)), token(local))
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    pdf = pdfium.PdfDocument(r.content)
    assert len(pdf) >= 2
    assert AGENCY in pdf[0].get_textpage().get_text_range()


def test_record_download_and_load_round_trip(local: TestClient) -> None:
    from xxgk.record_file import loads

    tok = token(local)
    fields = {"csrf_token": tok, "action": "yaml", "agency": AGENCY, "year": "2022", "template": "2019",
              "cell:applications/new/0": "4", "cell:applications/granted/0": "", "section:1": "总体情况文字"}
    r = local.post("/write", data=fields)
    assert r.status_code == 200 and r.content.startswith(b"#")
    record = loads(r.content, "r.yaml")
    assert record.template == "2019" and record.year == 2022 and "active_2019" in record.tables
    assert record.tables["applications"].value("new", 0) == 4  # type: ignore[union-attr]
    assert record.tables["applications"].value("granted", 0) is None  # blank stays blank  # type: ignore[union-attr]
    page = local.post("/write/load", data={"csrf_token": tok}, files={"record": ("r.yaml", r.content)})
    assert page.status_code == 200 and "已载入记录文件" in page.text
    assert 'name="cell:applications/new/0" value="4"' in page.text
    assert 'name="cell:applications/granted/0" value=""' in page.text
    assert 'data-cell="active_2019/procurement/1"' in page.text and "总体情况文字" in page.text
    bad = local.post("/write/load", data={"csrf_token": tok}, files={"record": ("x.yaml", b"\xff\xfe<html>")})
    assert bad.status_code == 422 and "无法载入记录文件" in bad.text


def test_switching_template_keeps_agency_and_texts(local: TestClient) -> None:
    tok = token(local)
    page = local.post("/write", data={"csrf_token": tok, "action": "switch", "agency": AGENCY, "year": "2020",
                                      "template": "2019", "section:1": "保留的文字",
                                      "cell:active/rules/0": "5"})
    assert page.status_code == 200
    assert 'data-cell="active_2019/rules/0"' in page.text and 'data-cell="active/rules/0"' not in page.text
    assert "保留的文字" in page.text and f'value="{AGENCY}"' in page.text
    assert 'name="cell:applications/other/0"' in page.text  # 2019: （六）其他处理 is one row


# ------------------------------------------------------------------ roles
def test_author_writes_only_for_their_agency(served: TestClient) -> None:
    assert served.post("/api/write/check", json={}).status_code in (401, 403)
    tok = log_in(served, "auth")
    page = served.get("/write")
    assert page.status_code == 200
    assert re.search(r'name="agency" value="某某市某某区人民政府" readonly', page.text)
    body = body_of(skeleton("某某市某某区人民政府", 2023))
    assert post(served, "/api/write/check", body, tok).status_code == 200
    other = body | {"agency": "别的单位"}
    r = post(served, "/api/write/check", other, tok)
    assert r.status_code == 403 and "本单位" in r.json()["detail"]
    assert post(served, "/api/write/docx?force=true", other, tok).status_code == 403
    blank = body | {"agency": ""}  # the form's agency is theirs whatever is sent blank
    r = post(served, "/api/write/yaml", blank, tok)
    assert r.status_code == 200 and "某某市某某区人民政府" in r.text
    served.post("/logout", data={"csrf_token": tok})
    tok = log_in(served, "rev")
    assert post(served, "/api/write/check", other, tok).status_code == 200
