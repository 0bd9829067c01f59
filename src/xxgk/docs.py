"""Regenerate the documentation parts that come from code: ``python -m xxgk.docs`` (``make docs``).

README.md keeps hand-written prose; the blocks between ``<!-- BEGIN name -->`` and ``<!-- END name -->`` are
generated here (CLI reference from the Click commands, the rule and metric lists from their catalogues), and
docs/rules.md and docs/metrics.md are written by :mod:`xxgk.rules.docs` and :mod:`xxgk.metrics.docs`. A test fails when any of them drifts.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[2]


def md_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table (the generated lists of README.md, docs/rules.md and docs/metrics.md)."""
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_generated(text: str, default: Path, argv: list[str] | None = None) -> int:
    """``python -m xxgk.rules.docs [PATH]`` and the like: write a generated page (default ``default``)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else default
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0


def cli_reference() -> str:
    from .cli import COMMANDS, main

    # Contexts as the real CLI makes them (help options -h/--help), at a fixed width.
    root = click.Context(main, info_name="xxgk", terminal_width=100, max_content_width=100, **main.context_settings)
    main._help_option = None
    out = ["```", "xxgk --help", "", main.get_help(root).rstrip(), "```", ""]
    for name in COMMANDS:
        command = main.get_command(root, name)
        if command is None:
            continue
        # Click caches a command's help option from the first context that asked for it (a test may have
        # invoked the command on its own, with plain --help): drop the cache so the text is always the same.
        command._help_option = None
        ctx = click.Context(command, info_name=name, parent=root)
        out += [f"### `xxgk {name}`", "", "```", command.get_help(ctx).rstrip(), "```", ""]
    return "\n".join(out)


def rule_list() -> str:
    from .rules.catalogue import RULES

    return md_table(["ID", "级别 Severity", "规则", "Rule"], [[r.id, r.severity, r.title, r.title_en] for r in RULES])


def metric_list() -> str:
    from .metrics.docs import table

    return table()


BLOCKS = {"cli": cli_reference, "rules": rule_list, "metrics": metric_list}


def render_readme(text: str) -> str:
    for name, make in BLOCKS.items():
        pattern = re.compile(rf"(<!-- BEGIN {name} -->\n).*?(<!-- END {name} -->)", re.S)
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + m.group(2), text)  # type: ignore[misc]
    return text


def main() -> int:
    from .metrics import docs as metric_docs
    from .rules import docs as rule_docs

    readme = ROOT / "README.md"
    readme.write_text(render_readme(readme.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {readme}")
    rule_docs.main([str(ROOT / "docs" / "rules.md")])
    metric_docs.main([str(ROOT / "docs" / "metrics.md")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
