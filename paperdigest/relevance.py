"""How close each paper is to a reader's library: pure, offline, no model download.

Two signals, measured side by side in benchmarks/relevance.py before this one was chosen:
- a linear classifier on TF-IDF words and word pairs that tells the reader's items from the day's papers
  (arxiv-sanity's rule: the day itself is the background the library has to stand out from);
- a prior over arXiv archives: a classifier trained on the day's own papers (text -> primary archive) gives
  each library entry's archive probabilities, EM turns them into the library's archive mix (the day's mix is
  not the library's), and the archives share the top places by that mix, each with its papers in text order.
  Library exports rarely carry categories, and neighbours alone confuse close archives (hep-th with hep-ph and
  gr-qc); a reader of two archives reads both.
Items the reader marked "not interested" are extra negatives and lower their archives' prior.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import Field

from paperdigest.models import Paper, Record

# The prior floor that lets a paper of an archive the library never showed still rank by its text alone.
PRIOR_FLOOR = 0.02
# The archive classifier's inverse regularisation: softer (C=1) probabilities hide small archives (hep-th)
# inside their big neighbours; measured side by side in benchmarks/relevance.py.
ARCHIVE_C = 10.0
# EM rounds estimating a library's archive mix (it converges in tens), and the weight of the day's mix as its prior.
MIX_ROUNDS = 200
MIX_PRIOR_WEIGHT = 0.5
# An archive's share of the top places grows with the square of its share of the library's mix: the mix is soft
# (an archive library lends its neighbours a few percent each), and linear shares gave them a third of the places.
MIX_EXPONENT = 2.0
# Fewer categorised papers than this (an HF day has none) and the archive prior is left out.
MIN_PRIOR_PAPERS = 50
# An archive with fewer papers on the day is learnt as one class with the other small ones: a class of two
# papers gets confident probabilities that EM then inflates (nucl-ex took a broad library's largest share).
MIN_ARCHIVE_PAPERS = 10
SMALL_ARCHIVES = ""


@dataclass(frozen=True)
class LibraryItem:
    """One entry of a reader's library (or of their not-interested list)."""

    title: str
    abstract: str = ""
    arxiv_id: str | None = None
    weight: float = 1.0

    @property
    def text(self) -> str:
        return f"{self.title}. {self.abstract}"


class Closeness(Record):
    score: float = Field(description="0..1, 1 = the day's closest paper")
    close_to: str | None = Field(None, description="title of the nearest library item")


class Closenesses(Record):
    """A ranking's result as the store caches it: computing it takes seconds (imports, fitting)."""

    by_id: dict[str, Closeness] = {}


def paper_text(paper: Paper) -> str:
    return f"{paper.title}. {paper.abstract}"


def archive(category: str) -> str:
    return category.split(".")[0]


