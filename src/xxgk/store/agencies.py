"""Agency names: the normal form under which ingest finds an agency again.

Printed names vary in width (ＡＢ／AB), spaces, and bracket style (（）/()/【】); the normal form folds those
(NFKC, spaces dropped, brackets made ASCII) so that the web page and the PDF of one report meet.
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
