"""Reading numbers in Chinese text: Arabic and Chinese numerals (三件, 十二件, 1.2万), fee amounts."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}

# A number as printed: 12, 1,234, 1.2万, 十二, 一百零五, 两千.
NUM = r"(?:\d[\d,，]*(?:\.\d+)?\s*万?|[零〇一二两三四五六七八九十百千]+万?)"


def chinese_to_int(text: str) -> int | None:
    """十二 → 12, 一百零五 → 105, 两千 → 2000, 三 → 3; None when not a numeral."""
    if not text or any(ch not in _DIGITS and ch not in _UNITS and ch != "万" for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:  # 万
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def parse_number(text: str) -> Decimal | None:
    """A printed number (Arabic or Chinese, optional 万) as a Decimal."""
    s = text.strip().replace(",", "").replace("，", "").replace(" ", "")
    if not s:
        return None
    factor = Decimal(1)
    if s.endswith("万") and len(s) > 1 and s[0].isdigit():
        factor, s = Decimal(10000), s[:-1]
    if s[0].isdigit():
        try:
            return Decimal(s) * factor
        except InvalidOperation:
            return None
    n = chinese_to_int(s)
    return None if n is None else Decimal(n)


def clauses(text: str) -> list[str]:
    """Sentences cut at 。；; and line breaks (the unit a claim is read in)."""
    return [c for c in re.split(r"[。；;！!？?\n]", text) if c.strip()]


_FEE = re.compile(r"收取[^。；，,]{0,12}?(?:信息处理费|费用)[^。；]{0,8}?(" + r"\d[\d,]*(?:\.\d+)?" + r")\s*(万?元)")
_NO_FEE = re.compile(r"(未|没有|无|不)[^。；]{0,6}收取|收取[^。；\d]{0,8}(0|零)元|无收费|免费")


def fee_amounts(text: str) -> list[str]:
    """Information-processing fee amounts the text says were collected (e.g. ['300元'])."""
    out = []
    for clause in clauses(text):
        if _NO_FEE.search(clause):
            continue
        for m in _FEE.finditer(clause):
            amount = parse_number(m.group(1))
            if amount is not None and amount > 0:
                out.append(f"{m.group(1)}{m.group(2)}")
    return out


def mentions_fee(text: str) -> bool:
    return bool(re.search(r"信息处理费|收费|收取费用|缴纳费用|费用", text))