def _vectors(papers: Sequence[Paper], liked: Sequence[LibraryItem], disliked: Sequence[LibraryItem]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [paper_text(p) for p in papers] + [i.text for i in liked] + [i.text for i in disliked]
    # Words in over half the texts say nothing about a day's subjects; a handful of texts is too few to tell.
    max_df = 0.5 if len(texts) >= 20 else 1.0
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", ngram_range=(1, 2), max_df=max_df)
    matrix = vectorizer.fit_transform(texts)
    n, m = len(papers), len(liked)
    return matrix[:n], matrix[n : n + m], matrix[n + m :]


def _margins(day, liked, disliked, liked_w, disliked_w):
    """Signed distance of each paper from the day/library boundary (higher = more like the library)."""
    import numpy as np
    import scipy.sparse as sp
    from sklearn.svm import LinearSVC

    features = sp.vstack([day, liked, disliked])
    labels = np.r_[np.zeros(day.shape[0]), np.ones(liked.shape[0]), np.zeros(disliked.shape[0])]
    # Balanced: the library weighs as much as the whole day; a disliked item weighs like a liked one.
    scale = day.shape[0] / max(sum(liked_w), 1e-9)
    weights = np.r_[np.ones(day.shape[0]), np.asarray(liked_w) * scale, np.asarray(disliked_w) * scale]
    model = LinearSVC(C=0.1, max_iter=5000)
    model.fit(features, labels, sample_weight=weights)
    return model.decision_function(day)


def _archive_model(papers: Sequence[Paper]):
    """(classes, the small archives pooled in class SMALL_ARCHIVES, each class's share of the day, texts ->
    probabilities of each class), learnt from the day's own papers and their primary archives; None when the day
    has too few categorised papers to learn from.

    Its words are the day's own (seen in two papers at least), so a library item is weighed on words the
    classifier learnt from, not diluted by words only the library uses.
    """
    import numpy as np
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    known = [p for p in papers if p.categories]
    archives = [archive(p.categories[0]) for p in known]
    counts = Counter(archives)
    labels = [a if counts[a] >= MIN_ARCHIVE_PAPERS else SMALL_ARCHIVES for a in archives]
    if len(known) < MIN_PRIOR_PAPERS or len(set(labels)) < 2:
        return None
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", ngram_range=(1, 2), max_df=0.5, min_df=2)
    try:
        features = vectorizer.fit_transform([paper_text(p) for p in known])
    except ValueError:  # no word in two papers: nothing to learn archives from
        return None
    model = LogisticRegression(C=ARCHIVE_C, solver="saga", max_iter=200, tol=1e-3, random_state=0)  # saga shuffles
    with warnings.catch_warnings():  # saga stopping at max_iter still gives usable probabilities
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(features, labels)
    classes = list(model.classes_)
    day_rate = np.array([labels.count(c) for c in classes], dtype=float) / len(labels)
    small = [a for a in counts if counts[a] < MIN_ARCHIVE_PAPERS]
    return classes, small, day_rate, lambda texts: model.predict_proba(vectorizer.transform(texts))


def library_mix(posteriors, weights, day_rate, rounds: int = MIX_ROUNDS):
    """The archive mix of a group of items, from each item's archive probabilities under the day's mix.

    The probabilities lean towards the day's big archives; EM re-weighs them for the group's own mix (Saerens
    et al. 2002, adjusting a classifier to new priors), with the day's mix as a Dirichlet prior worth
    MIX_PRIOR_WEIGHT of the group's weight, so that a few items that look like a tiny archive do not take over.
    """
    import numpy as np

    posteriors, weights = np.asarray(posteriors, dtype=float), np.asarray(weights, dtype=float)
    day_rate = np.asarray(day_rate, dtype=float)
    pseudo = MIX_PRIOR_WEIGHT * weights.sum()

    def mean(probabilities):
        return (weights @ probabilities + pseudo * day_rate) / (weights.sum() + pseudo)

    mix = mean(posteriors)
    for _ in range(rounds):
        adjusted = posteriors * (mix / day_rate)
        updated = mean(adjusted / adjusted.sum(axis=1, keepdims=True))
        converged = np.abs(updated - mix).max() < 1e-6
        mix = updated
        if converged:
            break
    return mix


def _archive_shares(papers: Sequence[Paper], groups: Sequence[Sequence[LibraryItem]], rounds: int) -> list[dict[str, float]]:
    """For each group of library items: its archive mix, scaled so that its main archive is 1."""
    model = _archive_model(papers)
    if model is None:
        return [{} for _ in groups]
    classes, small, day_rate, probabilities = model
    shares = []
    for items in groups:
        if not items:
            shares.append({})
            continue
        mix = library_mix(probabilities([i.text for i in items]), [i.weight for i in items], day_rate, rounds)
        share = dict(zip(classes, (mix / mix.max()).tolist()))
        pooled = share.pop(SMALL_ARCHIVES, 0.0)
        shares.append(share | dict.fromkeys(small, pooled))
    return shares


def proportional_order(text_score, archives: Sequence[str | None], weight: dict[str | None, float]) -> list[int]:
    """Indices of the papers in reading order: each archive's papers by their text score, and each next place to
    the archive with the highest weight / (places it has + 1) (D'Hondt's rule). A library half cs and half math
    then reads both: multiplying text scores by the archive prior gave all 20 top places to the stronger one."""
    queues: dict[str | None, list[int]] = {}
    for index in sorted(range(len(archives)), key=lambda i: -text_score[i]):
        queues.setdefault(archives[index], []).append(index)
    taken = dict.fromkeys(queues, 0)  # places each archive has: also where its queue goes on
    order: list[int] = []
    while len(order) < len(archives):
        pick = max((a for a in queues if taken[a] < len(queues[a])), key=lambda a: weight[a] / (taken[a] + 1))
        order.append(queues[pick][taken[pick]])
        taken[pick] += 1
    return order


def closeness(
    papers: Sequence[Paper],
    liked: Sequence[LibraryItem],
    disliked: Sequence[LibraryItem] = (),
    *,
    mix_rounds: int = MIX_ROUNDS,
    proportional: bool = True,
) -> dict[str, Closeness]:
    """Closeness of every paper to the liked items (and away from the disliked ones), by arXiv id.

    Benchmark rows: mix_rounds=0 takes a library's archive mix as its items' mean probabilities, without EM;
    proportional=False ranks by text score times archive prior alone, without sharing the places among archives.
    """
    import numpy as np

    if not papers or not liked:
        return {}
    try:
        day, liked_v, disliked_v = _vectors(papers, liked, disliked)
    except ValueError:  # no word left to compare: empty or stop-word-only texts
        return {}
    liked_w = [i.weight for i in liked]
    disliked_w = [i.weight for i in disliked]
    margins = _margins(day, liked_v, disliked_v, liked_w, disliked_w)
    text_score = (margins - margins.min()) / (np.ptp(margins) or 1.0)
    archives = [archive(p.categories[0]) if p.categories else None for p in papers]
    like_share, dislike_share = _archive_shares(papers, [liked, disliked], mix_rounds)
    if like_share:
        # A paper without categories (HF) is taken to be in the library's main archive: its text decides.
        fallback = max(like_share.values())
        exponent = MIX_EXPONENT if proportional else 1.0  # the benchmark's row: the prior as it multiplied before
        weight = {a: (like_share.get(a, 0.0) * (1 - dislike_share.get(a, 0.0)) if a else fallback) ** exponent + PRIOR_FLOOR
                  for a in set(archives)}  # fmt: skip
        combined = text_score * np.array([weight[a] for a in archives])
        combined = combined / (combined.max() or 1.0)
        if proportional:
            order = proportional_order(text_score, archives, weight)
            combined[order] = np.sort(combined)[::-1]  # the same closeness values, handed out in that order
    else:
        combined = text_score / (text_score.max() or 1.0)
    nearest = (day @ liked_v.T).toarray().argmax(axis=1)
    return {
        paper.arxiv_id: Closeness(score=round(float(s), 4), close_to=liked[int(j)].title)
        for paper, s, j in zip(papers, combined, nearest)
    }
