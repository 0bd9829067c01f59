"""单位: search (pinyin initials too), one agency's reports year by year, the author's own agency only."""

from __future__ import annotations

from fastapi.testclient import TestClient
from webutil import log_in, put

from xxgk.store import Store
from xxgk.synth import generate


def test_agency_years_and_search(local: TestClient, store: Store) -> None:
    put(store, generate(1, agency="北京市海淀区人民政府", year=2022))
    put(store, generate(2, agency="北京市海淀区人民政府", year=2023))
    put(store, generate(3, agency="临江县教育局", year=2023))
    found = local.get("/api/agencies", params={"q": "hdq"}).json()["agencies"]
    assert [a["name"] for a in found] == ["北京市海淀区人民政府"]
    data = local.get(f"/api/agencies/{found[0]['id']}").json()
    assert [y["year"] for y in data["years"]] == [2022, 2023]
    page = local.get(f"/agencies/{found[0]['id']}").text
    assert "历年报告" in page and ">2023</a>" in page
    assert "临江县教育局" in local.get("/agencies").text
    assert local.get("/api/agencies/9999").status_code == 404


def test_author_only_own_agency(served: TestClient, store: Store) -> None:
    put(store, generate(4, agency="某某市某某区人民政府", year=2023))
    put(store, generate(5, agency="临江县教育局", year=2023))
    log_in(served, "auth")
    names = [a["name"] for a in served.get("/api/agencies").json()["agencies"]]
    assert names == ["某某市某某区人民政府"]
    other = store.find_agency("临江县教育局")
    assert other is not None and served.get(f"/api/agencies/{other.id}").status_code == 403
