"""A number's source survives the JSON the HTML and XLSX carry (what the re-reading tests rely on); a blank
is shown as a dash, never as 0."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from xxgk.briefing.model import CELL, DIFF, METRIC, QUERY, RATE, RATIO, Number, Source, show

names = st.sampled_from(["reports", "quantile", "rank", "granted_rate", "published_on"])
params = st.dictionaries(st.sampled_from(["year", "region", "kind", "level", "metric", "p", "rule"]),
                         st.one_of(st.integers(0, 3000), st.sampled_from(["35", "dept", "", "T3-01"]),
                                   st.sampled_from([0.25, 0.5, 0.75])), max_size=4)
leaf = st.one_of(
    st.builds(lambda r, c: Source(CELL, r, cell=c), st.integers(1, 10**6),
              st.sampled_from(["applications/new/0", "active/rules/1", "review_litigation/review/4"])),
    st.builds(lambda r, n: Source(METRIC, r, name=n), st.integers(1, 10**6), names),
    st.builds(lambda n, p: Source.query(n, **p), names, params),
)
sources = st.one_of(leaf, st.builds(lambda k, a, b: Source(k, parts=(a, b)), st.sampled_from([RATIO, DIFF]), leaf, leaf))


@given(sources)
def test_source_round_trips_through_json(source: Source) -> None:
    assert Source.from_json(json.loads(json.dumps(source.to_json(), ensure_ascii=False))) == source
    link = source.link()
    assert link is None or link.startswith("/")
    if source.report_id is not None and source.kind == CELL:
        assert link == f"/reports/{source.report_id}#cell-{source.cell}"


@given(st.one_of(st.none(), st.integers(0, 10**9), st.floats(0, 10, allow_nan=False)))
def test_shown_values(value: float | None) -> None:
    n = Number(value, RATE, Source.query("quantile", year=2023, metric="granted_rate", p=0.5), "份")
    if value is None:
        assert n.text == "—" and n.plain() is None
    else:
        assert n.text.endswith("%份") and n.bare == show(value, RATE)
    assert Source(QUERY, name="late").link() == "/stats"
    assert Source.query("with_errors", year=2023, region="35").link() == "/reports?year=2023&region=350000&status=error"
