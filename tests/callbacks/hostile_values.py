"""Hypothesis strategies for what a hostile client can send: any JSON value where a control value is
expected, and link text built to break the parser."""

from __future__ import annotations

from hypothesis import strategies as st

from dashboard.view_state import KEYS

HUGE = 10**30
BIG_TEXT = st.sampled_from(["x" * 1_000_000, "8542," * 200_000, "\ud800" * 1000, "é" * 500_000])
SURROGATES = st.text(st.characters(categories=["Cs"]), min_size=1, max_size=4)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-HUGE, HUGE)
    | st.sampled_from([-1, 0, 1, 2**31, 2**63, -(2**63), 10**18])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | SURROGATES
)
# any JSON value: scalars, nested lists and dicts (what Dash hands a callback from the request body)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=10,
)
HOSTILE = JSON | BIG_TEXT

MONTH_TEXT = st.sampled_from(
    [
        "0000-01",
        "0001-01",
        "9999-12",
        "2023-00",
        "2023-13",
        "2023-1",
        "٢٠٢٣-٠١",
        "2023-01\n",
        "-001-01",
        "2023-01",
    ]
) | st.from_regex(r"\A\d{4}-\d{2}\Z", fullmatch=True)
LINK_VALUE = (
    MONTH_TEXT
    | st.text(max_size=40)
    | SURROGATES
    | st.sampled_from(
        ["chpl", "bearings", "8542", "854231", "KAZ", "EU27", "RUS", "flows", "members", "year"]
    )
)


@st.composite
def link_queries(draw, depth: int = 1) -> str:
    """Query text with known keys (and slides that are themselves hostile queries), percent-encoded or
    raw, sometimes with surrogates or an unknown key."""
    from urllib.parse import quote

    pairs = draw(st.lists(st.tuples(st.sampled_from([*KEYS, "zzz", "\ud800"]), LINK_VALUE), max_size=10))
    if depth:
        pairs += [("slide", draw(link_queries(depth=0))) for _ in range(draw(st.integers(0, 3)))]
    raw = draw(st.booleans())
    return "&".join(
        f"{k}={v}" if raw else f"{quote(k, errors='surrogatepass')}={quote(v, errors='surrogatepass')}"
        for k, v in pairs
    )


def maybe(valid: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly hostile values, some valid ones (so valid and hostile controls meet in one payload)."""
    return st.one_of(valid, HOSTILE, HOSTILE)
