"""What ``xxgk ingest`` reads: files, folders (recursively, in name order) and zip archives (their members).

A file named on the command line is always taken; inside folders and archives only files with a report
extension are, so that a folder of reports with notes or JSON beside them ingests cleanly (the others are
counted as skipped). Nested archives are opened too.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

REPORT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".shtml", ".xhtml", ".mht", ".mhtml",
                             ".docx", ".doc", ".wps", ".pdf"})
ARCHIVE_SUFFIXES = frozenset({".zip"})
MAX_MEMBER_BYTES = 200 * 1024 * 1024  # as xxgk.parse.MAX_FILE_BYTES: a zip bomb is refused, not unpacked


@dataclass(frozen=True)
class Item:
    """One input: ``path`` as shown to the user (``archive.zip!member`` for a member); its bytes, or the error
    that kept us from reading them."""

    path: str
    data: bytes | None = None
    error: str | None = None


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def discover(paths: list[str]) -> Iterator[Item | Skipped]:
    """Every input under ``paths``, bytes read, in a stable order."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(x for x in p.rglob("*") if x.is_file()):
                yield from _file(child, explicit=False)
        elif p.exists():
            yield from _file(p, explicit=True)
        else:
            yield Item(raw, error=f"{raw}: no such file or folder")


def _file(p: Path, explicit: bool) -> Iterator[Item | Skipped]:
    suffix = p.suffix.lower()
    if suffix in ARCHIVE_SUFFIXES:
        try:
            data = p.read_bytes()
        except OSError as exc:
            yield Item(str(p), error=f"{p}: {exc.strerror or exc}")
            return
        yield from _archive(str(p), data)
        return
    if not explicit and suffix not in REPORT_SUFFIXES:
        yield Skipped(str(p), f"not a report file type ({suffix or 'no extension'})")
        return
    try:
        yield Item(str(p), data=p.read_bytes())
    except OSError as exc:
        yield Item(str(p), error=f"{p}: {exc.strerror or exc}")


def _archive(path: str, data: bytes) -> Iterator[Item | Skipped]:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = sorted((i for i in archive.infolist() if not i.is_dir()), key=lambda i: i.filename)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Item(path, error=f"{path}: not a readable zip archive ({exc})")
        return
    with archive:
        for info in members:
            name = f"{path}!{info.filename}"
            suffix = Path(info.filename).suffix.lower()
            if suffix not in REPORT_SUFFIXES | ARCHIVE_SUFFIXES:
                yield Skipped(name, f"not a report file type ({suffix or 'no extension'})")
                continue
            if info.file_size > MAX_MEMBER_BYTES:
                yield Item(name, error=f"{name}: member too large ({info.file_size // 1024 // 1024} MB)")
                continue
            try:
                content = archive.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:  # corrupt, encrypted
                yield Item(name, error=f"{name}: cannot be extracted ({exc})")
                continue
            if suffix in ARCHIVE_SUFFIXES:
                yield from _archive(name, content)
            else:
                yield Item(name, data=content)
