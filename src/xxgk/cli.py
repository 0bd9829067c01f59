"""The ``xxgk`` command: a thin layer over the library.

Sub-commands live in :mod:`xxgk.commands` and are imported only when invoked, so ``xxgk --help`` stays fast.
Exit status as click's: 0 success; 1 a failure or a refusal (an input failed, a check found problems at
``--fail-on``, the store refused or its database failed); 2 usage errors. See :func:`main`'s help.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from . import __version__

# name -> (module, attribute, one-line help). Help text is here so `--help` needs no heavy import.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "parse": ("xxgk.commands.parse", "parse_cmd", "Read reports (txt, md, html, docx, pdf) into xxgk.report/1 records."),
    "check": ("xxgk.commands.check", "check_cmd", "Check reports against the rule catalogue; findings point at the cell."),
    "rules": ("xxgk.commands.check", "rules_cmd", "List the rule catalogue."),
    "metrics": ("xxgk.commands.metrics", "metrics_cmd", "List the metric catalogue, or compute it on reports."),
    "agencies": ("xxgk.commands.agencies", "agencies_cmd", "Expected-agency list, kinds, regions, to-do of unknown agencies."),
    "stats": ("xxgk.commands.stats", "stats_cmd", "Statistics of the store: coverage, errors, rules, metric quartiles, ranks, jumps."),
    "reports": ("xxgk.commands.views", "reports_cmd", "List the stored reports with their status (errors, warnings, unreviewed, failed)."),
    "show": ("xxgk.commands.views", "show_cmd", "One stored report: the record, its findings with review state, its sources."),
    "compare": ("xxgk.commands.views", "compare_cmd", "One agency year by year: tables side by side, changes, cross-year findings."),
    "correct": ("xxgk.commands.review", "correct_cmd", "Correct cells of a stored report: a new version, re-checked at once."),
    "history": ("xxgk.commands.review", "history_cmd", "The versions of a stored report: parses, corrections, imports."),
    "review": ("xxgk.commands.review", "review_cmd", "Confirm or dismiss a finding of a stored report."),
    "brief": ("xxgk.commands.brief", "brief_cmd", "Briefing from the store (area or one agency): docx, pdf, html, xlsx; every number traced."),
    "export": ("xxgk.commands.export", "export_cmd", "Export the stored reports: csv, xlsx, parquet, jsonl; long, wide or findings."),
    "import": ("xxgk.commands.export", "import_cmd", "Read a long export back into the store as new versions."),
    "new": ("xxgk.commands.author", "new_cmd", "Write a skeleton record (YAML) to fill in."),
    "render": ("xxgk.commands.author", "render_cmd", "Write a record in the official layout (docx, html, md, txt, pdf)."),
    "draft": ("xxgk.commands.author", "draft_cmd", "Write the standard sentences of sections 二–四 from the numbers."),
    "ledger": ("xxgk.commands.ledger", "ledger_group", "依申请公开台账: requests, statutory deadlines, year-end sections 三/四."),
    "ingest": ("xxgk.commands.ingest", "ingest_cmd", "Store reports (files, folders, zip) in the database: one report per agency and year."),
    "assign": ("xxgk.commands.ingest", "assign_cmd", "Give a failed source its agency and year, making it a report's source."),
    "batches": ("xxgk.commands.ingest", "batches_cmd", "List ingest batches and open failures; roll a batch back."),
    "serve": ("xxgk.commands.web", "serve_cmd", "Serve the web app (uvicorn): upload, review, statistics."),
    "user": ("xxgk.commands.web", "user_group", "Users of the web app: add, list, remove (roles admin/reviewer/author)."),
    "debug": ("xxgk.commands.debug", "debug_cmd", "Draw what the reader found over a page image."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module, attr, _ = spec
        try:
            command = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError):
            return None
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, spec[2]) for name, spec in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xxgk")
def main() -> None:
    """xxgk — 政府信息公开工作年度报告: read, check and write annual reports in the official format.

    Exit status: 0 done; 1 failed or refused — an input that could not be read or stored, a check that found
    problems at --fail-on, a database that cannot be opened or used (missing, locked, newer than this xxgk), a
    report, source or batch that is not there, a change the store refuses; 2 a usage error — a bad option or
    argument, or a value that names nothing known (an unknown metric, region or output format). The message
    names the file, the database or the reference, never a traceback.
    """


def run(argv: list[str] | None = None) -> Any:
    return main.main(args=argv, standalone_mode=False)
