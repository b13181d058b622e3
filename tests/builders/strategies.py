"""Hypothesis strategies: random valid reports in the official layout."""

from __future__ import annotations

from hypothesis import strategies as st

from builders.official import MARKERS, build, printed_cells
from nianbao.schema.template import load_template


def cell_texts(t, cell_id: str):
    """What a cell may print: mostly a number of the column's kind, else a blank or a marker."""
    col = t.column(cell_id)
    if col.decimal:
        number = st.integers(1, 10**7).map(lambda n: f"{n / 100:.2f}")
    elif col.signed:
        number = st.integers(-500, 500).filter(bool).map(str)
    else:
        number = st.integers(1, 10**5).map(str)
    return st.one_of(number, number, number, st.sampled_from(("",) + MARKERS))


@st.composite
def printed_reports(draw):
    """A built report (either edition, with or without 总计 in the header, 2021 with the
    single （六） row or its three sub-rows) holding random printed values."""
    edition = draw(st.sampled_from(("2021", "2019")))
    layout = {"total_column": draw(st.sampled_from(("labelled", "unlabelled")))}
    if edition == "2021":
        layout["single_other"] = draw(st.booleans())
    t = load_template(edition)
    values = draw(st.fixed_dictionaries({cid: cell_texts(t, cid) for cid in printed_cells(edition, **layout)}))
    return build(edition, values, **layout)
