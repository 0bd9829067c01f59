"""Query parameters as the pages read them: a bad value is a 422 naming the parameter, never a traceback."""

from __future__ import annotations

from fastapi import HTTPException


def int_param(text: str | None, name: str) -> int | None:
    """``text`` as an integer; None when it is missing or blank."""
    if text is None or not text.strip():
        return None
    try:
        return int(text)
    except ValueError:
        raise HTTPException(422, f"{name} 应为整数：{text!r}") from None
