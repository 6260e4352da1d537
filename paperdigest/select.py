"""Pure selection: merge papers across sources, score them transparently, rank, pick the ones to read."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from collections.abc import Iterable

from paperdigest.models import KeywordHit, Paper, PaperEntry, Selection
from paperdigest.profile import Profile
from paperdigest import relevance
from paperdigest.relevance import Closeness, Closenesses, closeness
from paperdigest.settings import Settings
from paperdigest.stage import Step, cache_key

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


# Announcement types in the order a reader without a profile wants them; a replacement or cross-list ranks after
# new papers of the same score, and its score is scaled by the factor (shown in its reasons).
ANNOUNCE_ORDER = {"new": 2, "cross": 1, "replace": 0, "replace-cross": 0}
ANNOUNCE_FACTOR = {"cross": 0.9, "replace": 0.8, "replace-cross": 0.8}
ANNOUNCE_NOTE = {
    "cross": "cross-listed from another archive",
    "replace": "a new version of an older paper",
    "replace-cross": "a new version of an older cross-listed paper",
}
# Closeness to the library (0..1) counts like this many whole-word title hits of a keyword (3 each).
RELEVANCE_WEIGHT = 10.0
# Below this closeness a paper's nearest library item is not worth naming as a reason.
CLOSE_ENOUGH = 0.25


def followed(paper: Paper, follow: Iterable[str]) -> str | None:
    """The first followed author or organisation this paper names (case-insensitive, whole name)."""
    names = [*paper.authors, str(paper.extra.get("organization", ""))]
    for wanted in follow:
        pattern = _pattern(wanted.strip())
        if wanted.strip() and any(pattern.search(name) for name in names):
            return wanted.strip()
    return None


def _order(paper: Paper, match: tuple[str, str] | None) -> int:
    """New before cross-lists before replacements; a paper only cross-listed into a wanted category counts as a
    cross-list."""
    order = ANNOUNCE_ORDER.get(paper.announce_type or "new", 0)
    return min(order, ANNOUNCE_ORDER["cross"]) if match and match[0] == "cross-list" else order


def _reasons(
    paper: Paper, hits: list[KeywordHit], close: Closeness | None, follow: str | None, match: tuple[str, str] | None
) -> list[str]:
    reasons = [f"followed: {follow}"] if follow else []
    if close and close.close_to and close.score >= CLOSE_ENOUGH:
        reasons.append(f"close to: {close.close_to} (relevance {close.score:.2f})")
    elif close:
        reasons.append(f"far from your library (relevance {close.score:.2f})")
    if hits:
        reasons.append("keywords: " + ", ".join(dict.fromkeys(h.keyword for h in hits)))
    if paper.upvotes is not None:
        reasons.append(f"{paper.upvotes} HF upvotes")
    if (note := ANNOUNCE_NOTE.get(paper.announce_type or "")) and follow:
        reasons.append(note)  # pinned all the same
    elif note:
        factor = ANNOUNCE_FACTOR[paper.announce_type or ""]
        reasons.append(f"{note} (ranked after new papers{f', score x{factor}' if close or hits else ''})")
    elif match and match[0] == "cross-list" and not follow:
        reasons.append(f"only cross-listed into {match[1]} (ranked after primary papers)")
    return reasons


def profile_closeness(papers: list[Paper], profile: Profile) -> dict[str, Closeness]:
    """Each paper's closeness to the profile's library and interests (empty without them)."""
    profile = profile.with_texts(papers)  # a bare arXiv id listed in the window lends that paper's text
    liked = [i for i in profile.liked if i.title]
    return closeness(papers, liked, [i for i in profile.disliked if i.title]) if liked else {}


def closeness_step(papers: list[Paper], profile: Profile) -> Step[Closenesses]:
    """The profile ranking as a stage step: kept, so a rerun does not import scikit-learn or fit again."""

    async def compute() -> Closenesses:
        return Closenesses(by_id=await asyncio.to_thread(profile_closeness, papers, profile))

    method = Path(relevance.__file__).read_text(encoding="utf-8")  # a changed method ranks again
    key = cache_key("closeness", method, [(p.arxiv_id, p.title, p.abstract, p.categories) for p in papers], profile.liked, profile.disliked)
    return Step("ranking", key, Closenesses, compute)


def select(
    papers: list[Paper], settings: Settings, profile: Profile | None = None, close: dict[str, Closeness] | None = None
) -> list[Selection]:
    """Score and rank every paper; the top `max_papers` eligible ones are selected for reading.

    Order: eligible first, followed authors pinned, then the score (keyword hits plus closeness to the
    library, scaled down for replacements and cross-lists), new announcements before the others, upvotes.
    """
    profile = profile or Profile()
    close = profile_closeness(papers, profile) if close is None else close
    selections = []
    for paper in papers:
        hits = score(paper, settings.keywords)
        excluded = next((h.keyword for h in score(paper, settings.exclude_keywords)), None)
        excluded_by = f"keyword {excluded!r}" if excluded else category_exclusion(paper, settings)
        match = category_match(paper, settings.categories)
        if not excluded_by and settings.keywords and not hits:
            excluded_by = "no keyword matched"
        relevance = close[paper.arxiv_id].score if paper.arxiv_id in close else None
        total = sum(h.weight for h in hits) + RELEVANCE_WEIGHT * (relevance or 0.0)
        follow = followed(paper, profile.follow)
        selections.append(
            Selection(
                arxiv_id=paper.arxiv_id,
                score=round(total * ANNOUNCE_FACTOR.get(paper.announce_type or "", 1.0), 4),
                hits=hits,
                excluded_by=excluded_by,
                category_match=match[0] if match else None,
                matched_category=match[1] if match else None,
                relevance=relevance,
                followed=follow,
                reasons=_reasons(paper, hits, close.get(paper.arxiv_id), follow, match),
            )
        )
    by_id = {p.arxiv_id: p for p in papers}

    def rank_key(s: Selection) -> tuple:
        paper = by_id[s.arxiv_id]
        order = _order(paper, category_match(paper, settings.categories))
        votes = paper.upvotes or 0
        by = {"score": (s.score, order), "upvotes": (votes, order), "both": (s.score, order, votes)}[settings.rank_by]
        return (s.excluded_by is None, s.followed is not None, *by)

    ranked = sorted(selections, key=rank_key, reverse=True)
    for rank, selection in enumerate(ranked, 1):
        selection.rank = rank
        selection.selected = selection.excluded_by is None and rank <= settings.max_papers
    return ranked


def describe_ranking(settings: Settings, profile: Profile) -> str:
    """How the papers were ranked, in one sentence for the report."""
    parts = [p for p in (profile.describe(),) if p]
    if settings.keywords:
        parts.append(f"keyword hits ({', '.join(settings.keywords)})")
    votes = {"upvotes": "; HF upvotes first", "both": "; HF upvotes where known"}.get(settings.rank_by, "")
    order = "new announcements before cross-lists and replacements" + votes
    if not parts:
        return f"no profile given (keywords, interests or a library): {order}"
    return f"{'; '.join(parts)}; {order}"


def empty_filter_note(selections: list[Selection], settings: Settings) -> str | None:
    """'0 of 1,504 announcements matched ...' when the filters left nothing of a non-empty day."""
    if not selections or any(s.excluded_by is None for s in selections):
        return None
    filters = [f"categories [{', '.join(settings.categories)}]"] if settings.categories else []
    filters += [f"keywords [{', '.join(settings.keywords)}]"] if settings.keywords else []
    what = " and ".join(filters) or "the filters"
    return f"0 of {len(selections):,} announcements matched {what}"


def classified_note(entries: list[PaperEntry], classify_top: int) -> str | None:
    """'60 of 1,504 papers were classified ...' when the LLM classify stage saw only the top of the ranking."""
    classified = sum(1 for e in entries if e.analysis and e.analysis.classification)
    if not classified or classified == len(entries):
        return None
    return (
        f"{classified} of {len(entries):,} papers were classified by the LLM (the top {classify_top} of the ranking "
        "and those read in depth); the others are listed by rank only"
    )
