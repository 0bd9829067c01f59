"""Format detection by content (magic bytes), not by the file extension."""

from __future__ import annotations

import zipfile
from io import BytesIO

from .document import ReaderError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .wps / .xls


def detect_format(data: bytes, path: str = "-") -> str:
    """Return one of pdf, docx, doc, html, mht, md, txt; raise ReaderError for what we cannot read."""
    if not data or not data.strip():
        raise ReaderError(path, "empty file")
    head = data[:2048]
    if head.lstrip().startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile as exc:
            raise ReaderError(path, f"corrupt zip container: {exc}") from exc
        if "word/document.xml" in names:
            return "docx"
        raise ReaderError(path, "zip file that is not a Word document (no word/document.xml)")
    if head.startswith(OLE_MAGIC):
        return "doc"
    low = head.lower()
    if b"mime-version:" in low and b"multipart/related" in data[:8192].lower():
        return "mht"
    stripped = low.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in low or b"<body" in low or b"<table" in low:
        return "html"
    if _looks_binary(head):
        raise ReaderError(path, "binary data that is not a PDF, DOCX or HTML document")
    if path.lower().endswith((".md", ".markdown")):
        return "md"
    return "txt"


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    return control_bytes(head) > len(head) * 0.05


_CONTROLS = bytes(b for b in range(32) if b < 9 or b > 13)  # control bytes that text files do not hold


def control_bytes(data: bytes) -> int:
    """How many bytes of ``data`` are control characters other than tab, newlines and form feed (counted in C)."""
    return len(data) - len(data.translate(None, _CONTROLS))
