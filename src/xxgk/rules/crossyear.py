"""Against the same agency's previous-year report (Y-01..Y-04, C-15)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..template import APPLICATIONS
from .context import Context
from .model import Finding, Location, row_label


def check(ctx: Context) -> Iterator[Finding]:
    prev = ctx.previous
    if prev is None:
        return
    if prev.year is not None and ctx.report.year is not None and prev.year != ctx.report.year - 1:
        return  # not last year's report: the carry-over identities do not apply
    yield from _carry_over(ctx)
    yield from _documents(ctx)
    yield from _followup(ctx)
    yield from _similarity(ctx)


def _carry_over(ctx: Context) -> Iterator[Finding]:
    assert ctx.previous is not None
    now, then = ctx.table("applications"), ctx.previous.tables.get("applications")
    if now is None or then is None:
        return
    for c, col in enumerate(APPLICATIONS.columns):
        printed, expected = now.value("carried_over", c), then.value("carried_forward", c)
        if printed is not None and expected is not None and printed != expected:
            yield ctx.finding("Y-01", Location("applications", "carried_over", c), column=col.label,
                              printed=printed, expected=expected)


def _documents(ctx: Context) -> Iterator[Finding]:
    assert ctx.previous is not None
    now, then = ctx.table("active"), ctx.previous.tables.get("active")
    if now is not None and then is not None:
        for row in ("rules", "normative_documents"):
            issued, repealed, in_force = (now.value(row, i) for i in range(3))
            prev = then.value(row, 2)
            if None in (issued, repealed, in_force, prev):
                continue
            expected = prev + issued - repealed  # type: ignore[operator]
            if expected != in_force:
                yield ctx.finding("Y-02", Location("active", row, 2), row=row_label("active", row), printed=in_force,
                                  prev=prev, issued=issued, repealed=repealed, expected=expected)
    now, then = ctx.table("active_2019"), ctx.previous.tables.get("active_2019")
    if now is not None and then is not None:
        for row in ("licensing", "other_services", "punishment", "enforcement", "fees"):
            printed, prev, change = now.value(row, 0), then.value(row, 0), then.value(row, 1)
            if None in (printed, prev, change):
                continue
            if prev + change != printed:  # type: ignore[operator]
                yield ctx.finding("Y-03", Location("active_2019", row, 0), row=row_label("active_2019", row),
                                  printed=printed, prev=prev, change=change, expected=prev + change)  # type: ignore[operator]


def _followup(ctx: Context) -> Iterator[Finding]:
    assert ctx.previous is not None
    five, before = ctx.report.section(5), ctx.previous.section(5)
    if five is None or before is None or not before.text.strip():
        return
    if not re.search(r"上年|上一年|去年|前一年|上年度|整改", five.text):
        yield ctx.finding("Y-04", Location(section=5))


def _grams(text: str) -> set[str]:
    flat = re.sub(r"[\s\d０-９.,，。、；：:（）()]", "", text)
    return {flat[i:i + 4] for i in range(len(flat) - 3)}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of character 4-grams, digits and punctuation ignored (numbers change every year)."""
    ga, gb = _grams(a), _grams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


def _similarity(ctx: Context) -> Iterator[Finding]:
    assert ctx.previous is not None
    a = ctx.text()
    b = "\n".join(s.text for s in ctx.previous.sections)
    if len(a) < 200 or len(b) < 200:
        return  # too short to judge
    sim = similarity(a, b)
    if sim >= ctx.config.similarity_threshold:
        yield ctx.finding("C-15", Location(), similarity=f"{sim:.0%}",
                          threshold=f"{ctx.config.similarity_threshold:.0%}",
                          values={"similarity": round(sim, 3), "threshold": ctx.config.similarity_threshold})
