"""Readers: one per format, each turning a file's bytes into a :class:`xxgk.readers.document.Document`.

Every reader module exposes ``read(data: bytes, path: str) -> Document`` and raises
:class:`xxgk.readers.document.ReaderError` for input it cannot read. Heavy libraries are imported inside the reader,
never at package import, so the CLI starts fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from .._gc import paused
from .detect import detect_format
from .document import Document, ReaderError

READERS: dict[str, str] = {
    "txt": "xxgk.readers.text",
    "md": "xxgk.readers.text",
    "html": "xxgk.readers.html",
    "mht": "xxgk.readers.html",
    "docx": "xxgk.readers.docx",
    "doc": "xxgk.readers.legacy",
    "pdf": "xxgk.readers.pdf",
}


def reader_for(fmt: str, path: str) -> Callable[[bytes, str], Document]:
    module = READERS.get(fmt)
    if module is None:
        raise ReaderError(path, f"unsupported format: {fmt}")
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:  # an optional reader whose library is missing
        raise ReaderError(path, f"the {fmt} reader is not available ({exc}); install xxgk with its extras") from exc
    return mod.read


def read_document(data: bytes, path: str, fmt: str | None = None) -> Document:
    """Detect the format by content (not the extension) and read the document."""
    fmt = fmt or detect_format(data, path)
    read = reader_for(fmt, path)
    with paused():  # readers allocate a great many short-lived objects (see xxgk._gc)
        return read(data, path)


__all__ = ["READERS", "detect_format", "read_document", "reader_for"]
