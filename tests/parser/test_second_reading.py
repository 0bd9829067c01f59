"""Second OCR readings weighed against the tables' totals (xxgk.matcher.readings): a cell whose reading
breaks an identity that its other likely reading makes hold is marked and listed, never replaced, and the
checker says 核对原文 instead of reporting a printed error."""

from __future__ import annotations

from xxgk.matcher import match
from xxgk.readers import read_document
from xxgk.readers.document import Document
from xxgk.record import cell_path
from xxgk.render.flatten import flatten
from xxgk.rules.engine import check
from xxgk.synth import SynthOptions, generate


def _doc_with_misread(seed: int, alt_of: str) -> tuple[Document, int, int]:
    """A report read from its text with the 总计 of 本年新收 misread as another digit string of the same
    length (as OCR would give it), the field carrying a second reading; the true and the misread value."""
    report = generate(seed, SynthOptions(template="2021"))
    true = int(report.tables["applications"].rows["new"][6].value)  # type: ignore[union-attr, arg-type]
    text = str(true)
    wrong = text[:-1] + str((int(text[-1]) + 1) % 10)
    doc = read_document(flatten(report, "tsv").encode(), "misread.txt")
    row = next(ln for ln in doc.lines if ln.kind == "row" and ln.fields and "本年新收" in ln.fields[0].text)
    f = next(f for f in reversed(row.fields) if f.text == text)
    assert f.start is not None and f.end is not None
    doc.text = doc.text[: f.start] + wrong + doc.text[f.end :]
    f.text = wrong
    f.alt = text if alt_of == "true" else str(int(wrong) + 5)
    return doc, true, int(wrong)


def test_misread_total_is_marked_not_replaced_and_checked_as_unsure() -> None:
    doc, true, wrong = _doc_with_misread(3, "true")
    report = match(doc)
    cell = report.tables["applications"].rows["new"][6]  # type: ignore[union-attr]
    assert cell.value == wrong  # never silently replaced
    assert cell.confidence <= 0.5 and cell.note is not None
    assert f"读作{wrong}" in cell.note and f"也可能是{true}" in cell.note and "核对原文" in cell.note
    path = cell_path("applications", "new", 6)
    assert any(n.code == "low-confidence" and n.path == path for n in report.notes)
    arithmetic = [f for f in check(report).findings if f.rule.startswith("T3-")]
    assert arithmetic and all(f.severity == "warning" and "核对原文" in f.message for f in arithmetic)


def test_second_reading_that_does_not_fit_either_leaves_a_printed_error() -> None:
    """The other reading breaks the totals too: the report's own error, reported as one."""
    doc, _, wrong = _doc_with_misread(3, "other")
    report = match(doc)
    cell = report.tables["applications"].rows["new"][6]  # type: ignore[union-attr]
    assert cell.value == wrong and cell.confidence == 1.0
    assert any(f.rule.startswith("T3-") and f.severity == "error" for f in check(report).findings)
