import asyncio
import shutil
from pathlib import Path

import pytest

from paperdigest.errors import InvalidIdError
from paperdigest.ids import local_ids, parse_arxiv_id, safe_stem


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


def test_local_ids_are_unique_per_run_and_stable_for_the_same_file():
    """Issue 14.7: a/paper.pdf and b/paper.pdf became one paper."""
    paths = [Path("a/paper.pdf"), Path("b/paper.pdf"), Path("a/../a/paper.pdf"), Path("c/Paper.pdf"),
             Path("2501.10120v2.pdf"), Path("x/2501.10120v2.pdf"), Path("d/b_paper.pdf"), Path("e/b_paper.pdf")]
    assert local_ids(paths) == [
        ("paper", None), ("b_paper", None), ("paper", None), ("c_Paper", None),
        ("2501.10120", 2), ("x_2501.10120", None), ("d_b_paper", None), ("e_b_paper", None),
    ]
    ids = [i for i, _ in local_ids(paths)]
    assert len({i.lower() for i in ids}) == len(set(map(str, {p.resolve() for p in paths})))


def test_local_ids_number_what_the_folder_cannot_tell_apart():
    assert [i for i, _ in local_ids([Path("paper.pdf"), Path("paper.html"), Path("PAPER.pdf")])] == ["paper", "paper-2", "PAPER-3"]


def test_two_local_files_with_one_name_are_two_papers(corpus, tmp_path):
    from paperdigest.pipeline import RunRequest, run
    from paperdigest.settings import Settings

    files = []
    for folder, name in (("a", "1111.2011v2.pdf"), ("b", "1503.02531v1.pdf")):
        (tmp_path / folder).mkdir()
        files.append(tmp_path / folder / "paper.pdf")
        shutil.copyfile(corpus / "pdfs" / name, files[-1])
    settings = Settings(engine="extractive", cache_dir=tmp_path / "cache")
    report = asyncio.run(run(RunRequest(command="digest", local_files=files), settings))
    assert sorted(e.paper.arxiv_id for e in report.papers) == ["b_paper", "paper"]
    assert len({e.paper.title for e in report.papers}) == 2 and all(e.fulltext_source == "pdf" for e in report.papers)
