"""Small builders for rule tests: a consistent report to start from, and finding lookups."""

from __future__ import annotations

from xxgk.record import Report, SectionText
from xxgk.rules import CheckResult, check
from xxgk.synth import SynthOptions, generate


def base(**kw: object) -> Report:
    """A correct 2021 report of a county department, published on time, all sections present."""
    opts = SynthOptions(agency="青山县应急管理局", year=2023, published_on="2024-01-20")
    return generate(1, opts, **kw)  # type: ignore[arg-type]


def rules(result: CheckResult, severity: str | None = None) -> list[str]:
    return [f.rule for f in result.findings if severity is None or f.severity == severity]


def set_text(report: Report, number: int, text: str) -> None:
    for s in report.sections:
        if s.number == number:
            s.text = text
            return
    report.sections.append(SectionText(number, "", text))
    report.sections.sort(key=lambda s: s.number)


def run(report: Report, **kw: object) -> CheckResult:
    return check(report, **kw)  # type: ignore[arg-type]
