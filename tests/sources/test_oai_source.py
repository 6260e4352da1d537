"""OAI-PMH: the recorded 2013 page (arXiv format), arXivRaw, resumptionToken paging, errors."""

from __future__ import annotations

import collections
import datetime as dt
from pathlib import Path

import httpx
import pytest

from paperdigest.errors import SourceError
from paperdigest.settings import Settings
from paperdigest.sources import oai

PAGE = "arxiv_oai/ListRecords_arXiv_2013-05-25_token436115-405001.xml"
HEAD = '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2025-01-25T00:00:00Z</responseDate>'


def raw_record(arxiv_id: str, versions: list[str], datestamp: str, categories: str = "cs.CL cs.LG") -> str:
    dated = "".join(
        f'<version version="v{n}"><date>{stamp}</date></version>' for n, stamp in enumerate(versions, 1)
    )
    return (
        f"<record><header><identifier>oai:arXiv.org:{arxiv_id}</identifier><datestamp>{datestamp}</datestamp>"
        f'<setSpec>cs</setSpec></header><metadata><arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/">'
        f"<id>{arxiv_id}</id><submitter>Ada</submitter>{dated}<title>Paper\n  {arxiv_id}</title>"
        f"<authors>Ada Lovelace, Alan Turing and Grace Hopper</authors><categories>{categories}</categories>"
        f"<doi>10.1/x</doi><abstract>  About {arxiv_id}.\n</abstract></arXivRaw></metadata></record>"
    )


def page(records: list[str], token: str | None) -> bytes:
    tail = f'<resumptionToken cursor="0">{token}</resumptionToken>' if token is not None else ""
    return f"{HEAD}<ListRecords>{''.join(records)}{tail}</ListRecords></OAI-PMH>".encode()


FIRST_PAGE = page([raw_record("2501.00001", ["Mon, 20 Jan 2025 12:00:00 GMT"], "2025-01-21")], "t1")


def test_recorded_page_has_1000_records_and_a_token(corpus: Path):
    papers, token, skipped = oai.parse_oai((corpus / PAGE).read_bytes())
    assert len(papers) == 1000 and len({p.arxiv_id for p in papers}) == 1000 and skipped == []
    assert token == "436115|406001"
    first = papers[0]
    assert first.arxiv_id == "1302.0649" and first.categories == ["cond-mat.supr-con"]
    assert first.authors == ["Feng Lu", "Wei-Hua Wang", "Xinjian Xie", "Fu-Chun Zhang"]
    assert first.announced == dt.date(2013, 2, 4)
    assert first.published == dt.datetime(2013, 2, 4, tzinfo=dt.timezone.utc)
    assert first.extra["datestamp"] == "2013-02-05"
    assert first.abstract.startswith("The LDA plus Gutzwiller variational method")
    second = papers[1]
    assert second.extra["journal_ref"] == "Eur. Phys. J. D 29, 201-208 (2004)"
    assert second.extra["doi"] == "10.1140/epjd/e2004-00034-2"
    assert min(p.announced for p in papers) == dt.date(2013, 1, 23)
    assert max(p.announced for p in papers) == dt.date(2013, 2, 7)
    assert sum(1 for p in papers if p.updated) == 198
    assert all(p.published.date() == p.announced for p in papers)
    assert collections.Counter(p.sources[0] for p in papers) == {"oai": 1000}


def test_arxiv_raw_versions_and_listing_day():
    versions = ["Thu, 16 Jan 2025 19:30:00 GMT", "Tue, 21 Jan 2025 10:00:00 GMT"]
    body = page([raw_record("2501.00001", versions, "2025-01-21")], "")
    (paper,), token, _ = oai.parse_oai(body)
    assert token is None
    assert paper.version == 2 and paper.announced == dt.date(2025, 1, 20)
    assert paper.published == dt.datetime(2025, 1, 16, 19, 30, tzinfo=dt.timezone.utc)
    assert paper.updated == dt.datetime(2025, 1, 21, 10, 0, tzinfo=dt.timezone.utc)
    assert paper.authors == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert paper.title == "Paper 2501.00001" and paper.abstract == "About 2501.00001."


