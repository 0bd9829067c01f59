"""Completeness and structure (C-01..C-06, C-08..C-14; C-07 lives with the identities).

Section rules run only when the report's text was read (records without sections, e.g. gold files,
have nothing to say about sections); table rules run on every record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..template import ACTIVE_2019, ACTIVE_2021, APPLICATIONS, REVIEW_LITIGATION, SECTIONS
from .context import Context, agency_kind, is_government, printed_row
from .model import Finding, Location
from .textutil import mentions_fee

_CN = "一二三四五六"


def check(ctx: Context) -> Iterator[Finding]:
    yield from _tables(ctx)
    if ctx.has_text:
        yield from _sections(ctx)
        yield from _content(ctx)
    yield from _title(ctx)


# ---------------------------------------------------------------- tables
def _tables(ctx: Context) -> Iterator[Finding]:
    new, old = ctx.table("active"), ctx.table("active_2019")
    if new is None and old is None:
        yield ctx.finding("C-03", Location(section=2), problem="第二部分缺少主动公开政府信息情况表格（第二十条第（一）（五）（六）（八）项）。",
                          problem_en="Section 二 tables are missing.")
    for table, t, fmt in ((new, ACTIVE_2021, "2021"), (old, ACTIVE_2019, "2019")):
        if table is None:
            continue
        for row in t.rows_for(fmt):
            if row.key not in table.rows:
                # The table is there but a row is not printed (real reports drop 规章): a warning.
                yield ctx.finding("C-03", Location(section=2, table=t.key, row=row.key), severity="warning",
                                  problem=f"第二部分表格缺少“{row.label}”行。", problem_en=f"Section 二 lacks row {row.key}.")
    apps = ctx.table("applications")
    if apps is None:
        yield ctx.finding("C-04", Location(section=3), problem="第三部分缺少收到和处理政府信息公开申请情况表格。",
                          problem_en="Section 三 table is missing.")
    else:
        yield from _application_rows(ctx)
    rl = ctx.table("review_litigation")
    if rl is None:
        yield ctx.finding("C-05", Location(section=4), problem="第四部分缺少行政复议、行政诉讼情况表格。",
                          problem_en="Section 四 table is missing.")
    else:
        for row in REVIEW_LITIGATION.rows:
            if row.key not in rl.rows:
                yield ctx.finding("C-05", Location(section=4, table=rl.key, row=row.key),
                                  problem=f"第四部分表格缺少“{row.label}”组。", problem_en=f"Section 四 lacks {row.key}.")


def _application_rows(ctx: Context) -> Iterator[Finding]:
    apps = ctx.table("applications")
    assert apps is not None
    fmt = ctx.fmt or "2021"
    subs = [r.key for r in APPLICATIONS.rows if r.group == "other"]
    has_subs = any(k in apps.rows for k in subs)
    for row in APPLICATIONS.rows:
        if row.key == "other" or row.group == "other":
            continue
        if row.key not in apps.rows:
            yield ctx.finding("C-04", Location(section=3, table="applications", row=row.key),
                              problem=f"第三部分表格缺少“{row.ordinal}{row.label}”行。",
                              problem_en=f"Table 三 lacks row {row.key}.")
    if not has_subs and "other" not in apps.rows:
        yield ctx.finding("C-04", Location(section=3, table="applications"), problem="第三部分表格缺少“（六）其他处理”。",
                          problem_en="Table 三 lacks （六）其他处理.")
    elif fmt == "2021" and not any(printed_row(apps, k) for k in subs) and printed_row(apps, "other"):
        # Seen in real 2021 reports; the identities use the single row, so this is not an arithmetic problem.
        yield ctx.finding("C-04", Location(section=3, table="applications", row="other"), severity="warning",
                          problem="第三部分“（六）其他处理”只列一行，未按2021年版格式分为三个分项。",
                          problem_en="Table 三 prints （六）其他处理 as one row instead of the three 2021 sub-rows.")


# ---------------------------------------------------------------- sections
def _norm(text: str) -> str:
    text = re.sub(r"^\s*(第?[一二三四五六七八九十]+[、.．\s]|[（(][一二三四五六][)）]|\d+[、.．])\s*", "", text)
    return re.sub(r"[\s。:：]", "", text)


# What a section's body talks about: when the text covers it, only the heading is missing (C-02, not C-01).
_SUBJECT = {
    5: (r"(主要|存在的?)问题", r"改进|整改|下一步"),
    6: (r"其他需要报告|信息处理费",),
}


def _sections(ctx: Context) -> Iterator[Finding]:
    numbers = [s.number for s in ctx.report.sections]
    missing = [n for n in range(1, 7) if n not in numbers]
    tables = {2: ("active", "active_2019"), 3: ("applications",), 4: ("review_litigation",)}
    whole = ctx.text()
    for n in missing:
        canonical = SECTIONS[n - 1]
        subject = _SUBJECT.get(n)
        if any(ctx.table(k) is not None for k in tables.get(n, ())) or (
            subject is not None and all(re.search(p, whole) for p in subject)
        ):
            # The section's table was read, so only its heading is missing.
            yield ctx.finding("C-02", Location(section=n), number=_CN[n - 1], heading="（缺少标题）",
                              canonical=f"{canonical.ordinal}{canonical.heading}")
            continue
        yield ctx.finding("C-01", Location(section=n),
                          problem=f"缺少第{_CN[n - 1]}部分“{canonical.ordinal}{canonical.heading}”。",
                          problem_en=f"Section {n} ({canonical.heading}) is missing.")
    present = [n for n in numbers if 1 <= n <= 6]
    if present != sorted(present):
        yield ctx.finding("C-01", Location(), problem="各部分顺序与标准格式不一致（" + "、".join(_CN[n - 1] for n in present)
                          + "）。", problem_en="Sections are out of order: " + ",".join(map(str, present)) + ".")
    for s in ctx.report.sections:
        if not 1 <= s.number <= 6 or not s.heading.strip():
            continue
        canonical = SECTIONS[s.number - 1]
        accepted = {_norm(canonical.heading), *(_norm(v) for v in canonical.variants)}
        if _norm(s.heading) not in accepted:
            yield ctx.finding("C-02", Location(section=s.number), number=_CN[s.number - 1], heading=s.heading.strip(),
                              canonical=f"{canonical.ordinal}{canonical.heading}")
    # Only when the text carries the table (its header words): otherwise the note's absence says nothing.
    if re.search(r"申请人情况|自然人", ctx.text(3)) and not re.search(r"[勾钩][稽嵇]", ctx.text()):
        yield ctx.finding("C-06", Location(section=3), note=APPLICATIONS.header_note)


_TOPICS = (("主动公开", r"主动公开"), ("依申请公开", r"依申请"), ("政府信息管理", r"信息管理|管理"),
           ("政府信息公开平台建设", r"平台"), ("监督保障", r"监督|保障|考核|培训"))
_SIX_ITEMS = (("落实上级政务公开工作要点", r"要点"), ("人大代表建议和政协提案办理结果公开", r"建议|提案"),
              ("年度创新情况", r"创新|亮点|特色"))


def _content(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.fmt
    one = ctx.report.section(1)
    if fmt == "2021" and one is not None and one.text.strip():
        missing = [name for name, pattern in _TOPICS if not re.search(pattern, one.text)]
        if missing:
            yield ctx.finding("C-08", Location(section=1), missing="、".join(missing))
    kind = agency_kind(ctx.report.agency, ctx.config.agency_kind)
    if is_government(kind) and not re.search(r"考核|评议|追责|责任追究", ctx.text()):
        yield ctx.finding("C-09", Location(section=1), agency=ctx.report.agency)
    five = ctx.report.section(5)
    if five is not None:
        problem = None
        if not five.text.strip():
            problem = ("内容为空", "empty")
        elif not re.search(r"问题|不足|短板|差距|薄弱|有待|不够|不高|欠缺", five.text):
            problem = ("未说明存在的主要问题", "no problems named")
        elif not re.search(r"改进|下一步|下步|整改|措施|加强|提升|完善|将", five.text):
            problem = ("未说明改进情况", "no improvement measures named")
        if problem:
            yield ctx.finding("C-10", Location(section=5), problem=problem[0], problem_en=problem[1])
    six = ctx.report.section(6)
    if fmt == "2021" and six is not None:
        if not mentions_fee(six.text):
            yield ctx.finding("C-11", Location(section=6))
        missing = [name for name, pattern in _SIX_ITEMS if not re.search(pattern, six.text)]
        if missing:
            yield ctx.finding("C-12", Location(section=6), missing="、".join(missing))
    flat = re.sub(r"\s", "", ctx.text())
    if not re.search(r"1月1日[^。；]{0,12}12月31日|统计期限|统计期间|统计时限|统计时段|统计周期", flat):
        yield ctx.finding("C-13", Location(section=1), year=ctx.report.year)


_TITLE_YEAR = re.compile(r"(?:19|20)\d{2}|二[〇○零Ｏ]")


def _names_agency(title: str, agency: str) -> bool:
    """Whether the title names the agency, in full or short: the name before the year may leave out the place
    above it and words of the full name (洪泽区政府 for 淮安市洪泽区人民政府), ending as the full name ends."""
    if agency in title:
        return True
    year = _TITLE_YEAR.search(title)
    name = title[: year.start()] if year else ""
    if len(name) < 2 or name[-1] != agency[-1]:
        return False
    rest = iter(agency)
    return all(ch in rest for ch in name)


def _title(ctx: Context) -> Iterator[Finding]:
    title = ctx.report.title
    if not title:
        return
    flat = re.sub(r"\s", "", title)
    missing = []
    if ctx.report.agency and not _names_agency(flat, re.sub(r"\s", "", ctx.report.agency)):
        missing.append("机关名称")
    if ctx.report.year and str(ctx.report.year) not in flat:
        missing.append("年度")
    if "政府信息公开工作年度报告" not in flat:
        missing.append("“政府信息公开工作年度报告”")
    if missing:
        yield ctx.finding("C-14", Location(), title=title, missing="、".join(missing))
