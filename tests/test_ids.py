import pytest

from paperdigest.errors import InvalidIdError
from paperdigest.ids import parse_arxiv_id, safe_stem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2501.10120", ("2501.10120", None)),
        ("2501.10120v3", ("2501.10120", 3)),
        ("arXiv:1706.03762v5", ("1706.03762", 5)),
        ("https://arxiv.org/abs/2501.10120v1", ("2501.10120", 1)),
        ("https://arxiv.org/pdf/2501.10120v1.pdf", ("2501.10120", 1)),
        ("0704.0001", ("0704.0001", None)),
        ("astro-ph/0601001", ("astro-ph/0601001", None)),
        ("quant-ph/0201082v1", ("quant-ph/0201082", 1)),
        ("math.GT/0309136", ("math.GT/0309136", None)),
    ],
)
def test_parse_arxiv_id(text, expected):
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize("text", ["abc", "", "../etc/passwd", "2501.1012", "math/050100", "/abs/2501.10120"])
def test_parse_arxiv_id_rejects(text):
    with pytest.raises(InvalidIdError, match="not an arXiv id"):
        parse_arxiv_id(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("math/0501001", "math_0501001"), ("../../etc/passwd", "etc_passwd"), ("/abs", "abs"), ("..", "unnamed")],
)
def test_safe_stem_stays_in_folder(text, expected):
    assert safe_stem(text) == expected
