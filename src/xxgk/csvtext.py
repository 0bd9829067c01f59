"""The text of a CSV file as spreadsheet programs in China save it: UTF-8 (with the byte-order mark Excel
writes, or without) or GB18030 (a superset of GBK/GB2312: a Chinese Excel's plain "CSV")."""

from __future__ import annotations


def csv_text(data: bytes) -> str | None:
    """``data`` decoded (a leading byte-order mark dropped), or None when it is neither UTF-8 nor GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
