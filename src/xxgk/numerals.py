"""Chinese numerals as printed in reports: 十二 → 12, 一百零五 → 105, 二〇二四 (digit by digit) → 2024."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_to_int(text: str) -> int | None:
    """十二 → 12, 一百零五 → 105, 两千 → 2000, 三 → 3; None when not a numeral."""
    if not text or any(ch not in DIGITS and ch not in UNITS and ch != "万" for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (1 if digit is None else digit) * UNITS[ch]
            digit = None
        else:  # 万
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def digits_to_int(text: str) -> int | None:
    """A number written digit by digit, as years are: 二〇二四 → 2024."""
    if not text or any(ch not in DIGITS for ch in text):
        return None
    return int("".join(str(DIGITS[ch]) for ch in text))
