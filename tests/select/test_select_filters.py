"""Selection: merge across sources, include/exclude lists, primary vs cross-list, transparent score, ranking."""

from __future__ import annotations

import datetime as dt

import pytest

from paperdigest.errors import UsageError
from paperdigest.models import Paper
from paperdigest.select import category_exclusion, category_match, merge, select
from paperdigest.settings import Settings
from paperdigest.pipeline import Query, listing
from paperdigest.store import Store


def paper(arxiv_id: str, categories: list[str], title: str = "A paper", **kw) -> Paper:
    return Paper(arxiv_id=arxiv_id, title=title, categories=categories, **kw)


def test_category_match_prefers_primary_and_matches_archives():
    p = paper("2501.00001", ["cs.LG", "cs.CL"])
    assert category_match(p, ["cs.CL"]) == ("cross-list", "cs.CL")
    assert category_match(p, ["cs.CL", "cs.LG"]) == ("primary", "cs.LG")
    assert category_match(p, ["cs"]) == ("primary", "cs.LG")
    assert category_match(p, ["math"]) is None
    assert category_match(paper("2501.00002", ["cs.CLX"]), ["cs.CL"]) is None


def test_include_exclude_and_cross_list_rules():
    cross = paper("2501.00001", ["cs.LG", "cs.CL"])
    assert category_exclusion(cross, Settings(categories=("cs.CL",))) is None
    assert category_exclusion(cross, Settings(categories=("cs.CL",), cross_lists=False)) == "only cross-listed into cs.CL"
    assert category_exclusion(cross, Settings(exclude_categories=("cs.LG",))) == "category cs.LG excluded"
    assert category_exclusion(cross, Settings(categories=("math",))) == "category"
    assert category_exclusion(paper("2501.00002", []), Settings(categories=("math",))) is None  # hf: no categories


def test_select_explains_the_score_and_the_category():
    papers = [
        paper("2501.00001", ["cs.CL"], "Retrieval agent for search", abstract="An agent for retrieval.", upvotes=3),
        paper("2501.00002", ["cs.LG", "cs.CL"], "Agent memory", abstract="Memory.", upvotes=50),
        paper("2501.00003", ["cs.CL"], "Retrieval for biology", abstract="Protein retrieval."),
        paper("2501.00004", ["math.CO"], "Agent graphs"),
    ]
    settings = Settings(
        categories=("cs.CL",), keywords=("agent", "retrieval"), exclude_keywords=("protein",), max_papers=1, rank_by="score"
    )
    ranked = {s.arxiv_id: s for s in select(papers, settings)}
    top = ranked["2501.00001"]
    assert (top.rank, top.selected, top.score) == (1, True, 8.0)
    assert {(h.keyword, h.field, h.weight) for h in top.hits} == {
        ("agent", "title", 3.0), ("agent", "abstract", 1.0), ("retrieval", "title", 3.0), ("retrieval", "abstract", 1.0),
    }  # fmt: skip
    assert (top.category_match, top.matched_category) == ("primary", "cs.CL")
    second = ranked["2501.00002"]
    assert (second.rank, second.selected, second.category_match) == (2, False, "cross-list")
    assert ranked["2501.00003"].excluded_by == "keyword 'protein'"
    assert ranked["2501.00004"].excluded_by == "category"
    by_votes = select(papers, settings.model_copy(update={"rank_by": "upvotes"}))
    assert by_votes[0].arxiv_id == "2501.00002" and by_votes[0].selected


def test_merge_keeps_one_record_per_paper_latest_version_and_every_source():
    day = dt.date(2025, 1, 20)
    merged = merge([
        paper("2501.00001", [], "Old title", version=1, sources=["hf"], upvotes=9, announced=day),
        paper("2501.00001", ["cs.CL"], "New title", version=2, sources=["rss"], announce_type="replace", announced=day),
        paper("2501.00000", ["cs.LG"], sources=["arxiv"], announced=day),
    ])  # fmt: skip
    assert [p.arxiv_id for p in merged] == ["2501.00000", "2501.00001"]
    one = merged[1]
    assert (one.title, one.version, one.sources, one.upvotes, one.categories) == ("New title", 2, ["hf", "rss"], 9, ["cs.CL"])


def test_fetch_papers_merges_sources_and_ids(run_with_replay, tmp_path):
    settings = Settings(categories=("math.CO",))
    result = run_with_replay(
        lambda client: listing(client, Query(("rss",), None, None, ids=("0808.05394", "1707.08567")), settings, Store(tmp_path))
    )
    ids = [p.arxiv_id for p in result.papers]
    assert len(ids) == len(set(ids)) and len(ids) > 1
    assert "1707.08567" in ids  # asked for by id: kept although it is cs.IT
    assert all(p.arxiv_id == "1707.08567" or category_match(p, ["math.CO"]) for p in result.papers)
    assert next(p for p in result.papers if p.arxiv_id == "1707.08567").sources == ["arxiv"]
    assert result.errors == ["arxiv: no paper with id 0808.05394"]


def test_fetch_papers_needs_dates_except_for_rss(run_with_replay, tmp_path):
    with pytest.raises(UsageError, match="start and end date"):
        run_with_replay(lambda client: listing(client, Query(("hf",), None, None), Settings(), Store(tmp_path)))
    looked_up = run_with_replay(lambda client: listing(client, Query(("arxiv",), None, None, ids=("1605.08386",)), Settings(), Store(tmp_path)))
    assert [p.versioned_id for p in looked_up.papers] == ["1605.08386v1"]
    with pytest.raises(UsageError, match="unknown source 'nope'"):
        run_with_replay(lambda client: listing(client, Query(("nope",), None, None), Settings(), Store(tmp_path)))
