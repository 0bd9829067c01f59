"""Crash/mutation property (issue 9 §1): every file of ../shared/corpus and a few hundred mutated files
(truncated, bytes flipped, tables cut, labels deleted) through ``parse`` and ``check`` in every output
format: each input gives exactly one line/object, no traceback, nothing hangs.

Scans go through ``parse`` once (a session fixture: OCR is the slow part); the mutations are built from the
text-layer corpus files and from xxgk.synth renders in every format.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk.batch import StageError
from xxgk.commands.check import Checked, CheckJob
from xxgk.commands.parse import ParseJob
from xxgk.render import render
from xxgk.synth import generate

XXGK = [sys.executable, "-m", "xxgk"]
REPORT_SUFFIXES = {".txt", ".md", ".html", ".docx", ".pdf"}
LABELS = ["本年新收政府信息公开申请数量", "总计", "行政复议", "予以公开", "规章", "行政许可", "结转下年度继续办理",
          "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "自然人"]
PARSE_FORMATS = ("jsonl", "json", "table")
CHECK_FORMATS = ("text", "json", "sarif")


def corpus_reports(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.suffix in REPORT_SUFFIXES and p.name != "README.md")


def is_scan(path: Path) -> bool:
    return path.parent.name.startswith("scans")


def xxgk(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess; a hang fails the test (the per-file limit must have stopped it first)."""
    return subprocess.run([*XXGK, *args], capture_output=True, text=True, timeout=1800)


# ------------------------------------------------------------------------------------------------ mutations
def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: int(len(data) * rng.uniform(0.05, 0.95))]


