"""The hot-path shortcuts taken for speed give exactly what the plain definitions give."""

from __future__ import annotations

import gc
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk._gc import paused
from xxgk.matcher.cells import parse_value
from xxgk.matcher.labels import skeleton
from xxgk.matcher.meta import nfkc
from xxgk.parse import ParseError, parse_text
from xxgk.render.flatten import flatten
from xxgk.synth import generate
from xxgk.template import CellKind

_CJK = re.compile(r"[\u3400-\u9fff]")

# Text mixing ASCII, plain ideographs, CJK punctuation, Kangxi radicals, compatibility and enclosed ideographs.
_MIXED = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.sampled_from("政府信息公开年度报告一二三四五六、，。（）：“”\u3000\xa0⼀⼆⾏⽂㊀㈠豈﨑\U0002f800🈐"),
        st.characters(min_codepoint=0x2E80, max_codepoint=0x33FF),
        st.characters(min_codepoint=0xF900, max_codepoint=0xFFEF),
    ),
    max_size=60,
)


def _skeleton_reference(text: str) -> tuple[str, list[int]]:
    # The definition: each character NFKC-folded alone, kept when it is one CJK ideograph.
    chars, index = [], []
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) == 1 and _CJK.match(folded):
            chars.append(folded)
            index.append(i)
    return "".join(chars), index


@settings(max_examples=400)
@given(_MIXED)
def test_skeleton_is_the_per_character_fold(text: str) -> None:
    assert skeleton(text) == _skeleton_reference(text)


def test_skeleton_folds_radicals_and_keeps_offsets() -> None:
    assert skeleton("⼀、公开 2023年") == ("一公开年", [0, 2, 3, 9])


@given(st.from_regex(r"\A[0-9]{1,12}\Z"), st.sampled_from(list(CellKind)), st.sampled_from(["", "元", "万元", "件"]))
def test_parse_value_digits_shortcut_matches_the_decimal_path(digits: str, kind: CellKind, unit: str) -> None:
    # A leading space takes the general path (strip, Decimal, units); the bare digits take the shortcut.
    assert parse_value(digits, kind, unit) == parse_value(" " + digits, kind, unit)
    assert type(parse_value(digits, kind, unit)) is type(parse_value(" " + digits, kind, unit))


@settings(max_examples=400)
@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from("Ａ０：（）　…\xa0́̈ｶﾞ⼀㈠e")), max_size=40))
def test_nfkc_shortcut_is_nfkc(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_nfkc_composes_after_a_mapped_full_width_letter() -> None:
    # Ａ + combining acute: the mapped "A" still composes with the mark, as in one NFKC pass
    assert nfkc("Ａ\u0301") == unicodedata.normalize("NFKC", "Ａ\u0301") == "Á"


def test_gc_pause_restores_the_collector() -> None:
    assert gc.isenabled()
    parse_text(flatten(generate(7), "tsv"), "g.txt")
    assert gc.isenabled()  # on again after a parse
    with pytest.raises(ParseError):
        parse_text("not a report at all", "x.txt")
    assert gc.isenabled()  # and after a parse that failed
    gc.disable()
    try:
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()
