"""xxgk — read, check and write 政府信息公开工作年度报告 (government information disclosure annual reports).

Library first: ``parse`` turns a file into the canonical record ``xxgk.report/1``; the CLI and the web app
are thin layers over the same functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .parse import ParseError, parse_bytes, parse_file, parse_text
    from .record import Report

__all__ = ["ParseError", "Report", "__version__", "parse_bytes", "parse_file", "parse_text"]


def __getattr__(name: str) -> Any:
    # Lazy: keep `import xxgk` (and the CLI start-up) light.
    if name in {"parse_file", "parse_bytes", "parse_text", "ParseError"}:
        from . import parse

        return getattr(parse, name)
    if name == "Report":
        from .record import Report

        return Report
    raise AttributeError(name)