def _flip(data: bytes, rng: random.Random, n: int = 12) -> bytes:
    out = bytearray(data)
    for _ in range(n):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _cut_table(text: str, rng: random.Random) -> str:
    """Delete a run of lines inside the tables (from a row of table 三 on)."""
    lines = text.split("\n")
    at = next((i for i, ln in enumerate(lines) if "本年新收" in ln), len(lines) // 2)
    start = max(0, at + rng.randrange(-3, 8))
    return "\n".join(lines[:start] + lines[start + rng.randrange(2, 20):])


def _delete_labels(text: str, rng: random.Random) -> str:
    for label in rng.sample(LABELS, 3):
        text = text.replace(label, "")
    return text


def _edit_docx(data: bytes, edit: Any) -> bytes:
    """Apply a text edit to word/document.xml (labels deleted, rows cut, XML truncated) and re-zip."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                body = edit(body.decode("utf-8")).encode("utf-8")
            dst.writestr(info, body)
    return out.getvalue()


def mutations(name: str, data: bytes, rng: random.Random) -> dict[str, bytes]:
    """Mutated copies of one report file, by kind."""
    suffix = Path(name).suffix
    out = {f"trunc{i}": _truncate(data, rng) for i in range(2)}
    out.update({f"flip{i}": _flip(data, rng) for i in range(2)})
    out["head"] = data[:200]
    if suffix in (".txt", ".md", ".html"):
        text = data.decode("utf-8", errors="replace")
        out["cut"] = _cut_table(text, rng).encode("utf-8")
        out["labels"] = _delete_labels(text, rng).encode("utf-8")
        out["gbk"] = text.encode("gb18030")
    elif suffix == ".docx":
        out["cut"] = _edit_docx(data, lambda x: x[: len(x) // 3] + x[2 * len(x) // 3:])
        out["labels"] = _edit_docx(data, lambda x: _delete_labels(x, rng))
        out["xml"] = _edit_docx(data, lambda x: x[: int(len(x) * 0.6)])
    return {f"{Path(name).stem}.{kind}{suffix}": body for kind, body in out.items()}


@pytest.fixture(scope="session")
def mutated(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A few hundred mutated report files (fixed seeds): corpus text-layer files and synth renders."""
    rng = random.Random(9)
    root = tmp_path_factory.mktemp("mutated")
    sources: dict[str, bytes] = {p.name: p.read_bytes() for p in corpus_reports(corpus) if not is_scan(p)}
    for seed in range(4):
        for fmt in ("txt", "md", "html", "docx", "pdf"):
            sources[f"synth{seed}.{fmt}"] = render(generate(seed), fmt)
    files = []
    for name, data in sorted(sources.items()):
        for mname, body in mutations(name, data, rng).items():
            path = root / mname
            path.write_bytes(body)
            files.append(path)
    return files


# ------------------------------------------------------------------------------------------------ outputs
def assert_one_output_per_file(command: str, fmt: str, files: list[str], done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode in (0, 1), (done.returncode, done.stderr[-2000:])
    n = len(files)
    if fmt == "jsonl" or (command == "check" and fmt == "json"):
        objs = [json.loads(line) for line in done.stdout.splitlines()]
    elif fmt == "json":
        objs = json.loads(done.stdout)
        objs = objs if n > 1 else [objs]
    elif fmt == "sarif":
        run = json.loads(done.stdout)["runs"][0]
        notes = run["invocations"][0]["toolExecutionNotifications"]
        failed = [x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for x in notes]
        assert len(failed) == len(set(failed)) and set(failed) <= set(files)
        assert f"{n} report{'s' if n != 1 else ''} checked" in done.stderr
        return
    else:  # readable text: one block per file, each headed by (or an error naming) its path, in order
        heads = [line.removeprefix("== ").split("  ")[0].split(": ")[0]
                 for line in done.stdout.splitlines() if line.startswith(("==", "/"))]
        heads = [h for h in heads if h in set(files)]
        assert heads == files
        return
    assert len(objs) == n
    for o, f in zip(objs, files, strict=True):  # a record file keeps its own source; any other names its input
        assert o["source"]["path"] == f or (f.endswith(".json") and "error" not in o), (o["source"], f)
    for o in objs:
        if "error" in o:
            assert o["detail"] in ("read", "match", "check", "write", "timeout", "crash")
            assert o["error"].count(o["source"]["path"]) == 1


@pytest.fixture(scope="session")
def corpus_jsonl(corpus: Path) -> tuple[list[str], subprocess.CompletedProcess[str]]:
    """``xxgk parse --format jsonl`` over every file of the corpus at once — reports in every format, scans,
    gold records, READMEs: run once (OCR is the slow part)."""
    files = sorted(str(p) for p in corpus.rglob("*") if p.is_file())
    return files, xxgk("parse", "--format", "jsonl", "--timeout", "900", *files)  # a loaded machine is slow


@pytest.mark.slow
def test_parse_whole_corpus_one_line_per_file(corpus_jsonl: tuple[list[str], Any]) -> None:
    files, done = corpus_jsonl
    assert any("scans" in f for f in files) and any(f.endswith(".docx") for f in files)
    assert_one_output_per_file("parse", "jsonl", files, done)
    objs = [json.loads(line) for line in done.stdout.splitlines()]
    failed = {o["source"]["path"]: o["error"] for o in objs if "error" in o}
    assert set(failed) <= {f for f in files if f.endswith("README.md")}, failed  # every report parses
    assert all("not an annual report" in e for e in failed.values())
    gold = [o for f, o in zip(files, objs, strict=True) if f.endswith(".gold.json")]
    assert gold and all(o["schema"] == "xxgk.report/1" and "applications" in o for o in gold)  # records


@pytest.mark.parametrize("command,fmt", [*(("parse", f) for f in PARSE_FORMATS), *(("check", f) for f in CHECK_FORMATS)])
def test_corpus_text_layer_every_format(corpus: Path, command: str, fmt: str) -> None:
    files = [str(p) for p in corpus_reports(corpus) if not is_scan(p)]
    assert_one_output_per_file(command, fmt, files, xxgk(command, "--format", fmt, *files))


@pytest.mark.parametrize("command,fmt", [*(("parse", f) for f in PARSE_FORMATS), *(("check", f) for f in CHECK_FORMATS)])
def test_mutated_files_every_format(mutated: list[Path], command: str, fmt: str) -> None:
    files = [str(p) for p in mutated]
    assert len(files) >= 200
    assert_one_output_per_file(command, fmt, files, xxgk(command, "--format", fmt, "--timeout", "60", *files))


# ------------------------------------------------------------------------------------------------ property
_SOURCES: dict[str, bytes] = {}


def _source(seed: int, fmt: str) -> bytes:
    key = f"{seed}.{fmt}"
    if key not in _SOURCES:
        _SOURCES[key] = render(generate(seed), fmt)
    return _SOURCES[key]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 3), fmt=st.sampled_from(["txt", "md", "html", "docx", "pdf"]),
       kind=st.sampled_from(["trunc", "flip", "cut", "labels"]), rng_seed=st.integers(0, 2**16))
def test_any_mutation_gives_a_result_or_a_staged_error(seed: int, fmt: str, kind: str, rng_seed: int) -> None:
    """In-process: the per-file jobs of parse and check, in every format, return or raise StageError only."""
    rng = random.Random(rng_seed)
    data = _source(seed, fmt)
    if kind == "trunc":
        data = _truncate(data, rng)
    elif kind == "flip":
        data = _flip(data, rng)
    elif fmt == "docx":
        data = _edit_docx(data, (lambda x: _cut_table(x, rng)) if kind == "cut" else (lambda x: _delete_labels(x, rng)))
    elif fmt != "pdf":
        text = data.decode("utf-8")
        data = (_cut_table(text, rng) if kind == "cut" else _delete_labels(text, rng)).encode("utf-8")
    item = (f"m.{fmt}", data)
    for job in [*(ParseJob(f) for f in PARSE_FORMATS), *(CheckJob(f) for f in CHECK_FORMATS)]:
        try:
            out = job(item)
        except StageError as exc:
            assert exc.stage in ("read", "match", "check", "write") and exc.message.startswith("m.")
            assert "internal error" not in exc.message, exc.message  # a defect, not bad input
            continue
        if isinstance(job, ParseJob) and job.fmt != "table":
            json.loads(out)
        if isinstance(out, Checked) and job.fmt == "json":
            json.loads(out.piece)
