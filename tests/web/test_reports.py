"""报告列表: filters, pinyin search, sort, pagination, the author's own agency, escaping."""

from __future__ import annotations

from fastapi.testclient import TestClient
from webutil import finding, log_in, put

from xxgk.store import Store
from xxgk.synth import generate

HAIDIAN = "北京市海淀区人民政府"
CHAOYANG = "北京市朝阳区教育局"
AUTHOR_AGENCY = "某某市某某区人民政府"


def fill(store: Store) -> dict[str, int]:
    ids = {}
    ids["hd2023"] = put(store, generate(1, agency=HAIDIAN, year=2023), [finding("C-01", "error")])
    ids["hd2022"] = put(store, generate(2, agency=HAIDIAN, year=2022))
    ids["cy2023"] = put(store, generate(3, agency=CHAOYANG, year=2023), [finding("C-14", "warning")])
    ids["own2023"] = put(store, generate(4, agency=AUTHOR_AGENCY, year=2023))
    return ids


def names(client: TestClient, **params: str) -> list[tuple[str, int]]:
    r = client.get("/api/reports", params=params)
    assert r.status_code == 200, r.text
    return [(row["agency"], row["year"]) for row in r.json()["rows"]]


def test_filters(local: TestClient, store: Store) -> None:
    fill(store)
    assert len(names(local)) == 4
    assert set(names(local, year="2022")) == {(HAIDIAN, 2022)}
    assert names(local, status="error") == [(HAIDIAN, 2023)]
    assert names(local, status="warning") == [(CHAOYANG, 2023)]
    assert set(names(local, status="clean")) == {(HAIDIAN, 2022), (AUTHOR_AGENCY, 2023)}
    assert set(names(local, status="unreviewed")) == {(HAIDIAN, 2023), (CHAOYANG, 2023)}
    assert names(local, rule="C-14") == [(CHAOYANG, 2023)]
    assert {n for n, _ in names(local, q="海淀")} == {HAIDIAN}
    assert names(local, template="2019") == []
    assert local.get("/api/reports", params={"status": "nonsense"}).status_code == 422
    assert local.get("/api/reports", params={"year": "abc"}).status_code == 422


def test_pinyin_initials(local: TestClient, store: Store) -> None:
    fill(store)
    assert {n for n, _ in names(local, q="hdq")} == {HAIDIAN}
    assert {n for n, _ in names(local, q="CYQJYJ")} == {CHAOYANG}
    assert names(local, q="zzz") == []


def test_sort_and_pages(local: TestClient, store: Store) -> None:
    fill(store)
    by_year = names(local, sort="year", order="desc")
    assert [y for _, y in by_year] == [2023, 2023, 2023, 2022]
    first = local.get("/api/reports", params={"per_page": "3", "sort": "errors", "order": "desc"}).json()
    assert first["total"] == 4 and first["pages"] == 2 and len(first["rows"]) == 3
    assert first["rows"][0]["agency"] == HAIDIAN and first["rows"][0]["errors"] == 1
    second = local.get("/api/reports", params={"per_page": "3", "page": "2", "sort": "errors",
                                               "order": "desc"}).json()
    assert len(second["rows"]) == 1
    seen = {r["id"] for r in first["rows"]} | {r["id"] for r in second["rows"]}
    assert len(seen) == 4


def test_page_renders_and_links(local: TestClient, store: Store) -> None:
    ids = fill(store)
    r = local.get("/reports", params={"per_page": "2", "q": "北京"})
    assert r.status_code == 200
    assert f'href="/reports/{ids["hd2023"]}"' in r.text
    assert "下一页" in r.text and "q=%E5%8C%97%E4%BA%AC" in r.text  # the filters kept in the page links
    assert "第 1 / 2 页" in r.text


def test_author_sees_only_own_agency(served: TestClient, store: Store) -> None:
    fill(store)
    log_in(served, "auth")
    assert names(served) == [(AUTHOR_AGENCY, 2023)]
    assert names(served, q="hdq") == []
    log_in(served, "rev")
    assert len(names(served)) == 4


def test_failed_lists_failures(local: TestClient, store: Store) -> None:
    fill(store)
    data = local.get("/api/reports", params={"status": "failed"}).json()
    assert data["rows"] == [] and data["failures"] == []
    assert "没有解析失败的文件" in local.get("/reports", params={"status": "failed"}).text


def test_hostile_agency_name_escaped(local: TestClient, store: Store) -> None:
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>人民政府'
    put(store, generate(5, agency=evil, year=2023))
    page = local.get("/reports").text
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    page = local.get("/reports", params={"q": '"><script>alert(3)</script>'}).text
    assert "<script>alert(3)" not in page


def test_counts_not_made_are_not_zero(local: TestClient, store: Store) -> None:
    """The list does not count sources and versions: its JSON says so (null), never a false 0."""
    from webutil import put_pdf

    put_pdf(store, generate(5, agency=HAIDIAN, year=2021))
    [row] = local.get("/api/reports", params={"year": "2021"}).json()["rows"]
    assert row["sources"] in (None, 1) and row["versions"] in (None, 1)
