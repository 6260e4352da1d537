"""arXiv export API: every recording in the corpus, paging, id lookups, errors and the date-window query."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest

from paperdigest.errors import InvalidIdError, SourceError
from paperdigest.settings import Settings
from paperdigest.sources import arxiv

FIXTURES = "arxiv_api/arxiv.py_fixtures_2026"


def _atom(entries: list[str], total: int) -> bytes:
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"'
        ' xmlns:arxiv="http://arxiv.org/schemas/atom">'
        f"<opensearch:totalResults>{total}</opensearch:totalResults>{''.join(entries)}</feed>"
    ).encode()


def _entry(arxiv_id: str, published: str, categories: tuple[str, ...] = ("cs.CL",)) -> str:
    cats = "".join(f'<category term="{c}"/>' for c in categories)
    return (
        f"<entry><id>http://arxiv.org/abs/{arxiv_id}</id><title>Paper {arxiv_id}</title>"
        f"<summary>About {arxiv_id}.</summary><published>{published}</published>"
        f'<arxiv:primary_category term="{categories[0]}"/>{cats}<author><name>A. Author</name></author></entry>'
    )


def test_every_recorded_body_parses(corpus: Path):
    counts = {}
    for path in sorted((corpus / FIXTURES).glob("*.xml")):
        if path.name.startswith("id_abc"):
            with pytest.raises(InvalidIdError, match="incorrect id format for abc"):
                arxiv.parse_atom(path.read_bytes())
            continue
        papers, total, unreadable = arxiv.parse_atom(path.read_bytes())
        assert unreadable == []
        counts[path.name.rsplit("_", 1)[0]] = (len(papers), total)
        for paper in papers:
            assert paper.title and paper.categories and paper.published and paper.announced
    assert counts["q_testing_s0_m100"] == (100, 214881)
    assert counts["q_testing_s5_m15"] == (15, 214881)
    assert counts["id_0000.0000_s0_m100"] == (0, 0)


def test_entry_fields(corpus: Path):
    body = next((corpus / FIXTURES).glob("id_quant-ph_0201082v1_*.xml")).read_bytes()
    (paper,), total, _ = arxiv.parse_atom(body)
    assert total == 1
    assert (paper.arxiv_id, paper.version) == ("quant-ph/0201082", 1)
    assert paper.categories == ["quant-ph", "cs.PL"]
    assert paper.authors == ["Stephen Blaha"]
    assert paper.title.startswith("Quantum Computers and Quantum Computer Languages")
    assert paper.published == dt.datetime(2002, 1, 18, 15, 8, 5, tzinfo=dt.timezone.utc)
    assert paper.announced == dt.date(2002, 1, 21)  # Friday 10:08 ET -> Monday's listing
    assert paper.extra == {"comment": "32 pages"}
    assert paper.sources == ["arxiv"]


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        (["1605.08386"], ["1605.08386v1"]),
        (["1707.08567"], ["1707.08567v1"]),
        (["2104.12255v1"], ["2104.12255v1"]),
        (["astro-ph/0601001"], ["astro-ph/0601001v1"]),
        (["quant-ph/0201082v1"], ["quant-ph/0201082v1"]),
    ],
)
def test_lookup_every_recorded_id(run_with_replay, asked, expected):
    result = run_with_replay(lambda client: arxiv.lookup_ids(client, asked))
    assert [p.versioned_id for p in result.papers] == expected
    assert result.errors == []


def test_lookup_titles_are_the_right_papers(run_with_replay):
    result = run_with_replay(lambda client: arxiv.lookup_ids(client, ["1605.08386"]))
    assert result.papers[0].title == "Heat-bath random walks with Markov bases"
    old = run_with_replay(lambda client: arxiv.lookup_ids(client, ["astro-ph/0601001"]))
    assert old.papers[0].categories == ["astro-ph"]


def test_lookup_of_two_ids_reports_the_unknown_one(run_with_replay):
    result = run_with_replay(lambda client: arxiv.lookup_ids(client, ["0808.05394", "1707.08567"]))
    assert [p.versioned_id for p in result.papers] == ["1707.08567v1"]
    assert result.errors == ["arxiv: no paper with id 0808.05394"]


def test_unknown_id_is_a_clear_error(run_with_replay):
    result = run_with_replay(lambda client: arxiv.lookup_ids(client, ["0000.0000"]))
    assert result.papers == [] and result.errors == ["arxiv: no paper with id 0000.0000"]


def test_invalid_id_raises_from_the_recorded_400(run_with_replay):
    with pytest.raises(InvalidIdError, match="arXiv rejected the id: incorrect id format for abc"):
        run_with_replay(lambda client: arxiv.lookup_ids(client, ["abc"]))


def test_paging_returns_the_single_page_papers_without_duplicates(run_with_replay):
    single, skipped = run_with_replay(lambda client: arxiv.search(client, "testing", max_results=100, page_size=100))
    paged, _ = run_with_replay(lambda client: arxiv.search(client, "testing", max_results=60, page_size=10))
    offset, _ = run_with_replay(lambda client: arxiv.search(client, "testing", start=5, max_results=15, page_size=15))
    assert skipped == {}
    ids = [p.versioned_id for p in single.papers]
    assert len(ids) == len(set(ids)) == 100
    assert [p.versioned_id for p in paged.papers] == ids[:60]
    assert [p.versioned_id for p in offset.papers] == ids[5:20]
    assert paged.errors == single.errors == []


def test_an_empty_page_in_the_middle_is_retried(run_with_mock):
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params["start"])
        calls.append(start)
        if start == 2 and calls.count(2) == 1:
            return httpx.Response(200, content=_atom([], 4))
        ids = [f"2501.0000{n}" for n in range(start + 1, start + 3)]
        return httpx.Response(200, content=_atom([_entry(i, "2025-01-02T10:00:00Z") for i in ids], 4))

    result, _ = run_with_mock(handler, lambda client: arxiv.search(client, "x", page_size=2))
    assert [p.arxiv_id for p in result.papers] == ["2501.00001", "2501.00002", "2501.00003", "2501.00004"]
    assert calls == [0, 2, 2] and result.errors == []


def test_an_always_empty_page_ends_with_an_error(run_with_mock):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params["start"] == "0":
            return httpx.Response(200, content=_atom([_entry("2501.00001", "2025-01-02T10:00:00Z")], 5))
        return httpx.Response(200, content=_atom([], 5))

    result, _ = run_with_mock(handler, lambda client: arxiv.search(client, "x", page_size=1))
    assert [p.arxiv_id for p in result.papers] == ["2501.00001"]
    assert "kept returning an empty page" in result.errors[0]


def test_build_query_for_a_week():
    query = arxiv.build_query(("cs.CL", "cs.LG"), ("retrieval",), dt.date(2025, 1, 20), dt.date(2025, 1, 26))
    # Thu 16 Jan 14:00 EST = 19:00 UTC up to Thu 23 Jan 13:59 EST.
    assert query == '(cat:cs.CL OR cat:cs.LG) AND (all:"retrieval") AND submittedDate:[202501161900 TO 202501231859]'


def test_fetch_keeps_the_papers_listed_in_the_range(run_with_mock):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.params["search_query"])
        entries = [
            _entry("2501.00001", "2025-01-16T19:30:00Z"),  # Thu after cut-off -> Mon 20
            _entry("2501.00002", "2025-01-21T20:00:00Z"),  # Tue after cut-off -> Thu 23
            _entry("2501.00003", "2025-01-15T12:00:00Z"),  # Wed morning -> Thu 16: outside
        ]
        return httpx.Response(200, content=_atom(entries, 3))

    settings = Settings(categories=("cs.CL",))
    result = run_with_mock(handler, lambda c: arxiv.fetch(c, dt.date(2025, 1, 20), dt.date(2025, 1, 26), settings))
    assert seen == ["(cat:cs.CL) AND submittedDate:[202501161900 TO 202501231859]"]
    assert [(p.arxiv_id, p.announced) for p in result.papers] == [
        ("2501.00001", dt.date(2025, 1, 20)),
        ("2501.00002", dt.date(2025, 1, 23)),
    ]
    assert [d.status for d in result.days] == ["ok", "empty", "empty", "ok", "empty", "empty", "empty"]
    assert result.days[5].note == "arXiv lists nothing on weekends"


def test_entries_without_a_readable_id_are_counted_on_their_day_and_paged_past(run_with_mock):
    """A changed id format must not read as a quiet day: the day's note counts what was skipped, and a day whose every
    entry was skipped is an error; the paging moves on by entries, not papers."""
    pages = {
        0: [_entry("2501.00001", "2025-01-16T19:30:00Z"), _entry("../../etc/passwd", "2025-01-16T20:00:00Z")],
        2: [_entry("not-an-id", "2025-01-21T20:00:00Z"), _entry("2501.00002v2", "2025-01-21T20:30:00Z")],
        4: [_entry("junk", "2025-01-22T20:00:00Z")],  # Wed evening -> Fri 24: nothing readable that day
    }
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(int(request.url.params["start"]))
        return httpx.Response(200, content=_atom(pages[calls[-1]], 5))

    settings = Settings(categories=("cs.CL",))
    result = run_with_mock(handler, lambda c: arxiv.fetch(c, dt.date(2025, 1, 20), dt.date(2025, 1, 26), settings))
    assert calls == [0, 2, 4]
    assert [p.versioned_id for p in result.papers] == ["2501.00001", "2501.00002v2"]
    days = {d.date.day: (d.status, d.note) for d in result.days}
    assert days[20] == ("ok", "1 entry without an arXiv id skipped")
    assert days[23] == ("ok", "1 entry without an arXiv id skipped")
    assert days[24] == ("error", "1 entry without an arXiv id skipped")
    assert days[21] == ("empty", "no papers that day")


def test_fetch_without_categories_or_keywords_says_so(run_with_mock):
    day = dt.date(2025, 1, 20)
    result = run_with_mock(lambda r: httpx.Response(500), lambda c: arxiv.fetch(c, day, day, Settings()))
    assert result.papers == [] and "categories or keywords" in result.errors[0]


def test_a_bad_query_is_a_source_error():
    body = _atom([
        "<entry><id>http://arxiv.org/api/errors#incorrect_search_query</id><title>Error</title>"
        "<summary>malformed query</summary></entry>"
    ], 1)
    with pytest.raises(SourceError, match="rejected the query: malformed query"):
        arxiv.parse_atom(body)
