"""Parse a report file (any supported format) into its canonical record.

Two stages, each callable on its own so a batch can say where a file failed: :func:`read_input` (bytes →
the reader's Document, or the Report itself when the file is already a record) and :func:`match_document`
(Document → Report). :func:`parse_bytes` and :func:`parse_file` do both.
"""

from __future__ import annotations

from pathlib import Path

from ._gc import paused
from .readers.document import Document, ReaderError
from .record import Report

__all__ = ["ParseError", "match_document", "parse_bytes", "parse_file", "parse_text", "read_input", "read_path"]

MAX_FILE_BYTES = 200 * 1024 * 1024
OCR_HINT = "pip install 'xxgk[ocr]'"


class ParseError(ReaderError):
    """A file that could not be parsed; ``str(err)`` names the file and the reason."""


def read_path(path: str | Path) -> bytes:
    """The bytes of a report file; ParseError (naming it) when it cannot be read or is too large."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ParseError(str(path), f"file too large ({size // 1024 // 1024} MB)")
        return p.read_bytes()
    except OSError as exc:
        raise ParseError(str(path), exc.strerror or str(exc)) from exc


def read_input(data: bytes, path: str = "-", fmt: str | None = None) -> Document | Report:
    """Stage one: a record file (recognised by content) as its Report, any other file as its reader's Document."""
    from .readers import read_document
    from .record_file import sniff

    try:
        if fmt is None:
            record = sniff(data, path)
            if record is not None:
                return record
        return read_document(data, path, fmt)
    except ParseError:
        raise
    except ReaderError as exc:
        raise ParseError(exc.path, exc.reason) from exc


def match_document(doc: Document, previous: Report | None = None) -> Report:
    """Stage two: map a Document onto the template; ParseError when it holds nothing of a report.

    ``previous``: the same agency's previous-year record, when known (it settles digits run together).
    """
    from .matcher import match

    with paused():
        report = match(doc, previous)
    if not _looks_like_report(report):
        missing = doc.meta.get("ocr_missing")
        if missing:  # a scan read without the OCR extra: say so, not "not a report"
            raise ParseError(doc.path, f"the PDF has no text layer ({len(missing)} scanned page(s)) and OCR is "
                                       f"not installed; to read scans: {OCR_HINT}")
        raise ParseError(doc.path, "not an annual report: no section headings or tables of the official format found")
    return report


def parse_bytes(data: bytes, path: str = "-", fmt: str | None = None, previous: Report | None = None) -> Report:
    """Read ``data`` (format detected by content unless given) and map it onto the template; ``previous`` as
    in :func:`match_document`."""
    got = read_input(data, path, fmt)
    return got if isinstance(got, Report) else match_document(got, previous)


def parse_text(text: str, path: str = "-", previous: Report | None = None) -> Report:
    return parse_bytes(text.encode("utf-8"), path, "md" if path.endswith(".md") else "txt", previous)


def parse_file(path: str | Path, previous: Report | None = None) -> Report:
    return parse_bytes(read_path(path), str(path), previous=previous)


def _looks_like_report(report: Report) -> bool:
    tables = [t for t in report.tables.values() if t is not None]
    return bool(tables) or len(report.sections) >= 2
