"""Property: table-三 rows whose labels a converter lost still land on the right template rows."""

from __future__ import annotations

import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk.parse import parse_text
from xxgk.render.flatten import flatten
from xxgk.synth import SynthOptions, generate
from xxgk.template import APPLICATIONS

NUMERIC = re.compile(r"\s*-?\d*\s*")


def _drop_labels(text: str, style: str, rng: random.Random, count: int) -> str:
    lines = text.split("\n")
    prefixes = [re.sub(r"[^\u4e00-\u9fff]", "", r.label)[:4] for r in APPLICATIONS.rows]
    labelled = [i for i, line in enumerate(lines) if any(p and p in line for p in prefixes)
                and (style != "tsv" or re.search(r"\t\d", line))]
    doomed = set(rng.sample(labelled, min(count, len(labelled))))
    out = []
    for i, line in enumerate(lines):
        if i not in doomed:
            out.append(line)
        elif style == "tsv":  # the label cells go blank, the values stay on the line
            out.append("\t".join(c if NUMERIC.fullmatch(c) else "" for c in line.split("\t")))
        # cell_per_line: the label line disappears, the values run on from the row above
    return "\n".join(out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), template=st.sampled_from(["2021", "2019"]),
       style=st.sampled_from(["tsv", "cell_per_line"]), count=st.integers(1, 3))
def test_rows_without_labels_align(seed: int, template: str, style: str, count: int) -> None:
    report = generate(seed, SynthOptions(template=template))
    text = _drop_labels(flatten(report, style), style, random.Random(seed), count)
    parsed = parse_text(text, "lost.txt")
    want, got = report.tables["applications"], parsed.tables["applications"]
    assert want is not None and got is not None
    assert {k: want.values(k) for k in want.rows} == {k: got.values(k) for k in want.rows}


def _drift(text: str, rng: random.Random) -> str:
    """PDF text around rotated or vertically centred labels: a row's label lands on the line above or below
    its numbers (one row per line, cells separated by spaces)."""
    out = []
    for line in text.split("\n"):
        cells = [c for c in line.split("\t") if c.strip()]
        numbers = [c for c in cells if re.fullmatch(r"-?\d+", c)]
        labels = [c for c in cells if not re.fullmatch(r"-?\d+", c)]
        if len(numbers) >= 6 and labels and not re.fullmatch(r"\d+", cells[0]):
            mode = rng.choice(["same", "before", "after"])
            if mode == "same":
                out.append(" ".join(labels + numbers))
            elif mode == "before":
                out += [" ".join(numbers), " ".join(labels)]
            else:
                out += [" ".join(labels), " ".join(numbers)]
        else:
            out.append(" ".join(cells))
    return "\n".join(out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), template=st.sampled_from(["2021", "2019"]))
def test_labels_drifting_to_neighbouring_lines(seed: int, template: str) -> None:
    report = generate(seed, SynthOptions(template=template))
    parsed = parse_text(_drift(flatten(report, "tsv"), random.Random(seed)), "drift.txt")
    want, got = report.tables["applications"], parsed.tables["applications"]
    assert want is not None and got is not None
    assert {k: want.values(k) for k in want.rows} == {k: got.values(k) for k in want.rows}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), style=st.sampled_from(["tsv", "cell_per_line", "cell_per_line_blank", "markdown"]))
def test_header_repeated_after_a_page_break(seed: int, style: str) -> None:
    """A PDF page break inside table 三: page number, then the table header printed again."""
    report = generate(seed, SynthOptions(blank_rate=0.2))
    lines = flatten(report, style).split("\n")
    a = next(i for i, line in enumerate(lines) if "勾稽" in line)
    b = next(i for i, line in enumerate(lines) if "本年新收政府信息公开申请数量" in line and i > a)
    k = next(i for i, line in enumerate(lines) if "保护第三方合法权益" in line)
    text = "\n".join([*lines[:k], "- 3 -", "", *lines[a:b], *lines[k:]])
    parsed = parse_text(text, "paged.md" if style == "markdown" else "paged.txt")
    want, got = report.tables["applications"], parsed.tables["applications"]
    assert want is not None and got is not None
    assert {k: want.values(k) for k in want.rows} == {k: got.values(k) for k in want.rows}
