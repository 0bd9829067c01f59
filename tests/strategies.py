"""Hypothesis strategies over :mod:`xxgk.synth` (consistent random reports).

    from strategies import reports
    @given(reports())                       # any layout, sometimes with blanks
    @given(reports(template="2019"))        # only the 2019 layout
    @given(reports(blank_rate=0.0))         # no blank cells

Each strategy draws a seed and the options, then calls ``xxgk.synth.generate``; shrinking works on the seed.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from xxgk.record import Report
from xxgk.synth import SynthOptions, generate


def options(
    template: str | None = None,
    blank_rate: float | None = None,
    other_single_row: bool | None = None,
    sections: bool = True,
) -> st.SearchStrategy[SynthOptions]:
    """SynthOptions with the given fields fixed and the others drawn."""
    return st.builds(
        SynthOptions,
        template=st.just(template) if template else st.sampled_from(["2021", "2019"]),
        other_single_row=st.just(other_single_row) if other_single_row is not None else st.booleans(),
        blank_rate=st.just(blank_rate) if blank_rate is not None else st.sampled_from([0.0, 0.0, 0.3, 1.0]),
        sections=st.just(sections),
        scale=st.sampled_from([1.0, 1.0, 3.0]),
        chinese_numerals=st.booleans(),
    )


def reports(**kw: Any) -> st.SearchStrategy[Report]:
    """Consistent random reports (every identity holds when blanks count as 0)."""
    return st.builds(generate, st.integers(min_value=0, max_value=2**32 - 1), options(**kw))
