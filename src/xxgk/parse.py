"""Parse a report file (any supported format) into its canonical record."""

from __future__ import annotations

from pathlib import Path

from .readers.document import ReaderError
from .record import Report

__all__ = ["ParseError", "parse_bytes", "parse_file", "parse_text"]

MAX_FILE_BYTES = 200 * 1024 * 1024


class ParseError(ReaderError):
    """A file that could not be parsed; ``str(err)`` names the file and the reason."""


def parse_bytes(data: bytes, path: str = "-", fmt: str | None = None) -> Report:
    """Read ``data`` (format detected by content unless given) and map it onto the template."""
    from .matcher import match
    from .readers import read_document

    try:
        doc = read_document(data, path, fmt)
    except ReaderError as exc:
        raise ParseError(exc.path, exc.reason) from exc
    report = match(doc)
    if not _looks_like_report(report):
        raise ParseError(path, "not an annual report: no section headings or tables of the official format found")
    return report


def parse_text(text: str, path: str = "-") -> Report:
    return parse_bytes(text.encode("utf-8"), path, "md" if path.endswith(".md") else "txt")


def parse_file(path: str | Path) -> Report:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ParseError(str(path), f"file too large ({size // 1024 // 1024} MB)")
        data = p.read_bytes()
    except OSError as exc:
        raise ParseError(str(path), exc.strerror or str(exc)) from exc
    return parse_bytes(data, str(path))


def _looks_like_report(report: Report) -> bool:
    tables = [t for t in report.tables.values() if t is not None]
    return bool(tables) or len(report.sections) >= 2
