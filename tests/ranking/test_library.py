"""Library files as Zotero, JabRef, Mendeley and a hand-kept list export them: parsed, bad entries counted."""

import datetime as dt
import json

import pytest

from paperdigest.errors import UsageError
from paperdigest.library import load_libraries, parse_library

TODAY = dt.date(2025, 1, 20)

BIB = r"""
@article{good,
  title = {Dust {Opacity} in Spiral Galaxies},
  author = {Doe, Jane and Roe, Rick},
  abstract = {We measure the \emph{dust} opacity.},
  eprint = {1305.1234},
  timestamp = {2024-01-20},
}
@article{broken, title = {Never closed
@misc{second, title = {Quantum error correction with cat qubits}, url = {https://arxiv.org/abs/2401.00001v2}}
@misc{empty, author = {Nobody}}
"""


def test_bibtex_keeps_what_entries_have_and_counts_the_rest():
    library = parse_library(BIB, ".bib", TODAY)
    titles = [i.title for i in library.items]
    assert titles == ["Dust Opacity in Spiral Galaxies", "Quantum error correction with cat qubits"]
    first, second = library.items
    assert first.abstract == "We measure the dust opacity."
    assert first.arxiv_id == "1305.1234" and second.arxiv_id == "2401.00001"
    # one block that does not parse, one entry without a title or id
    assert library.skipped == 2
    # added a year before the run: half the weight of an item added today
    assert first.weight == pytest.approx(0.5, abs=0.01) and second.weight == 1.0


def test_csl_json_as_zotero_exports_it():
    items = [
        {"id": "a", "type": "article", "title": "Topological insulators", "abstract": "Band theory.", "dateAdded": "2025-01-20T10:00:00Z", "URL": "http://arxiv.org/abs/1301.0001"},
        {"id": "b", "type": "article"},
        "not an item",
        {"title": "Wrong shapes", "accessed": "yesterday"},
        {"title": "Accessed", "accessed": {"date-parts": [[2024, 1, 21]]}},
    ]
    library = parse_library(json.dumps(items), ".json", TODAY)
    assert [(i.title, i.abstract, i.arxiv_id, i.weight) for i in library.items] == [
        ("Topological insulators", "Band theory.", "1301.0001", 1.0),
        ("Accessed", "", None, 0.5),
    ]
    assert library.skipped == 3


def test_a_lone_surrogate_in_a_json_library_becomes_one_replacement_character():
    text = '[{"title": "Spin \\ud800 chains", "abstract": "Quantum \\ud83d\\ude00 magnets."}]'
    (item,) = parse_library(text, ".json", TODAY).items
    assert (item.title, item.abstract) == ("Spin \ufffd chains", "Quantum \U0001f600 magnets.")
    item.title.encode("utf-8")  # it can be written into a report


def test_ris_and_id_lists():
    ris = "TY  - JOUR\nTI  - Cosmic shear surveys\nAB  - Weak lensing.\nAU  - Doe, J.\nER  - \n\nTY  - JOUR\nAU  - X\nER  - \n"
    library = parse_library(ris, ".ris", TODAY)
    assert [i.title for i in library.items] == ["Cosmic shear surveys"] and library.skipped == 1
    ids = parse_library("# my reading list\n2401.00001v3\nhttps://arxiv.org/abs/hep-th/9901001\nnot an id\n", ".txt", TODAY)
    assert [i.arxiv_id for i in ids.items] == ["2401.00001", "hep-th/9901001"] and ids.skipped == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notalib.pdf", b"%PDF-1.7", "not a library file"),
        ("words.bib", b"just some words, no entries", "not a .bib library"),
        ("list.json", b'{"title": "one object"}', "not a .json library"),
        ("bad.json", b"{not json", "not a .json library"),
        ("notes.ris", b"hello world", "not a .ris library"),
        ("notes.txt", b"hello world\n", "not a .txt library"),
        ("latin1.bib", "@misc{a, title={Caf\xe9}}".encode("latin-1"), "cannot read"),
        ("empty.bib", b"", "no library entries with a title or an arXiv id"),
        ("empty.json", b"[]", "no library entries with a title or an arXiv id"),
        ("empty.txt", b"# to read\n", "no library entries with a title or an arXiv id"),
        ("untitled.bib", b"@misc{a, author={Nobody}}", r"no library entries with a title or an arXiv id \(1 malformed\)"),
    ],
)
def test_a_file_that_is_not_a_library_is_a_usage_error_naming_it(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UsageError, match=message) as error:
        load_libraries([path], TODAY)
    assert name in str(error.value)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(UsageError, match="library file not found: .*missing.bib"):
        load_libraries([tmp_path / "missing.bib"], TODAY)
