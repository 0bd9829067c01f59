"""The checker: the rule catalogue (reference.md §5) run over a canonical record.

    from xxgk.rules import check
    result = check(report, previous=last_year)      # CheckResult
    for f in result.findings: print(f.rule, f.severity, f.message, f.location.path)
    result.to_json()
"""

from __future__ import annotations

from .catalogue import BY_ID, RULES, Rule
from .context import CheckConfig
from .engine import check
from .model import CheckResult, Finding, Location

__all__ = ["BY_ID", "RULES", "CheckConfig", "CheckResult", "Finding", "Location", "Rule", "check"]
