"""Text recognition with the rapidocr model, decoded here so that a number cell reads as a number.

rapidocr's recogniser returns only the most likely string. A table cell holds a number, and the most likely
string for a blurred lone 0 is often "o" (or "O", "D", "Q"): the model's alphabet has thousands of
characters and nothing tells it the cell is numeric. So the CTC output is decoded here: first freely (as
rapidocr does); then, when the free reading of a cell run is only digits and their look-alikes, each
character is replaced by the most likely *number* character at the same time step, and its confidence is
how sure the model is of that digit against the other digits — a 0 that could be an o is still a sure 0, a
digit that could be a 6 or an 8 is not.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

NUMBER_CHARS = "0123456789.-,%"
# what a digit is misread as in a number cell; a run of these and digits is decoded as a number
LOOKALIKE = re.compile(r"^[0-9.,\-%oOQDlI|!SsBbZzgq]+$")
EDGE_JUNK = set(",.'`\":;_~·、。，'")
TRIMMED_CONFIDENCE = 0.9  # a number read after dropping marks beside it: likely right, still to be checked
BATCH = 6
ALTERNATIVE = 0.05  # share of the model's belief a digit's runner-up needs to count as a second reading


class Reading(NamedTuple):
    """A recognised run: the most likely text, how sure, and the second most likely number (or None)."""

    text: str
    conf: float
    alt: str | None = None


class Reader:
    """Runs the rapidocr recognition model on crops and decodes its output (see the module docstring)."""

    def __init__(self, engine: Any) -> None:
        import numpy as np

        self.rec = engine.text_rec
        chars: list[str] = list(self.rec.postprocess_op.character)
        self.chars = chars
        self.number_idx = np.array([i for i, c in enumerate(chars) if c in NUMBER_CHARS], dtype=np.int64)

    def _probs(self, crops: list[Any]) -> list[Any]:
        """Per crop, the (time × alphabet) probabilities of its valid time steps."""
        import numpy as np

        out: list[Any] = [None] * len(crops)
        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / crops[i].shape[0])
        _, img_h, img_w = self.rec.rec_image_shape[:3]
        for b in range(0, len(order), BATCH):
            idx = order[b : b + BATCH]
            ratio = max(img_w / img_h, *(crops[i].shape[1] / crops[i].shape[0] for i in idx))
            batch = np.concatenate([self.rec.resize_norm_img(crops[i], ratio)[np.newaxis, :] for i in idx])
            preds = self.rec.session(batch.astype(np.float32))[0]
            for k, i in enumerate(idx):
                out[i] = preds[k]
        return out

    def decode(self, probs: Any, numeric: bool) -> Reading:
        """Greedy CTC decoding; ``numeric``: a number-like reading is re-decoded with number characters, and
        its second reading is the number with its least sure digit replaced by that digit's runner-up."""
        import numpy as np

        best = probs.argmax(axis=1)
        keep = [t for t in range(len(best)) if best[t] != 0 and (t == 0 or best[t] != best[t - 1])]
        if not keep:
            return Reading("", 0.0)
        text = "".join(self.chars[best[t]] for t in keep)
        conf = float(np.mean([probs[t, best[t]] for t in keep]))
        if not numeric:
            return Reading(text, conf)
        # a speck of dust beside a number reads as a comma, a point or a quote: not part of the number
        inner = list(keep)
        while inner and self.chars[best[inner[-1]]] in EDGE_JUNK:
            inner.pop()
        while inner and self.chars[best[inner[0]]] in EDGE_JUNK:
            inner.pop(0)
        core = "".join(self.chars[best[t]] for t in inner)
        if not inner or not LOOKALIKE.match(core):
            return Reading(text, conf)
        sub = probs[inner][:, self.number_idx]
        pick = sub.argmax(axis=1)
        chars = [self.chars[self.number_idx[k]] for k in pick]
        share = sub / np.maximum(sub.sum(axis=1, keepdims=True), 1e-9)
        ratio = share.max(axis=1)
        sure = float(np.min(ratio))
        # the least sure place, read as its runner-up digit: the other likely number
        weak = int(np.argmin(ratio))
        order = np.argsort(share[weak])[::-1]
        alt = None
        if share[weak, order[1]] >= ALTERNATIVE:
            other = self.chars[self.number_idx[order[1]]]
            alt = "".join([*chars[:weak], other, *chars[weak + 1 :]])
        if len(inner) < len(keep):  # marks dropped: right most likely, but say so
            sure = min(sure, TRIMMED_CONFIDENCE)
        return Reading("".join(chars), sure, alt)

    def read(self, crops: list[Any], numeric: list[bool]) -> list[Reading]:
        """Text and confidence of each crop (``numeric[i]``: crop ``i`` is a table cell's text)."""
        if not crops:
            return []
        return [self.decode(p, n) for p, n in zip(self._probs(crops), numeric, strict=True)]
