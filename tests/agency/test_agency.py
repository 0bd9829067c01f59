"""Agency kind and region read from names, against the national division codes (GB/T 2260)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xxgk.agency import (
    CITY,
    COUNTY,
    KINDS,
    PROVINCE,
    divisions,
    infer_kind,
    infer_region,
    parse_kind,
    rule_kind,
)


def test_division_table_is_national_and_hierarchical() -> None:
    d = divisions()
    assert d.year >= 2024
    provinces = [x for x in d.by_code.values() if x.level == PROVINCE]
    assert len(provinces) == 34  # 23 provinces, 5 autonomous regions, 4 municipalities, Hong Kong, Macao
    assert d.get("350128").name == "平潭县" and d.get("350128").parent == "350100"
    assert [x.code for x in d.chain("320813")] == ["320813", "320800", "320000"]
    assert d.path("110105") == "北京市朝阳区"  # 市辖区 is a code, not a place name
    assert d.get("110100").level == CITY
    for x in d.by_code.values():  # every division but a province rolls up to a division one level above
        if x.level != PROVINCE:
            parent = d.get(x.parent)
            assert parent is not None and parent.level == x.level - 1 and parent.province == x.province


@pytest.mark.parametrize(("name", "code"), [
    ("淮安市洪泽区人民政府", "320813"),
    ("沭阳县发展和改革局", "321322"),
    ("湘乡市应急管理局", "430381"),
    ("上海市科学技术委员会", "310000"),
    ("渝中区应急管理局", "500103"),
    ("平潭综合实验区", "350128"),  # short name at the start
    ("国家税务总局平潭综合实验区税务局", "350128"),  # after a central service's name
    ("北京市朝阳区人民政府", "110105"),
    ("长春市朝阳区卫生健康局", "220104"),  # the city decides which 朝阳区
    ("福州市人力资源和社会保障局", "350100"),  # 资源 (资源县) inside a word is not a place
    ("晋城市城区人民政府", "140502"),
    ("新疆维吾尔自治区和田地区和田县人民政府", "653221"),
    ("洪泽县人民政府", "320813"),  # a former name (洪泽县 became 洪泽区 in 2016): today's division
    ("长乐市人民政府", "350112"),  # 长乐市 → 福州市长乐区 (2017)
])
def test_region_from_name(name: str, code: str) -> None:
    assert infer_region(name).code == code


def test_region_unknown_or_ambiguous_is_none_with_reason() -> None:
    g = infer_region("朝阳区人民政府")
    assert g.code is None and set(g.candidates) == {"110105", "220104"} and "多个" in g.reason
    assert infer_region("高新区应急救援保障中心").code is None
    assert infer_region(None).code is None and infer_region("").code is None


def test_corpus_agencies_get_a_region(corpus: Path) -> None:
    found = {}
    for path in sorted(corpus.glob("*/*.gold.json")):
        agency = json.loads(path.read_text(encoding="utf-8")).get("agency")
        if agency:
            found[agency] = infer_region(agency).code
    assert found["平潭综合实验区自然资源与生态环境局"] == "350128"
    assert found["淮安市洪泽区人民政府"] == "320813"
    assert found["上海市科学技术委员会"] == "310000"
    assert found["高新区应急管理局"] is None  # which 高新区 the name does not say


@pytest.mark.parametrize(("name", "kind"), [
    ("淮安市洪泽区人民政府", "local_gov"),
    ("沭阳县发展和改革局", "dept"),
    ("某某镇人民政府", "township"),
    ("某某街道办事处", "township"),
    ("国家税务总局平潭综合实验区税务局", "vertical"),
    ("平潭综合实验区", "zone_gov"),
])
def test_kind_from_name(name: str, kind: str) -> None:
    assert infer_kind(name) == kind


def test_kind_vocabulary() -> None:
    assert parse_kind("部门") == "dept" and parse_kind("垂直管理") == "vertical" and parse_kind("dept") == "dept"
    with pytest.raises(ValueError, match="unknown agency kind"):
        parse_kind("衙门")
    assert rule_kind("vertical") == "dept"  # a vertically managed branch keeps the department deadline
    assert all(rule_kind(k.key) in ("local_gov", "dept", "township", "zone_gov", "zone", "other") for k in KINDS)
    assert infer_kind(None) is None and COUNTY == 3
