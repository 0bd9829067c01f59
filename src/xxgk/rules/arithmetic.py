"""The 勾稽 identities of tables 三 and 四 (T3-01..T3-04, T4-01), with blanks (P-03, C-07) and culprits.

Blanks are never silently zeros: every identity is evaluated with blanks as 0, then
* it holds → fine (the report gets one P-03 warning listing its blanks);
* it fails and no blank takes part → error;
* it fails, and some value in its blank cells would make it hold → C-07 warning on the blank cell(s);
* it fails and no blank could fix it (wrong side) → error.
When the failing identities point to one printed cell (it sits in every identity that fails around it and
one corrected value satisfies all of them) that cell is named as the culprit with the value.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..template import APPLICATIONS, REVIEW_LITIGATION
from .context import Context, cell_value, other_rows, printed_row, result_rows
from .model import Finding, Location, cell_label, row_label

Ref = tuple[str, str, int]  # table, row, column


@dataclass
class Identity:
    rule: str
    lhs: list[Ref]
    rhs: list[Ref]
    anchor: Ref  # the printed total the finding points at
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def refs(self) -> list[Ref]:
        return self.lhs + self.rhs


@dataclass
class Outcome:
    identity: Identity
    lhs: Any
    rhs: Any
    blanks: list[Ref]

    @property
    def residual(self) -> Any:
        return self.lhs - self.rhs

    @property
    def holds(self) -> bool:
        return self.residual == 0


def identities(ctx: Context) -> list[Identity]:
    """Every arithmetic identity the report's tables allow (42 for 2021, 40 for 2019 / single-row （六）)."""
    out: list[Identity] = []
    apps = ctx.table("applications")
    if apps is not None:
        a = "applications"
        cols = APPLICATIONS.columns
        tot = len(cols) - 1
        have = set(apps.rows)
        if {"new", "carried_over", "total", "carried_forward"} <= have:
            for c, col in enumerate(cols):
                out.append(Identity("T3-01", [(a, "new", c), (a, "carried_over", c)],
                                    [(a, "total", c), (a, "carried_forward", c)], (a, "total", c),
                                    {"column": col.label}))
        results = result_rows(apps)
        needed = [r.key for r in APPLICATIONS.rows if r.group and not r.is_total and r.group != "other"
                  and r.key != "other"]
        if "total" in have and all(k in have for k in needed):
            for c, col in enumerate(cols):
                out.append(Identity("T3-02", [(a, "total", c)], [(a, k, c) for k in results], (a, "total", c),
                                    {"column": col.label}))
        _, unused = other_rows(apps)
        for r in APPLICATIONS.rows:
            if r.key in have and r.key not in unused:
                out.append(Identity("T3-03", [(a, r.key, tot)], [(a, r.key, c) for c in range(tot)],
                                    (a, r.key, tot), {"row": row_label(a, r.key)}))
    rl = ctx.table("review_litigation")
    if rl is not None:
        t = "review_litigation"
        tot = len(REVIEW_LITIGATION.columns) - 1
        for r in REVIEW_LITIGATION.rows:
            if r.key in rl.rows:
                label = f"{'行政诉讼·' if r.group else ''}{r.label}"
                out.append(Identity("T4-01", [(t, r.key, tot)], [(t, r.key, c) for c in range(tot)],
                                    (t, r.key, tot), {"row": label}))
    return out


def _value(ctx: Context, ref: Ref) -> Any:
    return cell_value(ctx.table(ref[0]), ref[1], ref[2])


def evaluate(ctx: Context, ident: Identity, override: dict[Ref, Any] | None = None) -> Outcome:
    override = override or {}
    blanks: list[Ref] = []
    tables = ctx.report.tables  # read directly: ~40 identities of ~10 cells on every report

    def side(refs: list[Ref]) -> Any:
        total: Any = 0
        for ref in refs:
            if ref in override:
                v = override[ref]
            else:
                table = tables.get(ref[0])
                cells = table.rows.get(ref[1]) if table is not None else None
                v = cells[ref[2]].value if cells and ref[2] < len(cells) else None
            if v is None:
                blanks.append(ref)
                continue
            total += v
        return total

    return Outcome(ident, side(ident.lhs), side(ident.rhs), blanks)


