"""Hostile input: whatever the bytes, parse_html returns a record or raises ParseError, nothing else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from paperdigest.errors import ParseError
from paperdigest.html import parse_html
from paperdigest.models import ParsedPaper

_TAGS = ["div", "p", "section", "h2", "math", "table", "tr", "td", "figure", "figcaption", "span", "script", "svg"]
_CLASSES = [
    "",
    "ltx_equation",
    "ltx_eqn_row",
    "ltx_tag ltx_tag_figure",
    "ltx_note_outer",
    "ltx_abstract",
    "ltx_bibitem",
]

_piece = st.one_of(
    st.builds(lambda t, c: f'<{t} class="{c}">', st.sampled_from(_TAGS), st.sampled_from(_CLASSES)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(_TAGS)),
    st.sampled_from(['<math alttext="x%\n^2$" display="block">', "<!--", "-->", "<br/>", "Figure 1:", "&amp;", "$"]),
    st.text(max_size=20),
)


def _outcome(data: bytes) -> None:
    try:
        parsed = parse_html(data, base_url="https://arxiv.org/html/2501.00001v1/")
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(parsed, ParsedPaper) and parsed.source == "html"


@settings(max_examples=60, deadline=None)
@given(st.lists(_piece, max_size=60))
def test_tag_soup_never_crashes(pieces: list[str]) -> None:
    _outcome(("<html><body>" + "".join(pieces)).encode("utf-8", errors="surrogatepass"))


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_crash(data: bytes) -> None:
    _outcome(data)
    _outcome(b"<" + data)
