"""Record files: a report already in xxgk.report/1 form, as YAML (``xxgk new``) or JSON/JSON lines
(``xxgk parse``, gold files), recognised by content so every command that takes a report takes a record too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .readers.document import ReaderError
from .record import SCHEMA, Report, ReportSource

_YAML_SCHEMA = re.compile(rb"(?m)^schema:[ \t]*[\"']?xxgk\.report/1[\"']?[ \t]*(#.*)?\r?$")
_BOM = b"\xef\xbb\xbf"
_RECORD_KEYS = {"agency", "year", "template", "applications", "active", "active_2019", "review_litigation"}


def sniff(data: bytes, path: str) -> Report | None:
    """The record in ``data`` when the content is one, else None (a report for the readers).

    A record is JSON (or JSON lines) whose first character is ``{``/``[``, or YAML with a top-level
    ``schema: xxgk.report/1`` line. A report's text never parses as JSON and never has that line, so this does
    not steal reports; a JSON or YAML file that is not a valid record gets the loader's error."""
    head = data[:8192].removeprefix(_BOM).lstrip()
    if head[:1] in (b"{", b"["):
        try:
            text = data.removeprefix(_BOM).decode("utf-8")
            _json_or_lines(text)
        except ValueError:  # UnicodeDecodeError is a ValueError too
            return None
        return loads(data, path)
    if _YAML_SCHEMA.search(head):
        return loads(data, path)
    return None


def loads(data: bytes, path: str) -> Report:
    """The record held in ``data``; ReaderError naming ``path`` when it is not one."""
    try:
        text = data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReaderError(path, f"a record file must be UTF-8 ({exc.reason} at byte {exc.start})") from exc
    obj = _decode(text, path)
    if isinstance(obj, list):  # xxgk parse --format json writes an array
        if len(obj) != 1:
            raise ReaderError(path, f"holds {len(obj)} records; give a file with one")
        obj = obj[0]
    if not isinstance(obj, dict) or not (obj.get("schema") == SCHEMA or _RECORD_KEYS & set(obj)):
        raise ReaderError(path, "not a record (expected a mapping with agency, year, tables …)")
    if "error" in obj and "applications" not in obj:
        raise ReaderError(path, f"a failed parse ({obj['error']})")
    schema = obj.get("schema")
    if schema not in (None, SCHEMA):
        raise ReaderError(path, f"schema {schema!r} is not {SCHEMA}")
    # YAML may read 2021 as an int and a date as a datetime.date: normalise to the record's types.
    for key in ("published_on", "signed_on"):
        if obj.get(key) is not None:
            obj[key] = str(obj[key])
    try:
        report = Report.from_json(obj)
    except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as exc:
        raise ReaderError(path, f"not a valid {SCHEMA} record ({type(exc).__name__}: {exc})") from exc
    if report.source is None:
        report.source = ReportSource(path=path, format="json" if text.lstrip()[:1] in "{[" else "yaml")
    return report


def load(path: str | Path) -> Report:
    """Read a record from a YAML or JSON file (``xxgk new``, ``xxgk parse --format json``, a gold file)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReaderError(str(path), exc.strerror or str(exc)) from exc
    return loads(data, str(path))


def _json_or_lines(text: str) -> Any:
    """JSON, or JSON lines (xxgk parse's default); ValueError when neither."""
    try:
        return json.loads(text)
    except ValueError:
        lines = [line for line in text.splitlines() if line.strip()]
        if not lines:
            raise
        return [json.loads(line) for line in lines]


def _decode(text: str, path: str) -> Any:
    try:
        return _json_or_lines(text)
    except ValueError:
        pass
    import yaml  # lazy: only YAML records need it

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ReaderError(path, f"neither JSON nor valid YAML ({str(exc).splitlines()[0]})") from exc
