"""Per-field precision of the extractive engine on hand-labelled abstract sentences.

Each labelled paper's abstract goes through the engine alone (no full text, no source extras); every sentence the
engine files under Core contribution, Innovations, Experiments or Usage is looked up in the labels and counts as
right when it carries that field's role. Coverage: the share of papers whose abstract states a result that get
at least one Experiments bullet; under it, the most a reader filing the labels themselves could cover, as no
sentence serves two fields (a one-sentence abstract's contribution cannot also be its Experiments bullet).

The engine's role model (paperdigest/sentence_model.py) is trained on the sets shipped in
paperdigest/labelled_abstracts/ (A-ZZH), so each set is scored here by a model fitted on the others (its finding
model too, on the others' candidates as their own role models saw them; the product's `fit` learns it from five inner
folds instead, which cross-validated the same way read six papers less coverage: roles/README.md, "The finding
model"); the rules have seen them all. Each set was first scored once as held-out data, before it prompted any change: those first
scores are recorded in benchmarks/roles/README.md. A fresh labelled set put in benchmarks/roles/ as set_*.json is
scored by the shipped model as held-out data.
See benchmarks/roles/README.md for how the labels were made.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from paperdigest.analyse.extractive import summarise  # noqa: E402
from paperdigest.models import PaperEntry, Paper, Selection  # noqa: E402
from paperdigest import finding_model, sentence_model  # noqa: E402

SOURCES = {  # set -> where its abstracts come from (benchmarks/roles/README.md tells how and when each was labelled)
    "a": "HF 2025-10-20/21", "b": "HF 2025-10-21/22", "c": "HF 2026-08-21, 2025-03-10", "d": "HF 2025-03-10/11/12",
    "e": "HF 2025-03-12/13/14", "f": "arXiv RSS 2024-11-28, cs", "g": "arXiv RSS 2024-11-28, cs",
    "h": "arXiv RSS 2024-11-28, cs/eess/stat", "i": "arXiv RSS 2024-11-28, cs", "j": "arXiv RSS 2024-11-28, cs",
    "k": "arXiv RSS 2024-11-28, cs", "l": "arXiv RSS 2024-11-28, cs", "m": "arXiv RSS 2024-11-28, cs",
    "n": "arXiv RSS 2024-11-28, eess/stat", "o": "arXiv RSS 2024-11-28, cs replaced", "p": "arXiv RSS 2024-11-28, cs replaced",
    "q": "arXiv RSS 2024-11-28, cs replaced", "r": "arXiv RSS 2024-11-28, cs replaced", "s": "arXiv OAI-PMH 2013-02, cs",
    "t": "arXiv OAI-PMH 2013-02, cs", "u": "arXiv OAI-PMH 2013-02, cs", "v": "arXiv RSS 2024-11-28, cs/eess/stat",
    "w": "arXiv RSS 2024-11-28 and OAI-PMH 2013-02, cs/eess/stat", "x": "arXiv API responses, cs/stat (software testing)",
    "y": "arXiv API responses, cs/stat (software testing)", "z": "OAI-PMH 2013-02 stat, RSS 2024-11-28 econ/q-bio/q-fin", "za": "arXiv RSS 2024-11-28, physics",
    "zb": "arXiv RSS 2024-11-28, quant-ph", "zc": "arXiv RSS 2024-11-28, cond-mat",
    "zd": "arXiv RSS 2024-11-28, astro-ph", "ze": "arXiv RSS 2024-11-28, math",
    "zf": "arXiv RSS 2024-11-28, cond-mat", "zg": "arXiv RSS 2024-11-28, hep-ph/hep-th",
    "zh": "arXiv RSS 2024-11-28, math", "zi": "arXiv RSS 2024-11-28, gr-qc/hep",
    "zj": "arXiv RSS 2024-11-28, math", "zk": "arXiv RSS 2024-11-28, physics/astro-ph",
    "zl": "arXiv RSS 2024-11-28, math replaced", "zm": "arXiv RSS 2024-11-28, astro-ph replaced",
    "zn": "arXiv RSS 2024-11-28, math replaced", "zo": "arXiv RSS 2024-11-28, nucl/hep/nlin/quant-ph",
    "zp": "arXiv OAI-PMH 2013-02, math", "zq": "arXiv OAI-PMH 2013-02, cond-mat",
    "zr": "arXiv OAI-PMH 2013-02, astro-ph", "zs": "arXiv OAI-PMH 2013-02, physics",
    "zt": "HF 2025-01-20..24 (the replay week's papers not read in depth) and 2025-03-12",
    "zu": "arXiv OAI-PMH 2013-02, hep/gr-qc/nucl", "zv": "arXiv OAI-PMH 2013-02, math/math-ph",
    "zw": "arXiv OAI-PMH 2013-02, cond-mat", "zx": "arXiv OAI-PMH 2013-02, astro-ph",
    "zy": "arXiv OAI-PMH 2013-02, math/math-ph", "zz": "arXiv OAI-PMH 2013-02, hep/gr-qc/nucl",
    "zza": "arXiv OAI-PMH 2013-02, math/math-ph", "zzb": "arXiv OAI-PMH 2013-02, math/math-ph",
    "zzc": "arXiv OAI-PMH 2013-02, astro-ph", "zzd": "arXiv OAI-PMH 2013-02, hep/gr-qc/nucl",
    "zze": "arXiv OAI-PMH 2013-02, cond-mat", "zzf": "arXiv OAI-PMH 2013-02, quant-ph/physics",
    "zzg": "arXiv OAI-PMH 2013-02, the page's last: math, nlin, quant-ph, q-bio, physics, q-fin, astro-ph",
    "zzh": "arXiv RSS 2024-11-28 replaced, the day's last: quant-ph, hep, cond-mat, math",
}
FIELDS = {  # report field -> roles a sentence there may carry
    "contribution": {"contribution"},
    "innovations": {"contribution", "method"},
    "experiments": {"result"},
    "usage": {"availability"},
}
TARGETS = {"contribution": 0.95, "innovations": 0.85, "experiments": 0.95, "usage": 0.98}
COVERAGE_TARGET = 0.90


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def roles_of(claim: str, labelled: list[dict]) -> list[set[str]]:
    """The labels of every labelled sentence the claim overlaps, word for word: a list item lies inside one sentence,
    a claim may hold several. A fragment of under three words ("K.", "Rev.", a reference's initials, which the
    labellers' splitter cut off and labelled with their sentence) is matched only when the claim is that fragment."""
    words = f" {_words(claim)} "

    def overlaps(text: str) -> bool:
        sentence = f" {_words(text)} "
        return words in sentence or (len(sentence.split()) >= 3 or sentence == words) and sentence in words

    return [set(s["roles"]) for s in labelled if words.strip() and overlaps(s["text"])]


def engine_report(item: dict) -> dict[str, list[str]]:
    """What the engine files under each field from the labelled paper's abstract alone."""
    paper = Paper(arxiv_id=item["arxiv_id"], title=item["title"], abstract=" ".join(s["text"] for s in item["sentences"]))
    summary = summarise(PaperEntry(paper=paper, selection=Selection(arxiv_id=paper.arxiv_id, selected=True)))
    claims = {field: getattr(summary, field) for field in FIELDS}
    claims["contribution"] = [summary.contribution] if summary.contribution else []
    return {field: [claim.text for claim in value] for field, value in claims.items()}


def measure(papers: list[dict], verbose: bool = False, report_of: Callable[[dict], dict[str, list[str]]] = engine_report) -> dict[str, tuple[int, int]]:
    """Each field's right/filed count over the papers, by their labels, and the coverage and its ceiling."""
    tally = {field: [0, 0] for field in FIELDS}
    covered = with_result = coverable = 0
    for item in papers:
        report = report_of(item)
        for field, wanted in FIELDS.items():
            for claim in report[field]:
                found = roles_of(claim, item["sentences"])
                right = bool(found) and all(roles & wanted for roles in found)
                tally[field][0] += right
                tally[field][1] += 1
                if verbose and not right:
                    print(f"  miss {field:13} {item['arxiv_id']} {sorted(set().union(*found)) if found else '?'}: {claim[:110]}")
        if any("result" in s["roles"] for s in item["sentences"]):
            with_result += 1
            covered += bool(report["experiments"])
            coverable += can_cover(item["sentences"])
    return {**{f: (r, n) for f, (r, n) in tally.items()}, "coverage": (covered, with_result), "ceiling": (coverable, with_result)}


def can_cover(sentences: list[dict]) -> bool:
    """Whether a reader filing the labels themselves could give the paper an Experiments bullet: a result sentence
    other than the one its Core contribution takes, as no sentence serves two fields. Many a mathematics abstract
    is one sentence, its contribution and its result at once ("We prove that every ... is ...")."""
    results = [i for i, s in enumerate(sentences) if "result" in s["roles"]]
    contributions = [i for i, s in enumerate(sentences) if "contribution" in s["roles"]]
    return bool(results) and (not contributions or any(r != c for r in results for c in contributions))


def show(name: str, scores: dict[str, tuple[int, int]]) -> None:
    print(name)
    for field, (right, total) in scores.items():
        if field == "ceiling":
            if total:
                print(f"  {'ceiling':13} {right / total:5.3f}  ({right}/{total}: the most a reader filing the labels could cover)")
            continue
        target = COVERAGE_TARGET if field == "coverage" else TARGETS[field]
        if not total:
            print(f"  {field:13}   n/a  (nothing filed there)")
            continue
        ratio = right / total
        what = "papers with a result that get an Experiments bullet" if field == "coverage" else "precision"
        verdict = "ok" if ratio >= target else "below target"
        print(f"  {field:13} {ratio:5.3f}  ({right}/{total} {what}; target {target:.2f})  {verdict}")


def group_of(letter: str) -> str:
    """Where a set's abstracts come from, in three kinds: the targets were set on the first; the engine was written
    for the first two."""
    if letter in ("a", "b", "c", "d", "e", "zt"):
        return "Hugging Face"
    return "arXiv physics and mathematics" if len(letter) > 1 else "arXiv cs, eess, stat, econ and q-bio"


def add_scores(total: dict[str, tuple[int, int]], scores: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    return {field: (total.get(field, (0, 0))[0] + right, total.get(field, (0, 0))[1] + n) for field, (right, n) in scores.items()}


def main() -> None:
    training = sentence_model.training_items()
    pooled = {field: (0, 0) for field in [*FIELDS, "coverage"]}
    by_group: dict[str, dict[str, tuple[int, int]]] = {}
    # The role model of each set is fitted on the others; the finding model that reads its odds is fitted on the
    # others' candidates as their own role models (each fitted without them) saw them. `sentence_model.fit` does the
    # same within one training run over five folds; done here, it would fit six models for each of the sets.
    role_models = {stem: sentence_model.fit_roles(sentence_model.labelled_abstracts([
        paper for other, items in training.items() if other != stem for paper in items])) for stem in training}
    rows = {stem: sentence_model.finding_rows(sentence_model.labelled_abstracts(papers), role_models[stem]) for stem, papers in training.items()}
    for stem, papers in training.items():
        others = [(row, wanted) for other, (found, said) in rows.items() if other != stem for row, wanted in zip(found, said)]
        finding = finding_model.fit([row for row, _ in others], [wanted for _, wanted in others])
        with sentence_model.using(replace(role_models[stem], finding=finding)):
            scores = measure(papers, verbose="-v" in sys.argv)
        letter = stem.removeprefix("set_")
        show(f"set {letter.upper()} ({len(papers)} abstracts, {SOURCES.get(letter, '?')}), scored by a model trained on the other sets:", scores)
        pooled = add_scores(pooled, scores)
        by_group[group_of(letter)] = add_scores(by_group.get(group_of(letter), {}), scores)
    show(f"all {len(training)} sets together ({sum(len(a) for a in training.values())} abstracts), each scored by a model that never saw it:", pooled)
    for group, scores in by_group.items():
        show(f"  of which the {group} sets ({', '.join(s.removeprefix('set_').upper() for s in training if group_of(s.removeprefix('set_')) == group)}):", scores)
    held_out = sorted((ROOT / "benchmarks" / "roles").glob("set_*.json"))  # labelled, not yet trained on
    together: list[dict] = []
    for path in held_out:
        papers = json.loads(path.read_text(encoding="utf-8"))
        together += papers
        show(f"set {path.stem.removeprefix('set_').upper()} ({len(papers)} abstracts, held out), scored by the shipped model:", measure(papers, verbose="-v" in sys.argv))
    if len(held_out) > 1:
        show("the held-out sets together:", measure(together))


if __name__ == "__main__":
    main()
