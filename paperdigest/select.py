"""Pure selection: merge papers across sources, score them transparently, rank, pick the ones to read."""

from __future__ import annotations

import re
from collections.abc import Iterable

from paperdigest.models import KeywordHit, Paper, Selection
from paperdigest.settings import Settings

FIELD_WEIGHTS = {"title": 3.0, "abstract": 1.0, "category": 2.0, "author": 2.0}


def merge(papers: Iterable[Paper]) -> list[Paper]:
    """One record per arXiv id: the latest version's metadata wins, facts from every source are kept.

    Order is deterministic: announcement day, then id.
    """
    merged: dict[str, Paper] = {}
    for paper in papers:
        seen = merged.get(paper.arxiv_id)
        if seen is None:
            merged[paper.arxiv_id] = paper
            continue
        newer, older = (paper, seen) if (paper.version or 0) > (seen.version or 0) else (seen, paper)
        merged[paper.arxiv_id] = newer.model_copy(
            update={
                "sources": sorted(set(seen.sources) | set(paper.sources)),
                "categories": newer.categories or older.categories,
                "abstract": newer.abstract or older.abstract,
                "authors": newer.authors or older.authors,
                "published": newer.published or older.published,
                "announced": min(d for d in (seen.announced, paper.announced) if d) if (seen.announced or paper.announced) else None,
                "announce_type": newer.announce_type or older.announce_type,
                "upvotes": max((p.upvotes for p in (seen, paper) if p.upvotes is not None), default=None),
                "num_comments": newer.num_comments if newer.num_comments is not None else older.num_comments,
                "extra": {**older.extra, **newer.extra},
            }
        )
    return sorted(merged.values(), key=lambda p: (str(p.announced or ""), p.arxiv_id))


def _pattern(keyword: str) -> re.Pattern[str]:
    # Whole words, case-insensitive, so "RAG" does not match "leverage".
    return re.compile(rf"(?<![\w-]){re.escape(keyword)}(?![\w-])", re.IGNORECASE)


def score(paper: Paper, keywords: Iterable[str]) -> list[KeywordHit]:
    fields = {
        "title": paper.title,
        "abstract": paper.abstract,
        "category": " ".join(paper.categories),
        "author": "; ".join(paper.authors),
    }
    hits = []
    for keyword in keywords:
        pattern = _pattern(keyword)
        for field, text in fields.items():
            if pattern.search(text):
                hits.append(KeywordHit(keyword=keyword, field=field, weight=FIELD_WEIGHTS[field]))
    return hits


def category_match(paper: Paper, categories: Iterable[str]) -> tuple[str, str] | None:
    """('primary' or 'cross-list', the paper's category) for the first wanted one it is listed in.

    A wanted archive ('cs') matches its categories ('cs.CL'); the primary category is checked first.
    """
    wanted = tuple(categories)
    for index, have in enumerate(paper.categories):
        if any(have == want or have.startswith(want + ".") for want in wanted):
            return ("primary" if index == 0 else "cross-list", have)
    return None


def category_exclusion(paper: Paper, settings: Settings) -> str | None:
    """Why the category lists drop this paper, or None when they keep it."""
    if not paper.categories:
        # HF papers carry no categories: a category filter cannot judge them, so it keeps them.
        return None
    banned = category_match(paper, settings.exclude_categories)
    if banned:
        return f"category {banned[1]} excluded"
    if not settings.categories:
        return None
    match = category_match(paper, settings.categories)
    if match is None:
        return "category"
    if match[0] == "cross-list" and not settings.cross_lists:
        return f"only cross-listed into {match[1]}"
    return None


def select(papers: list[Paper], settings: Settings) -> list[Selection]:
    """Score and rank every paper; the top `max_papers` eligible ones are selected for reading."""
    selections = []
    for paper in papers:
        hits = score(paper, settings.keywords)
        excluded = next((h.keyword for h in score(paper, settings.exclude_keywords)), None)
        excluded_by = f"keyword {excluded!r}" if excluded else category_exclusion(paper, settings)
        match = category_match(paper, settings.categories)
        if not excluded_by and settings.keywords and not hits:
            excluded_by = "no keyword matched"
        selections.append(
            Selection(
                arxiv_id=paper.arxiv_id,
                score=sum(h.weight for h in hits),
                hits=hits,
                excluded_by=excluded_by,
                category_match=match[0] if match else None,
                matched_category=match[1] if match else None,
            )
        )
    upvotes = {p.arxiv_id: p.upvotes or 0 for p in papers}

    def rank_key(s: Selection) -> tuple:
        by_score = (s.score,) if settings.rank_by in ("score", "both") else ()
        by_votes = (upvotes[s.arxiv_id],) if settings.rank_by in ("upvotes", "both") else ()
        return (s.excluded_by is None, *by_score, *by_votes)

    ranked = sorted(selections, key=rank_key, reverse=True)
    for rank, selection in enumerate(ranked, 1):
        selection.rank = rank
        selection.selected = selection.excluded_by is None and rank <= settings.max_papers
    return ranked
