"""Narrative against tables (N-01..N-10) and X-01.

Numbers in the text (Arabic or Chinese numerals, 1.2万) are matched to the cells they describe. Every
pattern is deliberately narrow: a sentence it does not understand yields nothing. Only the two flat
contradictions (未收到申请 / 未发生复议诉讼 while the table has cases) are errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ..template import APPLICATIONS
from .context import Context, result_rows
from .model import Finding, Location
from .textutil import NUM, clauses, fee_amounts, mentions_fee, parse_number

TOT = len(APPLICATIONS.columns) - 1
_UNIT = r"\s*(?:件|份|条|宗|个)"


def _apps(ctx: Context, row: str) -> int | Decimal | None:
    t = ctx.table("applications")
    return None if t is None else t.value(row, TOT)


def _group(ctx: Context, keys: list[str]) -> int | Decimal | None:
    t = ctx.table("applications")
    if t is None or not keys:
        return None
    values = [t.value(k, TOT) for k in keys if k in t.rows]
    if not values or any(v is None for v in values):
        return None
    return sum(values)  # type: ignore[arg-type]


def _rl_totals(ctx: Context) -> tuple[int | None, int | None]:
    t = ctx.table("review_litigation")
    if t is None:
        return None, None
    review = t.value("review", 4)
    lit = [t.value(k, 4) for k in ("litigation_direct", "litigation_after_review")]
    return (None if review is None else int(review)), (None if None in lit else int(sum(lit)))  # type: ignore[arg-type]


def check(ctx: Context) -> Iterator[Finding]:
    yield from _cross_table(ctx)
    if not ctx.has_text:
        return
    yield from _applications(ctx)
    yield from _review(ctx)
    yield from _documents(ctx)
    yield from _fees(ctx)
    yield from _years(ctx)


def _cross_table(ctx: Context) -> Iterator[Finding]:
    new, carried = _apps(ctx, "new"), _apps(ctx, "carried_over")
    review, lit = _rl_totals(ctx)
    cases = (review or 0) + (lit or 0)
    if new == 0 and carried == 0 and cases > 0:
        yield ctx.finding("X-01", Location("review_litigation", "review", 4), value=cases)


# ---------------------------------------------------------------- section 三
_NO_APPS = re.compile(r"(未|没有)(收到|接到|受理|收到过|发生)(任何)?[^，。；,]{0,6}?(政府)?信息公开申请"
                      r"|(政府)?信息公开申请[^，。；,\d]{0,4}?(?<![\d.一二三四五六七八九十百])(0|零)件")
_COUNT_APPS = re.compile(r"(?:收到|受理|新收|接收|接到)[^。；，,\d]{0,14}?申请[^。；，,\d]{0,6}?(" + NUM + ")" + _UNIT
                         + r"|(?:收到|受理|新收|接收|接到)[^。；，,\d]{0,6}?(" + NUM + r")\s*件[^。；，,]{0,8}?申请")
_BREAKDOWN = (("予以公开", "granted"), ("部分公开", "partially_granted"), ("不予公开", "withheld"),
              ("无法提供", "unavailable"), ("不予处理", "rejected"), ("其他处理", "other"))
# "予以公开12件": the number a clause states for each result (compiled once: they run on every clause)
_BREAKDOWN_NUMBER = tuple((label, key, re.compile(label + r"[^。；，,\d、]{0,4}?(" + NUM + ")" + _UNIT))
                          for label, key in _BREAKDOWN)
_NOT_ABOUT_NEW = re.compile(r"补正|复议|诉讼|收费|费用|依申请公开工作")


def _applications(ctx: Context) -> Iterator[Finding]:
    new, carried, total = _apps(ctx, "new"), _apps(ctx, "carried_over"), _apps(ctx, "total")
    text = ctx.text(1) + "\n" + ctx.text(3)
    for clause in clauses(text):
        if _NOT_ABOUT_NEW.search(clause):
            continue
        m = _NO_APPS.search(clause)
        # "上年结转政府信息公开申请0件" speaks of carried-over applications, not of new ones
        if m and new is not None and new > 0 and "结转" not in clause[: m.end()]:
            yield ctx.finding("N-01", Location("applications", "new", TOT), quote=clause.strip(), value=new)
            continue
        m = _COUNT_APPS.search(clause)
        if m and new is not None and not re.search(r"结转|办结|答复|公开\d", clause[: m.start()]):
            stated = parse_number(m.group(1) or m.group(2))
            with_carried = new + (carried or 0)
            if stated is not None and stated not in (new, with_carried, total):
                yield ctx.finding("N-02", Location("applications", "new", TOT), quote=clause.strip(),
                                  stated=_n(stated), new=new, with_carried=with_carried)
    apps = ctx.table("applications")
    if apps is None:
        return
    groups = {
        "granted": ["granted"], "partially_granted": ["partially_granted"],
        "withheld": [r.key for r in APPLICATIONS.rows if r.group == "withheld"],
        "unavailable": [r.key for r in APPLICATIONS.rows if r.group == "unavailable"],
        "rejected": [r.key for r in APPLICATIONS.rows if r.group == "rejected"],
        "other": [k for k in result_rows(apps) if k == "other" or k.startswith("other_")],
    }
    for clause in clauses(ctx.text(3)):
        for label, key, number in _BREAKDOWN_NUMBER:
            m = number.search(clause)
            if not m:
                continue
            stated, value = parse_number(m.group(1)), _group(ctx, groups[key])
            if stated is not None and value is not None and stated != value:
                row = groups[key][0] if len(groups[key]) == 1 else key
                yield ctx.finding("N-03", Location("applications", groups[key][0], TOT), quote=clause.strip(),
                                  stated=_n(stated), row=label, value=value, values={"row": row, "stated": _n(stated),
                                                                                     "value": value})


# ---------------------------------------------------------------- section 四
_NEG = r"(未(?!经)|没有|无)(发生|出现|收到|接到|涉及|有|被申请|被提起|因)?"
# compiled once: they run on every clause of sections 一 and 四
_OUTCOME_OR_COUNT = re.compile(r"纠正|纠错|败诉|撤销|确认违法|维持|\d|[|\t]")
_NONE_CLAIMED = re.compile(_NEG + r"[^，。；,]{0,24}?(行政复议|复议|行政诉讼|诉讼)")
_CASES_STATED = {word: re.compile(word + r"[^。；，,\d]{0,6}?(" + NUM + r")\s*(?:件|起|宗|次)")
                 for word in ("行政复议", "行政诉讼")}
_ALL_UPHELD = re.compile(r"均(获|被|予以)?维持|全部(被|获|予以)?维持|均维持")


def _review(ctx: Context) -> Iterator[Finding]:
    review, lit = _rl_totals(ctx)
    rl = ctx.table("review_litigation")
    for clause in clauses(ctx.text(4) + "\n" + ctx.text(1)):
        if _OUTCOME_OR_COUNT.search(clause):
            continue  # outcomes, counts or a table line: not a claim that nothing happened
        m = _NONE_CLAIMED.search(clause)
        if not m:
            continue
        tail = clause[m.start():]
        says_no_review = "复议" in tail and not re.search(r"复议后", tail)
        says_no_lit = "诉讼" in tail
        if says_no_review and review:
            yield ctx.finding("N-04", Location("review_litigation", "review", 4), quote=clause.strip(), value=review,
                              kind="行政复议", kind_en="administrative reviews")
        if says_no_lit and lit:
            yield ctx.finding("N-04", Location("review_litigation", "litigation_direct", 4), quote=clause.strip(),
                              value=lit, kind="行政诉讼", kind_en="lawsuits")
    for clause in clauses(ctx.text(4)):
        for word, value, row, kind_en in (("行政复议", review, "review", "administrative reviews"),
                                          ("行政诉讼", lit, "litigation_direct", "lawsuits")):
            m = _CASES_STATED[word].search(clause)
            if not m or value is None:
                continue
            stated = parse_number(m.group(1))
            if stated is not None and stated != value:
                yield ctx.finding("N-05", Location("review_litigation", row, 4), quote=clause.strip(),
                                  stated=_n(stated), kind=word, kind_en=kind_en, value=value)
        if rl is not None and _ALL_UPHELD.search(clause):
            other = sum(int(rl.value(k, c) or 0) for k in rl.rows for c in (1, 2, 3))
            if other > 0:
                yield ctx.finding("N-10", Location("review_litigation", "review", 1), quote=clause.strip(),
                                  detail=f"结果纠正、其他结果或尚未审结共{other}件",
                                  detail_en=f"{other} corrected/other/pending")


# ---------------------------------------------------------------- section 二
_DOCS = (("issued", 0, r"(?:制发|印发|出台|制定)"), ("repealed", 1, r"废止"), ("in_force", 2, r"现行有效"))


def _documents(ctx: Context) -> Iterator[Finding]:
    active = ctx.table("active")
    if active is None:
        return
    for clause in re.split(r"[。；，,\n]", ctx.text(1) + "\n" + ctx.text(2)):
        row = "normative_documents" if "规范性文件" in clause else ("rules" if "规章" in clause else None)
        if row is None:
            continue
        for _, col, verb in _DOCS:
            m = re.search(verb + r"[^。；，,\d]{0,12}?(" + NUM + ")" + _UNIT, clause)
            value = active.value(row, col)
            if not m or value is None:
                continue
            stated = parse_number(m.group(1))
            if stated is not None and stated != value:
                label = "行政规范性文件" if row == "normative_documents" else "规章"
                column = ("本年制发件数", "本年废止件数", "现行有效件数")[col]
                yield ctx.finding("N-06", Location("active", row, col), quote=clause.strip(), stated=_n(stated),
                                  row=label, column=column, value=value)


# ---------------------------------------------------------------- section 六
def _fees(ctx: Context) -> Iterator[Finding]:
    six = ctx.report.section(6)
    if six is None or ctx.fmt != "2021":
        return
    unpaid = _apps(ctx, "other_no_fee")
    if unpaid and not mentions_fee(six.text):
        yield ctx.finding("N-07", Location("applications", "other_no_fee", TOT), value=unpaid)
    amounts = fee_amounts(six.text)
    new, carried = _apps(ctx, "new"), _apps(ctx, "carried_over")
    if amounts and new == 0 and carried == 0:
        yield ctx.finding("N-08", Location(section=6), amount=amounts[0])


def _years(ctx: Context) -> Iterator[Finding]:
    year = ctx.report.year
    if year is None:
        return
    title = ctx.report.title or ""
    m = re.search(r"(20\d\d)\s*年", title)
    if m and int(m.group(1)) != year:
        yield ctx.finding("N-09", Location(), where="标题", where_en="The title", found=m.group(1), year=year)
    m = re.search(r"(20\d\d)\s*年\s*1\s*月\s*1\s*日", ctx.text())
    if m and int(m.group(1)) != year:
        yield ctx.finding("N-09", Location(section=1), where="统计期限", where_en="The statistical period",
                          found=m.group(1), year=year)


def _n(d: Decimal) -> int | Decimal:
    return int(d) if d == d.to_integral_value() else d
