"""Ranking on self-made papers: defaults without a profile, reasons, followed authors, the library signals."""

import random

from paperdigest.models import Paper
from paperdigest.profile import Profile
from paperdigest.relevance import LibraryItem, closeness
from paperdigest.select import describe_ranking, empty_filter_note, select
from paperdigest.settings import Settings

TOPICS = {
    "astro-ph.GA": "galaxy stellar dust halo redshift spiral star formation luminosity telescope survey",
    "quant-ph": "qubit entanglement quantum circuit decoherence photon gate fidelity error correction",
    "math.AG": "variety scheme sheaf cohomology divisor curve moduli projective morphism algebraic",
    "cs.CL": "language model token translation corpus transformer prompt benchmark text annotation",
}


def _papers(per_topic=15, seed=1):
    rng = random.Random(seed)
    papers = []
    for t, (category, words) in enumerate(TOPICS.items()):
        vocabulary = words.split() + "we study new results show method approach".split()
        for i in range(per_topic):
            text = " ".join(rng.choices(vocabulary, k=40))
            papers.append(Paper(arxiv_id=f"2411.{t}{i:04d}", title=" ".join(rng.choices(vocabulary, k=6)), abstract=text, categories=[category], announce_type="new", authors=[f"Author {t}{i}"]))
    return papers


def _library(category, n=5, seed=7):
    rng = random.Random(seed)
    words = TOPICS[category].split()
    return [LibraryItem(title=" ".join(rng.choices(words, k=6)), abstract=" ".join(rng.choices(words, k=30))) for _ in range(n)]


def test_without_a_profile_new_papers_come_before_replacements_and_say_nothing_false():
    papers = [
        Paper(arxiv_id="1401.3665", version=4, title="Old paper", announce_type="replace", categories=["math.AG"]),
        Paper(arxiv_id="2411.00001", title="Cross", announce_type="cross", categories=["cs.CL"]),
        Paper(arxiv_id="2411.00002", title="New", announce_type="new", categories=["cs.CL"]),
    ]
    ranked = select(papers, Settings(max_papers=1))
    assert [s.arxiv_id for s in ranked] == ["2411.00002", "2411.00001", "1401.3665"]
    assert ranked[0].selected and not ranked[2].selected
    assert ranked[0].reasons == []
    assert ranked[2].reasons == ["a new version of an older paper (ranked after new papers)"]
    assert "no profile given" in describe_ranking(Settings(), Profile())
    assert describe_ranking(Settings(rank_by="score"), Profile()).endswith("new announcements before cross-lists and replacements")


def test_primary_papers_before_those_only_cross_listed_into_a_wanted_category():
    papers = [
        Paper(arxiv_id="2411.00001", title="Cross-listed", categories=["stat.ML", "cs.CL"]),
        Paper(arxiv_id="2411.00002", title="Primary", categories=["cs.CL"]),
    ]
    ranked = select(papers, Settings(categories=("cs.CL",)))
    assert [s.arxiv_id for s in ranked] == ["2411.00002", "2411.00001"]
    assert ranked[1].reasons == ["only cross-listed into cs.CL (ranked after primary papers)"] and ranked[0].reasons == []


def test_upvotes_and_keywords_are_reasons():
    papers = [
        Paper(arxiv_id="2501.00001", title="Agents for retrieval", upvotes=3),
        Paper(arxiv_id="2501.00002", title="Retrieval", upvotes=40),
    ]
    ranked = select(papers, Settings(keywords=("retrieval", "agents")))
    assert ranked[0].arxiv_id == "2501.00001"  # two keyword hits beat upvotes in rank_by=both
    assert ranked[0].reasons == ["keywords: retrieval, agents", "3 HF upvotes"]
    assert ranked[1].reasons == ["keywords: retrieval", "40 HF upvotes"]


def test_no_upvotes_on_hf_is_said_like_any_count():
    """A paper HF lists with 0 upvotes says so in the same words as one with 3, not by a bare count in another form."""
    ranked = select([Paper(arxiv_id="2501.00003", title="Quiet", upvotes=0), Paper(arxiv_id="2501.00004", title="Not from HF")], Settings())
    assert [s.reasons for s in ranked] == [["0 HF upvotes"], []]


