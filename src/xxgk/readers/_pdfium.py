"""Lean ctypes prototypes for the few pdfium calls made once per page object (the reader's hot loop).

pypdfium2's raw bindings return typed pointers, and building one Python pointer object per call costs more
than the call itself on a page of thousands of text objects. The same C functions are re-declared here with
plain ``void *`` handles (returned as ints), from the addresses pypdfium2 already resolved.
"""

from __future__ import annotations

import ctypes
from functools import cache
from typing import Any

VOIDP = ctypes.c_void_p


@cache
def proto(name: str, restype: Any, *argtypes: Any) -> Any:
    """pypdfium2's function ``name`` re-declared with the given C types."""
    import pypdfium2.raw as raw

    address = ctypes.cast(getattr(raw, name), VOIDP).value
    if address is None:  # pragma: no cover - every function named here is in pdfium
        raise LookupError(f"pdfium has no {name}")
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


def handle(obj: Any) -> int | None:
    """The address behind a pypdfium2 raw handle (page, text page), for the prototypes above."""
    return ctypes.cast(obj, VOIDP).value