def _loc(ctx: Context, ref: Ref) -> Location:
    table = ctx.table(ref[0])
    source = None
    if table is not None:
        cells = table.rows.get(ref[1])
        if cells is not None and ref[2] < len(cells):
            source = cells[ref[2]].source
    return Location(table=ref[0], row=ref[1], column=ref[2], source=source)


def _num(v: Any) -> Any:
    if isinstance(v, Decimal) and v == v.to_integral_value():
        return int(v)
    return v


def check(ctx: Context) -> Iterator[Finding]:
    idents = identities(ctx)
    outcomes = [evaluate(ctx, i) for i in idents]
    errors: list[Outcome] = []
    blank_needs: dict[Ref, list[tuple[Outcome, Any]]] = {}
    for o in outcomes:
        if o.holds:
            continue
        if not o.blanks:
            errors.append(o)
            continue
        # Which blanks could absorb the difference? lhs blanks raise lhs, rhs blanks raise rhs.
        r = o.residual
        side = o.identity.rhs if r > 0 else o.identity.lhs
        able = [b for b in o.blanks if b in side]
        if not able:
            errors.append(o)
            continue
        for b in able:
            blank_needs.setdefault(b, []).append((o, abs(r) if len(able) == 1 else None))

    failing = {id(o.identity) for o in errors}
    for o in errors:
        yield _identity_finding(ctx, o, idents, outcomes, failing)
    yield from _blank_findings(ctx, blank_needs)
    yield from _subtotals(ctx)
    p03 = _blank_summary(ctx, holds=not errors and not blank_needs)
    if p03 is not None:
        yield p03


def blank_cells(ctx: Context) -> list[Ref]:
    """Every blank data cell of the printed tables (alternative （六） rows not in use are not printed)."""
    out: list[Ref] = []
    for key in ("active", "active_2019", "applications", "review_litigation"):
        table = ctx.table(key)
        if table is None:
            continue
        unused = other_rows(table)[1] if key == "applications" else []
        for row, cells in table.rows.items():
            if row in unused:
                continue
            out.extend((key, row, i) for i, cell in enumerate(cells) if cell.value is None)
    return out


def _blank_summary(ctx: Context, holds: bool) -> Finding | None:
    blanks = blank_cells(ctx)
    if not blanks:
        return None
    labels = [cell_label(*b) for b in blanks]
    shown = "、".join(labels[:8]) + (f"等{len(labels)}处" if len(labels) > 8 else "")
    finding = ctx.finding(
        "P-03", Location(table=blanks[0][0], row=blanks[0][1], column=blanks[0][2]),
        values={"count": len(blanks), "cells": [_loc(ctx, b).path for b in blanks], "identities_hold": holds},
        count=len(blanks), cells=shown, holds="均成立" if holds else "仍有不成立（见其他提示）",
        holds_en="hold" if holds else "do not all hold (see other findings)",
    )
    finding.cells = [_loc(ctx, b) for b in blanks]
    return finding


def _culprits(ctx: Context, o: Outcome, idents: list[Identity], failing: set[int]) -> list[tuple[Ref, Any]]:
    """Printed cells of `o` whose one corrected value makes every identity through them hold."""
    out = []
    for ref in o.identity.refs:
        v = _value(ctx, ref)
        if v is None:
            continue
        through = [i for i in idents if ref in i.refs]
        if any(id(i) not in failing for i in through):
            continue  # changing it would break an identity that holds now
        delta = -o.residual if ref in o.identity.lhs else o.residual
        fixed = v + delta
        if fixed < 0:
            continue
        if all(evaluate(ctx, i, {ref: fixed}).holds for i in through):
            out.append((ref, _num(fixed)))
    return out