def test_a_followed_author_or_organisation_is_pinned_first_and_says_so():
    papers = _papers(per_topic=3)
    papers.append(Paper(arxiv_id="1001.0001", version=3, title="Replaced", authors=["Ada Lovelace"], announce_type="replace"))
    papers.append(Paper(arxiv_id="2501.0099", title="From a lab", extra={"organization": "DeepMind"}))
    profile = Profile(liked=_library("quant-ph"), follow=("ada lovelace", "DeepMind"))
    ranked = select(papers, Settings(max_papers=2), profile)
    assert {ranked[0].arxiv_id, ranked[1].arxiv_id} == {"1001.0001", "2501.0099"}
    followed = {s.arxiv_id: s for s in ranked[:2]}
    assert followed["1001.0001"].followed == "ada lovelace"
    assert followed["1001.0001"].reasons[0] == "followed: ada lovelace" and followed["1001.0001"].reasons[-1] == "a new version of an older paper"
    assert followed["2501.0099"].reasons[0] == "followed: DeepMind"
    assert "Lovelac" not in " ".join(r for s in ranked[2:] for r in s.reasons)


def test_library_ranks_its_archive_first_with_the_nearest_title_as_reason():
    papers = _papers()
    library = _library("quant-ph")
    ranked = select(papers, Settings(max_papers=10), Profile(liked=library))
    by_id = {p.arxiv_id: p for p in papers}
    top = [by_id[s.arxiv_id].categories[0] for s in ranked[:15]]
    assert top.count("quant-ph") >= 14, top
    first = ranked[0]
    assert first.relevance == 1.0 and first.score == 10.0
    assert first.reasons[0].startswith("close to: ") and first.reasons[0].removeprefix("close to: ").split(" (relevance")[0] in {i.title for i in library}
    last = ranked[-1]
    assert last.relevance < 0.25 and last.reasons == [f"far from your library (relevance {last.relevance:.2f})"]


def test_not_interested_pushes_that_archive_down():
    papers = _papers()
    liked = _library("quant-ph", seed=1) + _library("cs.CL", seed=2)
    disliked = _library("cs.CL", seed=3)

    def cs_share(scores):
        top = sorted(scores, key=lambda k: -scores[k].score)[:15]
        return sum(k.startswith("2411.3") for k in top)

    assert cs_share(closeness(papers, liked, disliked)) < cs_share(closeness(papers, liked))


def test_papers_without_categories_are_ranked_by_text_alone():
    papers = [p.model_copy(update={"categories": []}) for p in _papers()]
    scores = closeness(papers, _library("math.AG"))
    top = sorted(scores, key=lambda k: -scores[k].score)[:10]
    assert all(k.startswith("2411.2") for k in top), top


def test_a_bare_arxiv_id_takes_its_text_from_the_listed_paper():
    papers = _papers()
    profile = Profile(liked=[LibraryItem(title="", arxiv_id="2411.10003"), LibraryItem(title="", arxiv_id="9999.99999")])
    ranked = select(papers, Settings(), profile)
    assert ranked[0].arxiv_id == "2411.10003"  # the paper itself is closest to itself
    assert ranked[0].relevance == 1.0


def test_a_filter_that_leaves_nothing_says_so():
    papers = _papers(per_topic=2)
    settings = Settings(categories=("hep-th",))
    note = empty_filter_note(select(papers, settings), settings)
    assert note == "0 of 8 announcements matched categories [hep-th]"
    assert empty_filter_note(select(papers, Settings()), Settings()) is None


def test_degenerate_texts_rank_by_the_defaults():
    """Stop words only, one paper, a day of identical titles: no crash, no invented closeness."""
    assert closeness([Paper(arxiv_id="1", title="the")], [LibraryItem("a")]) == {}
    two = closeness([Paper(arxiv_id="1", title="dust galaxies"), Paper(arxiv_id="2", title="qubits")], [LibraryItem("dust galaxies")])
    assert two["1"].score == 1.0 and two["2"].score == 0.0
    same = [Paper(arxiv_id=str(i), title="the", categories=["cs.CL" if i % 2 else "math.AG"]) for i in range(60)]
    assert {c.score for c in closeness(same, [LibraryItem("galaxies")]).values()} == {0.0}
    ranked = select([Paper(arxiv_id="1", title="the", announce_type="new")], Settings(), Profile(liked=[LibraryItem("a")]))
    assert ranked[0].relevance is None and ranked[0].reasons == []


def test_free_text_interests_rank_like_a_library_item(tmp_path):
    import datetime as dt

    from paperdigest.profile import load_profile

    settings = Settings(interests="  entanglement   of qubits and  quantum gate fidelity ", library=(tmp_path / "lib.bib",))
    (tmp_path / "lib.bib").write_text("@misc{a, title={Error correction with cat qubits}}\n@misc{b, title = {oops\n")
    profile = load_profile(settings, dt.date(2025, 1, 1))
    assert [i.title for i in profile.liked] == ["Error correction with cat qubits", "entanglement of qubits and quantum gate fidelity"]
    assert profile.skipped == 1
    ranked = select(_papers(), Settings(), Profile(liked=profile.liked[1:]))
    assert all(s.arxiv_id.startswith("2411.1") for s in ranked[:10])
    assert ranked[0].reasons[0].startswith("close to: entanglement of qubits")
