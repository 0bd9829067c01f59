"""The normal form of a printed agency name, and what the name says on its own (kind, region).

Printed names vary in width (ＡＢ／AB), spaces, and bracket style (（）/()/【】); the normal form folds those
(NFKC, spaces dropped, brackets made ASCII) so that the web page and the PDF of one report meet. Pure: ingest's
worker processes work the facts out without the store.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "[": "(", "]": ")",
                           "《": "", "》": "", "“": "", "”": "", '"': ""})


def normalise(name: str) -> str:
    """The normal form of a printed agency name (NFKC, no spaces, ASCII brackets, no quotes)."""
    text = unicodedata.normalize("NFKC", name)  # full-width letters/digits/brackets, Kangxi radicals → CJK
    text = text.translate(_BRACKETS)
    return _SPACES.sub("", text).strip()


def name_facts(name: str) -> tuple[str, str | None, str | None]:
    """What a printed agency name says on its own: its normal form, kind and region code (None when the name
    does not tell). Cheap to pickle: a worker works it out, the writer only inserts it."""
    from .kinds import infer_kind
    from .regions import infer_region

    try:
        code = infer_region(name).code
    except Exception:  # the division data missing must not stop an ingest: the region stays unknown
        code = None
    return normalise(name), infer_kind(name) or None, code
