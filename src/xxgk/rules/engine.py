"""Run the rule modules over a report and collect their findings.

Each rule module exposes ``check(ctx) -> Iterator[Finding]``. A module that raises on odd data does not stop
the run: the failure is recorded in ``CheckResult.internal_errors`` and the other modules still run.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from ..record import Report
from .catalogue import BY_ID, SEVERITY_RANK
from .context import CheckConfig, Context
from .model import CheckResult, Finding

# Order is the order of the catalogue families; findings are sorted by rule id afterwards anyway.
MODULES = (
    "xxgk.rules.values",
    "xxgk.rules.arithmetic",
    "xxgk.rules.active",
    "xxgk.rules.structure",
    "xxgk.rules.version",
    "xxgk.rules.timing",
    "xxgk.rules.narrative",
    "xxgk.rules.crossyear",
)


def _matches(rule: str, patterns: Iterable[str]) -> bool:
    # "T3" selects T3-01..T3-04; "T3-01" selects one rule; "N-0" a prefix.
    return any(rule == p or rule.startswith(p.rstrip("-") + ("" if "-" in p else "-")) or rule.startswith(p)
               for p in patterns)


def parse_ids(spec: str | Iterable[str] | None) -> list[str] | None:
    """`"T3,P-03"` or a list -> ["T3", "P-03"]; unknown ids raise ValueError."""
    if spec is None:
        return None
    items = [s.strip().upper() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
    for item in items:
        if not any(rid.startswith(item) for rid in BY_ID):
            raise ValueError(f"unknown rule id or prefix: {item}")
    return items


def check(report: Report, previous: Report | None = None, select: str | Iterable[str] | None = None,
          ignore: str | Iterable[str] | None = None, config: CheckConfig | None = None) -> CheckResult:
    """Check one report (and, when given, against the same agency's previous-year report)."""
    ctx = Context(report, previous, config or CheckConfig())
    sel = parse_ids(select)
    ign = parse_ids(ignore) or []
    result = CheckResult(report)
    for name in MODULES:
        try:
            module = importlib.import_module(name)
            findings: list[Finding] = list(module.check(ctx))
        except Exception as exc:  # never let odd data stop the other rules
            result.internal_errors.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        for f in findings:
            if sel is not None and not _matches(f.rule, sel):
                continue
            if _matches(f.rule, ign):
                continue
            result.findings.append(f)
    result.findings.sort(key=lambda f: (-SEVERITY_RANK[f.severity], _order(f.rule)))
    return result


def _order(rule: str) -> int:
    return list(BY_ID).index(rule)