def test_harvest_follows_tokens_and_marks_new_and_replaced(run_with_mock):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        seen.append(params)
        if "resumptionToken" not in params:
            return httpx.Response(200, content=FIRST_PAGE)
        older = raw_record("2412.00009", ["Mon, 2 Dec 2024 12:00:00 GMT", "Tue, 21 Jan 2025 12:00:00 GMT"], "2025-01-22")
        return httpx.Response(200, content=page([older], ""))

    settings = Settings(categories=("cs.CL",))
    result = run_with_mock(handler, lambda c: oai.fetch(c, dt.date(2025, 1, 20), dt.date(2025, 1, 22), settings))
    assert seen == [
        {"verb": "ListRecords", "metadataPrefix": "arXivRaw", "from": "2025-01-20", "until": "2025-01-22", "set": "cs"},
        {"verb": "ListRecords", "resumptionToken": "t1"},
    ]
    assert [(p.arxiv_id, p.announce_type) for p in result.papers] == [("2501.00001", "new"), ("2412.00009", "replace")]
    assert [(d.count, d.status) for d in result.days] == [(0, "empty"), (1, "ok"), (1, "ok")]


def test_set_spec_per_archive():
    assert [oai.set_spec(c) for c in ("cs.CL", "hep-th", "cond-mat.str-el", "stat.ML", "q-bio.NC", "math")] == [
        "cs", "physics:hep-th", "physics:cond-mat", "stat", "q-bio", "math",
    ]  # fmt: skip


def test_no_records_is_empty_and_other_errors_are_source_errors():
    assert oai.parse_oai(f'{HEAD}<error code="noRecordsMatch">none</error></OAI-PMH>'.encode()) == ([], None, [])
    with pytest.raises(SourceError, match="badResumptionToken: expired"):
        oai.parse_oai(f'{HEAD}<error code="badResumptionToken">expired</error></OAI-PMH>'.encode())


def test_a_failed_page_keeps_earlier_pages(run_with_mock):
    def handler(request: httpx.Request) -> httpx.Response:
        if "resumptionToken" in request.url.params:
            return httpx.Response(503)
        return httpx.Response(200, content=FIRST_PAGE)

    sleeps: list[float] = []
    result, skipped = run_with_mock(handler, lambda c: oai.harvest(c, dt.date(2025, 1, 20), dt.date(2025, 1, 22)), sleeps)
    assert [p.arxiv_id for p in result.papers] == ["2501.00001"] and not skipped
    assert result.errors == ["oai all 2025-01-20..2025-01-22: HTTP 503"] and len(sleeps) == 3


def test_records_without_a_readable_id_are_counted_on_their_day(run_with_mock):
    # A changed format must not read as a quiet day: each unreadable record is counted on its datestamp's day.
    submitted = ["Mon, 20 Jan 2025 12:00:00 GMT"]
    records = [raw_record("../../etc/passwd", submitted, "2025-01-20"), raw_record("2501.00001", submitted, "2025-01-21")]
    body = page([*records, raw_record("", submitted, "2025-01-21")], "")
    papers, _, skipped = oai.parse_oai(body)
    assert [p.arxiv_id for p in papers] == ["2501.00001"] and skipped == [dt.date(2025, 1, 20), dt.date(2025, 1, 21)]
    result = run_with_mock(lambda r: httpx.Response(200, content=body), lambda c: oai.fetch(c, dt.date(2025, 1, 20), dt.date(2025, 1, 21), Settings()))
    assert [(d.status, d.count, d.note) for d in result.days] == [
        ("error", 0, "1 entry without an arXiv id skipped"),
        ("ok", 1, "1 entry without an arXiv id skipped"),
    ]
