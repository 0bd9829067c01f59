"""CSV text as Chinese spreadsheet programs save it (the agency list and the ledger read it)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xxgk.csvtext import csv_text

HEADER = "编号,收到日期,收到方式,申请人类型\nA-1,2024-09-20,当面,自然人\n"


@given(st.text().filter(lambda t: not t.startswith("\ufeff")), st.booleans())
def test_utf8_with_or_without_the_mark_reads_back(text: str, mark: bool) -> None:
    assert csv_text((b"\xef\xbb\xbf" if mark else b"") + text.encode("utf-8")) == text


def test_gb18030_reads_back() -> None:
    data = HEADER.encode("gb18030")
    assert data != HEADER.encode("utf-8") and csv_text(data) == HEADER


def test_neither_is_none() -> None:
    assert csv_text(b"\x80\x80\xff\xff") is None  # not UTF-8, and 0xFF starts no GB18030 character
