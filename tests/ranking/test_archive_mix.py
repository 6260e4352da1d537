"""The archive prior on self-made days: EM finds a library's own archive mix, and small archives are pooled."""

import random

import numpy as np
import pytest

from paperdigest import relevance
from paperdigest.models import Paper
from paperdigest.relevance import MIN_ARCHIVE_PAPERS, LibraryItem, _archive_shares, closeness, library_mix

SHARED = "black hole horizon entropy gravity spacetime metric curvature field solution"
WORDS = {
    "big": "network training dataset model learning benchmark accuracy inference token agent",
    "near": "string duality conformal boundary holography brane supersymmetry anomaly",
    "close": "inspiral waveform detector cosmological perturbation numerical relativity ringdown",
    "tiny": "nucleus neutron proton isotope decay beam collision yield",
    "few": "market price volatility portfolio option trading risk asset",
}


def _day(sizes, seed=3):
    """A day of arXiv-like papers: 'near' and 'close' share half their words, as hep-th and gr-qc do."""
    rng = random.Random(seed)
    papers = []
    for name, size in sizes.items():
        vocabulary = WORDS[name].split() + (SHARED.split() if name != "big" else [])
        for i in range(size):
            papers.append(Paper(arxiv_id=f"{name}.{i:04d}", title=" ".join(rng.choices(vocabulary, k=6)),
                                abstract=" ".join(rng.choices(vocabulary, k=40)), categories=[f"{name}.XX"]))  # fmt: skip
    return papers


def _items(n, seed):
    """Library items of 'near' that mostly use the words it shares with 'close', and some of each's own (as
    hep-th papers cross-listed to gr-qc do)."""
    rng = random.Random(seed)
    shared, own, neighbour = SHARED.split(), WORDS["near"].split(), WORDS["close"].split()
    items = []
    for _ in range(n):
        words = rng.choices(shared, k=30) + rng.choices(own, k=3) + rng.choices(neighbour, k=3)
        items.append(LibraryItem(title=" ".join(rng.choices(shared, k=5)), abstract=" ".join(words)))
    return items


def test_em_moves_a_mix_away_from_the_day_towards_what_the_items_say():
    # Two archives, 90 % and 10 % of the day; each item's probabilities (under the day's mix) lean to the big one.
    day_rate = np.array([0.9, 0.1])
    posteriors = np.tile([0.6, 0.4], (20, 1))
    mean = library_mix(posteriors, np.ones(20), day_rate, rounds=0)
    assert mean == pytest.approx((20 * np.array([0.6, 0.4]) + 10 * day_rate) / 30)  # the mean, plus the day as prior
    mix = library_mix(posteriors, np.ones(20), day_rate)
    assert mix[1] > 0.5 > mean[1] and mix.sum() == pytest.approx(1.0)


def test_the_days_mix_as_prior_keeps_a_few_items_of_a_tiny_archive_from_taking_the_mix(monkeypatch):
    # 3 items look like an archive of 0.1 % of the day, 17 say nothing (their probabilities are the day's mix).
    posteriors = np.array([[0.5, 0.5]] * 3 + [[0.999, 0.001]] * 17)
    day_rate = np.array([0.999, 0.001])
    assert library_mix(posteriors, np.ones(20), day_rate)[1] < 0.3
    monkeypatch.setattr(relevance, "MIX_PRIOR_WEIGHT", 0.0)
    assert library_mix(posteriors, np.ones(20), day_rate)[1] > 0.99  # plain EM: the 17 follow the 3


def test_weights_count_in_the_mix():
    posteriors = np.array([[0.9, 0.1], [0.1, 0.9]])
    heavy_first = library_mix(posteriors, np.array([1.0, 0.1]), np.array([0.5, 0.5]))
    assert heavy_first[0] > 0.7


def test_a_library_of_one_of_two_close_archives_ranks_that_archive_first():
    papers = _day({"big": 300, "near": 40, "close": 40})
    liked = _items(16, seed=5)
    [mean_share] = _archive_shares(papers, [liked], rounds=0)
    [em_share] = _archive_shares(papers, [liked], rounds=200)
    assert em_share["near"] == 1.0 and em_share["close"] < mean_share["close"] and em_share["big"] < mean_share["big"]

    def near_in_top(scores):
        return sum(k.startswith("near.") for k in sorted(scores, key=lambda k: (-scores[k].score, k))[:20])

    # The neighbour keeps a place or a few (its share of the mix), far fewer than without EM.
    assert near_in_top(closeness(papers, liked)) >= 15 > near_in_top(closeness(papers, liked, mix_rounds=0))


def test_a_library_of_two_archives_reads_both():
    """On the recorded RSS day, multiplying text scores by the archive prior gave all 20 top places of a half-cs,
    half-math library to math (benchmarks/relevance.py prints both ways for four such readers)."""
    papers = _day({"big": 300, "near": 40, "close": 40, "few": 40})
    rng = random.Random(7)
    liked = [LibraryItem(title=" ".join(rng.choices(WORDS[name].split(), k=5)), abstract=" ".join(rng.choices(WORDS[name].split(), k=30)))
             for name in ("near", "few") for _ in range(10)]  # fmt: skip

    def counts(scores):
        top = sorted(scores, key=lambda k: -scores[k].score)[:20]
        return {name: sum(k.startswith(f"{name}.") for k in top) for name in ("near", "few")}

    shared = counts(closeness(papers, liked))
    assert min(shared.values()) >= 7 and sum(shared.values()) >= 16, shared


def test_places_go_to_archives_by_their_weight_each_in_text_order():
    text = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    archives = ["a", "a", "a", "a", "b", "b"]
    assert relevance.proportional_order(text, archives, {"a": 1.0, "b": 1.0}) == [0, 4, 1, 5, 2, 3]
    assert relevance.proportional_order(text, archives, {"a": 1.0, "b": 0.3}) == [0, 1, 2, 4, 3, 5]


def test_small_archives_are_learnt_together_and_share_one_prior():
    papers = _day({"big": 300, "near": 40, "close": 40, "few": MIN_ARCHIVE_PAPERS - 1, "tiny": 2})
    [share] = _archive_shares(papers, [_items(16, seed=5)], rounds=200)
    assert set(share) == {"big", "near", "close", "few", "tiny"}  # the pooled class is given back under their names
    assert share["near"] == 1.0 and share["few"] == share["tiny"] < 0.5
