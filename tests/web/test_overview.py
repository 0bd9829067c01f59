"""首页: this year's reports, errors, to review, missing and late agencies, latest batches and failures."""

from __future__ import annotations

from fastapi.testclient import TestClient
from webutil import finding, log_in, put

from xxgk.store import Store
from xxgk.store import schema as s
from xxgk.synth import generate


def test_overview_numbers(local: TestClient, store: Store) -> None:
    put(store, generate(1, agency="临江县教育局", year=2022))
    put(store, generate(2, agency="临江县教育局", year=2023), [finding("C-01", "error")])
    put(store, generate(3, agency="东湖区应急管理局", year=2023), [finding("D-01", "warning")])
    with store.write() as session:
        session.add(s.Agency(name="南岭县自然资源局", norm_name="南岭县自然资源局", expected=True))
    batch = store.start_batch(note="test")
    with store.write() as session:
        session.add(s.Failure(path="坏文件<script>.pdf", code="unreadable", reason="不是 PDF", batch_id=batch))
    store.finish_batch(batch, {"files": 1, "failed": 1})
    data = local.get("/api/overview").json()
    assert data["year"] == 2023 and data["reports_in_year"] == 2
    assert data["with_errors"] == 1 and data["to_review"] == 2
    assert data["coverage"]["missing"] == ["南岭县自然资源局"]
    assert data["batches"][0]["n_failures"] == 1 and data["batches"][0]["failures"][0]["reason"] == "不是 PDF"
    page = local.get("/").text
    assert "南岭县自然资源局" in page and "不是 PDF" in page
    assert "坏文件&lt;script&gt;.pdf" in page and "坏文件<script>" not in page


def test_overview_empty_store(local: TestClient) -> None:
    data = local.get("/api/overview").json()
    assert data["year"] is None and data["reports_in_year"] == 0
    assert local.get("/").status_code == 200


def test_author_overview_only_own(served: TestClient, store: Store) -> None:
    put(store, generate(4, agency="某某市某某区人民政府", year=2023))
    put(store, generate(5, agency="临江县教育局", year=2023), [finding("C-01", "error")])
    log_in(served, "auth")
    data = served.get("/api/overview").json()
    assert data["reports_in_year"] == 1 and data["with_errors"] == 0
    assert data["batches"] == [] and data["coverage"] is None and data["counts"] is None
