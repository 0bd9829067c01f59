"""Agencies in the store: kind and region at first sight, expected-agency import (all or nothing, bad rows by
line), to-do of agencies met at ingest, set by hand, merge. SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from sqlalchemy import func, select
from storeutil import agency, put

from xxgk.commands.agencies import agencies_cmd
from xxgk.store import Store
from xxgk.store import schema as s
from xxgk.store.agencies import AgencyListError, checker_kind, import_list, merge, set_agency, todo
from xxgk.synth import generate

LIST = """名称,类型,区划,上级,原名
福州市人民政府,人民政府,350100,,
福州市应急管理局,部门,,福州市人民政府,福州市安全生产监督管理局
平潭综合实验区,开发区,平潭县,福州市人民政府,
国家税务总局平潭综合实验区税务局,,,,
"""


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def n_agencies(store: Store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(s.Agency)) or 0


def test_agency_met_at_ingest_gets_kind_and_region_but_is_not_expected(store: Store) -> None:
    put(store, generate(1, agency="淮安市洪泽区人民政府", year=2023))
    a = agency(store, "淮安市洪泽区人民政府")
    assert (a.kind, a.kind_origin, a.region_code, a.region_origin) == ("local_gov", "name", "320813", "name")
    assert not a.expected
    assert [t.name for t in todo(store)] == ["淮安市洪泽区人民政府"]


def test_import_list(store: Store, tmp_path: Path) -> None:
    put(store, generate(2, agency="福州市应急管理局", year=2023))  # met at ingest before the list came
    result = import_list(store, write(tmp_path / "list.csv", LIST))
    assert (result.created, result.updated, result.aliases) == (3, 1, 1)
    gov = agency(store, "福州市人民政府")
    dept = agency(store, "福州市安全生产监督管理局")  # a former name finds the agency
    assert dept.name == "福州市应急管理局" and dept.expected and dept.parent_id == gov.id
    assert (dept.kind, dept.kind_origin) == ("dept", "list")
    assert (dept.region_code, dept.region_origin) == ("350100", "name")  # read from the name: none listed
    zone = agency(store, "平潭综合实验区")
    assert (zone.kind, zone.region_code, zone.region_origin) == ("zone_gov", "350128", "list")
    tax = agency(store, "国家税务总局平潭综合实验区税务局")
    assert tax.kind == "vertical" and tax.kind_origin == "name" and checker_kind(tax) is None
    assert checker_kind(zone) == "zone_gov" and checker_kind(dept) == "dept"
    assert todo(store) == []  # the agency met at ingest is now expected
    # imported twice: nothing new
    assert import_list(store, str(tmp_path / "list.csv")).created == 0
    assert n_agencies(store) == 4


def test_bad_rows_are_named_by_line_and_nothing_is_imported(store: Store, tmp_path: Path) -> None:
    bad = LIST + "某某局,衙门,,,\n,部门,,,\n福州市应急管理局,部门,,,\n某某办,部门,999999,,\n某某委,部门,,不存在的机关,\n"
    with pytest.raises(AgencyListError) as info:
        import_list(store, write(tmp_path / "bad.csv", bad))
    lines = [line for line, _ in info.value.problems]
    assert lines == [6, 7, 8, 9]  # kind, name, duplicate (line 3), unknown code
    assert "nothing imported" in str(info.value) and "bad.csv:8:" in str(info.value)
    assert n_agencies(store) == 0
    # a parent that is nowhere is found at write time: the transaction is rolled back whole
    with pytest.raises(AgencyListError) as info:
        import_list(store, write(tmp_path / "parent.csv", LIST + "某某委,部门,,不存在的机关,\n"))
    assert info.value.problems[0][0] == 6
    assert n_agencies(store) == 0


def test_unreadable_lists(store: Store, tmp_path: Path) -> None:
    for name, data, words in (("x.csv", "类型,区划\n部门,350100\n", "no name column"), ("y.csv", "名称,颜色\n甲,红\n", "unknown column"),
                              ("z.csv", "", "empty")):
        with pytest.raises(AgencyListError, match=words):
            import_list(store, write(tmp_path / name, data))
    (tmp_path / "w.xlsx").write_bytes(b"not a zip")
    with pytest.raises(AgencyListError, match="XLSX"):
        import_list(store, str(tmp_path / "w.xlsx"))
    with pytest.raises(AgencyListError):
        import_list(store, str(tmp_path / "missing.csv"))


def test_xlsx_and_gb18030(store: Store, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "kind", "region"])
    sheet.append(["沭阳县发展和改革局", "dept", 321322])
    sheet.append(["沭阳县人民政府", None, None])
    book.save(tmp_path / "list.xlsx")
    assert import_list(store, str(tmp_path / "list.xlsx")).created == 2
    assert agency(store, "沭阳县发展和改革局").region_code == "321322"
    (tmp_path / "gbk.csv").write_bytes("名称\n湘乡市应急管理局\n".encode("gb18030"))
    assert import_list(store, str(tmp_path / "gbk.csv")).created == 1


def test_set_by_hand_and_merge(store: Store, tmp_path: Path) -> None:
    import_list(store, write(tmp_path / "list.csv", LIST))
    put(store, generate(3, agency="平潭实验区", year=2022))  # a printed variant: a to-do
    put(store, generate(4, agency="平潭综合实验区", year=2023))
    items = todo(store)
    assert [(t.name, t.years) for t in items] == [("平潭实验区", (2022,))]
    assert items[0].suggestions[0] == "平潭综合实验区"
    assert merge(store, "平潭实验区", "平潭综合实验区") == 1
    assert todo(store) == [] and agency(store, "平潭实验区").name == "平潭综合实验区"
    assert len(store.reports(agency="平潭综合实验区")) == 2
    # a merge that would give one agency two reports for a year is refused whole
    put(store, generate(5, agency="平潭综合实验区管委会", year=2023))
    with pytest.raises(ValueError, match="2023"):
        merge(store, "平潭综合实验区管委会", "平潭综合实验区")
    assert agency(store, "平潭综合实验区管委会").name == "平潭综合实验区管委会"
    set_agency(store, "平潭综合实验区管委会", kind="开发区", region="350128")
    a = agency(store, "平潭综合实验区管委会")
    assert (a.kind, a.kind_origin, a.region_code, a.region_origin) == ("zone_gov", "hand", "350128", "hand")
    with pytest.raises(ValueError, match="多个"):
        set_agency(store, "平潭综合实验区管委会", region="朝阳区")
    with pytest.raises(KeyError):
        set_agency(store, "没有这个机关", kind="部门")


def test_cli(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    good = write(tmp_path / "list.csv", LIST)
    res = runner.invoke(agencies_cmd, ["import", good, "--db", db_url])
    assert res.exit_code == 0 and "4 new" in res.output
    bad = write(tmp_path / "bad.csv", "名称,类型\n甲局,衙门\n")
    res = runner.invoke(agencies_cmd, ["import", bad, "--db", db_url])
    assert res.exit_code == 1 and "bad.csv:2:" in res.output and "Traceback" not in res.output
    res = runner.invoke(agencies_cmd, ["list", "--db", db_url])
    assert "平潭综合实验区  [开发区]  350128 福建省福州市平潭县" in res.output
    with Store(db_url, data_dir=tmp_path / "d") as store:
        put(store, generate(6, agency="福州市应急局", year=2024))
    res = runner.invoke(agencies_cmd, ["todo", "--db", db_url])
    assert "福州市应急局  2024  → 福州市应急管理局" in res.output
    assert runner.invoke(agencies_cmd, ["merge", "福州市应急局", "--into", "福州市应急管理局", "--db", db_url]).exit_code == 0
    res = runner.invoke(agencies_cmd, ["set", "福州市应急管理局", "--kind", "衙门", "--db", db_url])
    assert res.exit_code == 1 and "unknown agency kind" in res.output