def _identity_finding(ctx: Context, o: Outcome, idents: list[Identity], outcomes: list[Outcome],
                      failing: set[int]) -> Finding:
    ident = o.identity
    params = dict(ident.params)
    printed, expected = (o.lhs, o.rhs) if ident.rule != "T3-01" else (o.rhs, o.lhs)
    params.update(expected=_num(expected), printed=_num(printed))
    if ident.rule == "T3-01":
        for ref in ident.refs:
            params[ref[1]] = _fmt(_value(ctx, ref))
    if ident.rule == "T4-01":
        for ref, name in zip(ident.rhs, ("upheld", "corrected", "other", "pending"), strict=False):
            params[name] = _fmt(_value(ctx, ref))
    values = {"expected": _num(expected), "printed": _num(printed)}
    if o.blanks:
        values["blank_cells"] = [_loc(ctx, b).path for b in o.blanks]
    finding = ctx.finding(ident.rule, _loc(ctx, ident.anchor), values=values, **params)
    finding.cells = [_loc(ctx, r) for r in ident.refs]
    culprits = _culprits(ctx, o, idents, failing)
    if len(culprits) == 1:
        ref, value = culprits[0]
        finding.culprit = _loc(ctx, ref)
        finding.suggested = value
        finding.location = finding.culprit
        label = cell_label(*ref)
        finding.message += f"最可能有误的是{label}（印为{_fmt(_value(ctx, ref))}），改为{value}可使相关勾稽关系全部成立。"
        finding.message_en += f" Likely culprit: {finding.culprit.path}, which should be {value}."
    elif culprits:
        finding.candidates = [(_loc(ctx, ref), value) for ref, value in culprits]
    if o.blanks:
        finding.message += "（空白单元格按0计算，空白无法使其成立。）"
    unsure = [r for r in ident.refs if _confidence(ctx, r) < UNSURE]
    if unsure and finding.severity == "error":
        # The reader was unsure of a cell this identity uses (OCR, digits run together): the error may be
        # the reading's, not the report's — a warning that names the cells to look at, not an error.
        finding.severity = "warning"
        finding.message += "（涉及识别不确定的单元格：" + "、".join(cell_label(*r) for r in unsure) + "，请核对原文。）"
        finding.message_en += " (Uses cells the reader was unsure of: " + ", ".join(_loc(ctx, r).path or "" for r in unsure) + ".)"
    return finding


UNSURE = 0.95


def _confidence(ctx: Context, ref: Ref) -> float:
    table = ctx.table(ref[0])
    cells = table.rows.get(ref[1]) if table is not None else None
    if not cells or ref[2] >= len(cells):
        return 1.0
    return cells[ref[2]].confidence


def _fmt(v: Any) -> str:
    return "空白" if v is None else str(_num(v))


def _blank_findings(ctx: Context, needs: dict[Ref, list[tuple[Outcome, Any]]]) -> Iterator[Finding]:
    for ref, items in needs.items():
        values = {v for _, v in items if v is not None}
        loc = _loc(ctx, ref)
        if len(values) == 1:
            expected: Any = _num(values.pop())
        else:
            # Several blanks share the gap, or the identities disagree: say how much is missing.
            gaps = sorted({_num(abs(o.residual)) for o, _ in items})
            expected = "、".join(f"与其他空白单元格合计{g}" for g in gaps)
        finding = ctx.finding("C-07", loc, cell=cell_label(*ref), expected=expected,
                              values={"expected": expected, "identities": sorted({o.identity.rule for o, _ in items})})
        finding.suggested = expected if isinstance(expected, int | Decimal) else None
        finding.cells = [loc]
        yield finding


def _subtotals(ctx: Context) -> Iterator[Finding]:
    """T3-04: a 2021 report printing both the （六） sub-rows and a （六）其他处理 line."""
    apps = ctx.table("applications")
    if apps is None or not printed_row(apps, "other"):
        return
    used, _ = other_rows(apps)
    if "other" in used:
        return
    mismatch = False
    for c, col in enumerate(APPLICATIONS.columns):
        total = cell_value(apps, "other", c)
        parts = [cell_value(apps, k, c) for k in used]
        expected = sum(p for p in parts if p is not None)
        if total is not None and total != expected:
            mismatch = True
            yield ctx.finding("T3-04", Location("applications", "other", c), column=col.label,
                              printed=_num(total), expected=_num(expected))
    if not mismatch:
        last = len(APPLICATIONS.columns) - 1
        yield ctx.finding("T3-04", Location("applications", "other", last), column=APPLICATIONS.columns[last].label,
                          printed=_fmt(cell_value(apps, "other", last)), expected=_fmt(cell_value(apps, "other", last)))
