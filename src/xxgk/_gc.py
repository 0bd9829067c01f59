"""A pause of the cyclic garbage collector around one parse (see :func:`paused`)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cyclic collector off, and turn it back on after (unless it was off already).

    A parse allocates some ten thousand small objects (fields, tokens, cells) that all live until it ends and
    form no garbage cycles; the generational collector would scan them again and again for nothing (10-15% of
    the time of a text report). Reference counting still frees everything as usual.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
