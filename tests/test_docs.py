"""The generated parts of the documentation match the code (run `make docs` when this fails)."""

from __future__ import annotations

from xxgk.docs import ROOT, render_readme
from xxgk.rules.catalogue import RULES


def test_readme_generated_blocks_up_to_date() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert render_readme(text) == text, "README.md is stale: run `make docs`"


def test_readme_lists_every_rule() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"| {rule.id} |" in text
    assert len(RULES) == 56


def test_readme_and_docs_list_every_metric() -> None:
    from xxgk.metrics import METRICS
    from xxgk.metrics.docs import render

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for metric in METRICS:
        assert f"| `{metric.key}` | {metric.name} |" in text
    assert (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8") == render(), "docs/metrics.md is stale: make docs"
