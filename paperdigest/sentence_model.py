"""A learnt second opinion on the roles the rules give an abstract's sentences.

The rules of `sentences` reach about 0.9 precision on abstracts of a kind they were not written for (arXiv cs
listings read differently from Hugging Face's picks). This model is a logistic regression per role over the
sentence's words, its neighbours' words and its place in the abstract, trained when first needed (about twenty seconds,
most of them fitting the models `finding_model` learns from) on the hand-labelled abstracts shipped in
`labelled_abstracts/` (see benchmarks/roles/README.md for how they were made), then kept in the cache folder: a rerun
or a re-render reads it back instead of fitting it again.

It only reviews: a sentence the rules put in a report field keeps it unless the model finds that role unlikely,
and a result is added only to an abstract the rules left without one. Every sentence is still quoted verbatim.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import threading
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from paperdigest import availability, finding_model, sentences as sentence_rules, splitting, wording
from paperdigest.files import atomic_write
from paperdigest.finding_model import ROLES, FindingModel
from paperdigest.sentences import Sentence, read_by_rules
from paperdigest.wording import HEDGED_START, METHOD_WORDING, OWN_VOICE, STRONG_FINDING, others_finding, unstated_outcome

TRAINING_DIR = Path(__file__).resolve().parent / "labelled_abstracts"
# How much a sentence's neighbours' words count beside its own. Cross-validated over the 58 sets (2026-12-06), reading
# them at 0.5 lifts the innovations' precision from 0.921 to 0.929 (117 more right) and the results' from 0.954 to
# 0.959; over the rescue floors, at the same share of papers given a result, the results' precision is about half a
# point higher. Weights 0.3 and 1.2 do worse, 0.8 the same; the neighbours' openings alone (as shape features) worse.
CONTEXT_WEIGHT = 0.5
# Below these probabilities a field's role is taken back: a result or method the model finds less likely than not
# (results carry numbers and verbs the rules over-read; a finding or a problem statement in the passive voice reads as
# method to them), a contribution only when the model is fairly sure. A method counts with the contribution, as the
# innovations take either: cross-validated, taking it back below 0.5 rather than 0.3 lifts their precision from 0.91
# to 0.935 for a tenth fewer bullets. A "method" that neither the authors' voice nor a method's wording tells
# (`METHOD_WORDING`) is often a finding stated flatly ("In the chaotic case, they split into two groups"): it needs
# 0.7 (cross-validated over 29 sets, the innovations' precision 0.924 -> 0.940 for a tenth fewer bullets, 215 of the
# 273 dropped right; off the cs sets, 0.888 -> 0.918). A result in so many words ("outperforms", "we show that",
# `STRONG_FINDING`) is taken back only when the model all but rules it out: cross-validated, such results it doubted
# were right 56 times in 58.
DOUBT = {"contribution": 0.3, "method": 0.5, "bare method": 0.7, "result": 0.5, "strong result": 0.1}
KEPT_CONTRIBUTION = 0.2  # a paper whose every contribution was doubted keeps the likeliest of them above this
# An abstract the rules (after review) left without a result gets the candidate the finding model (`finding_model`)
# rates likeliest, when it rates it at least this: chosen (2026-12-06) as the lowest floor, in steps of 0.02, that kept
# the Experiments bullets' precision at 0.95 over the 60 sets; the product's own fit, cross-validated, now gives 0.952 and
# coverage 90.1%, where the role model's own odds with a floor per group reached 87.2% (benchmarks/roles/README.md).
FINDING_FLOOR = 0.6
FINDING_FOLDS = 5  # the role models whose odds the finding model learns from, each fitted without a fifth of the abstracts
# Where a doubted role goes: never into another report field the model did not find likely (a doubted result
# filed as method would land among the innovations), nor straight into the results: a doubted contribution the model
# hears as a result was one half the time (cross-validated), so only the rescue, at its floor, may make it one.
FALLBACK = {"contribution": ("method", "background", "other"), "method": ("background", "other"), "result": ("background", "other")}

LabelledAbstract = list[tuple[str, frozenset[str]]]


def _shape(texts: Sequence[str], index: int) -> dict[str, float]:
    """Where the sentence stands and how it opens: what words alone do not say."""
    text = texts[index]
    words = re.findall(r"[a-z]+", text.lower())
    return {
        f"position={min(index, 3)}": 1.0,
        "last": float(index == len(texts) - 1),
        "relative": index / max(len(texts) - 1, 1),
        f"opens={' '.join(words[:2])}": 1.0,
        f"first={words[0] if words else ''}": 1.0,
        "digit": float(bool(re.search(r"\d", text))),
        "percent": float(bool(re.search(r"%|percent", text))),
        "url": float("http" in text),
        "own voice": float(bool(OWN_VOICE.search(text))),
        "hedged": float(bool(HEDGED_START.match(text))),
    }


def _with_neighbours(words: Any, shapes: Any, lengths: Sequence[int]) -> Any:
    """A row per sentence: its words and shape, then the words of the sentences before and after it in its abstract
    (a finding follows the setup it answers, a method the "we propose" it details), weighed by `CONTEXT_WEIGHT`.
    `words` and `shapes` hold the abstracts' sentences in order, `lengths` says where each abstract ends; a
    neighbour's words are its own row, not read again."""
    from scipy.sparse import csr_matrix, hstack, vstack

    padded = vstack([words, csr_matrix((1, words.shape[1]))]).tocsr()  # the last row stands for no neighbour
    none = words.shape[0]
    before: list[int] = []
    after: list[int] = []
    start = 0
    for length in lengths:
        rows = list(range(start, start + length))
        before += [none, *rows[:-1]]
        after += [*rows[1:], none]
        start += length
    return hstack([words, shapes, padded[before] * CONTEXT_WEIGHT, padded[after] * CONTEXT_WEIGHT]).tocsr()


@dataclass(frozen=True)
class RoleModel:
    words: Any  # sklearn TfidfVectorizer
    shapes: Any  # sklearn DictVectorizer
    classifiers: dict[str, Any]  # role -> sklearn LogisticRegression
    finding: FindingModel | None = None  # which sentence is the finding of an abstract the rules left without one

    def probabilities(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """For each sentence of one abstract, in order: the probability of each role."""
        if not texts:
            return []
        shapes = self.shapes.transform([_shape(texts, i) for i in range(len(texts))])
        matrix = _with_neighbours(self.words.transform(texts), shapes, [len(texts)])
        columns = {role: clf.predict_proba(matrix)[:, 1] for role, clf in self.classifiers.items()}
        return [{role: float(columns[role][i]) if role in columns else 0.0 for role in ROLES} for i in range(len(texts))]


def _word_vectoriser(**fitted: Any) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, **fitted)


def fit(abstracts: Sequence[LabelledAbstract]) -> RoleModel:
    """The role model of these abstracts, its finding model fitted on the odds of models that never saw them."""
    rows: list[list[float]] = []
    wanted: list[bool] = []
    for fold in range(FINDING_FOLDS):
        unseen, seen = abstracts[fold::FINDING_FOLDS], [abstract for i, abstract in enumerate(abstracts) if i % FINDING_FOLDS != fold]
        if seen and unseen:
            fold_rows, fold_wanted = finding_rows(unseen, fit_roles(seen))
            rows, wanted = rows + fold_rows, wanted + fold_wanted
    return replace(fit_roles(abstracts), finding=finding_model.fit(rows, wanted))


def finding_rows(abstracts: Sequence[LabelledAbstract], model: RoleModel) -> tuple[list[list[float]], list[bool]]:
    """The finding model's candidates in these abstracts as the review finds them under `model`, each with whether its
    labels call it a result; one the rules cut differently from the labels is left out (one sentence in seventy)."""
    rows: list[list[float]] = []
    wanted: list[bool] = []
    for abstract in abstracts:
        labels = dict(abstract)
        sentences = read_by_rules(" ".join(text for text, _ in abstract))
        reviewed, candidates = _candidate_rows(sentences, model.probabilities([s.text for s in sentences]))
        for index, row in candidates.items():
            if reviewed[index].text in labels:
                rows.append(row)
                wanted.append("result" in labels[reviewed[index].text])
    return rows, wanted


def fit_roles(abstracts: Sequence[LabelledAbstract]) -> RoleModel:
    """The role model alone: a logistic regression per role."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [[text for text, _ in abstract] for abstract in abstracts]
    roles = [labelled for abstract in abstracts for _, labelled in abstract]
    words = _word_vectoriser()
    shape_vectors = DictVectorizer()
    matrix = _with_neighbours(
        words.fit_transform([text for abstract in texts for text in abstract]),
        shape_vectors.fit_transform([_shape(abstract, i) for abstract in texts for i in range(len(abstract))]),
        [len(abstract) for abstract in texts],
    )
    classifiers = {}
    for role in ROLES:
        wanted = [role in labelled for labelled in roles]
        if len(set(wanted)) == 2:  # a role no sentence (or every one) has leaves nothing to learn: it reads as 0
            # The dual problem (three times faster with far fewer sentences than features), its visits seeded: one fit everywhere.
            classifiers[role] = LogisticRegression(C=4.0, solver="liblinear", dual=True, random_state=0).fit(matrix, wanted)
    return RoleModel(words, shape_vectors, classifiers)


def labelled_abstracts(items: list[dict[str, Any]]) -> list[LabelledAbstract]:
    """A labelled set's papers as abstracts, each a list of (sentence, roles)."""
    return [[(s["text"], frozenset(s["roles"])) for s in item["sentences"]] for item in items]


def training_items() -> dict[str, list[dict[str, Any]]]:
    """Each shipped labelled set (file stem -> its papers, as labelled)."""
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(TRAINING_DIR.glob("set_*.json"))}


def training_sets() -> dict[str, list[LabelledAbstract]]:
    return {stem: labelled_abstracts(items) for stem, items in training_items().items()}


@cache
def fit_digest() -> str:
    """What the shipped model is fitted from: the labels, this code and its cues, the rules it learns from, the library."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"scikit-learn {version('scikit-learn')} numpy {version('numpy')}".encode())
    modules = (Path(module.__file__) for module in (wording, finding_model, sentence_rules, splitting, availability))
    for path in [Path(__file__), *modules, *sorted(TRAINING_DIR.glob("set_*.json"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


KEPT_OTHERS = 1  # models of other labels or versions left beside the one in use: the last one used
_kept_in: list[Path] = []  # the folder the fitted model is kept in between runs, when one is set
_shipping = threading.Lock()  # a run fits the model in a thread while its papers download; a reader waits for it


def keep_fitted_in(folder: Path) -> None:
    """Keep the shipped model in this folder (the CLI gives the cache folder's `role-model/`), as `kept_file` names it."""
    _kept_in[:] = [folder]


def kept_file(folder: Path) -> Path:
    return folder / f"{fit_digest()}.npz"  # other labels, rules or library versions: another file


def shipped() -> RoleModel:
    """The model of all shipped labelled sets, once per process: read from where it was kept, else fitted."""
    with _shipping:
        return _shipped()


@cache
def _shipped() -> RoleModel:
    return kept_or_fitted(kept_file(_kept_in[0]) if _kept_in else None)


def at_hand() -> bool:
    """Whether the model is read or fitted in this process, or kept where its first use will read it."""
    return _shipped.cache_info().currsize > 0 or bool(_kept_in) and kept_file(_kept_in[0]).is_file()


def kept_or_fitted(path: Path | None) -> RoleModel:
    """The model kept at `path`; when there is none (or a damaged one), the shipped sets' model fitted and kept there.

    Keeping a new one retires the folder's older models but the last one used: each was fitted from labels, code or
    libraries since replaced and would stay behind (9 MB each) for good, while two installed versions that share
    the cache (a reading is a use) keep one each instead of refitting each other's on every run.
    """
    if path is not None:
        with suppress(OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, zlib.error):  # none yet, or damaged
            model = read_model(path)
            with suppress(OSError):
                os.utime(path)
            return model
    model = fit([abstract for abstracts in training_sets().values() for abstract in abstracts])
    if path is not None:
        with suppress(OSError):  # an unwritable cache costs the next run a fit, nothing more
            atomic_write(path, model_bytes(model))
            others = sorted((p for p in path.parent.glob("*.npz") if p.name != path.name), key=lambda p: p.stat().st_mtime)
            for retired in others[: max(0, len(others) - KEPT_OTHERS)]:
                retired.unlink(missing_ok=True)
    return model


def model_bytes(model: RoleModel) -> bytes:
    """The fitted model as plain arrays (numpy's .npz, no pickle: reading it back runs no code)."""
    import numpy as np

    roles = list(model.classifiers)
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        terms=np.array(sorted(model.words.vocabulary_, key=model.words.vocabulary_.get)),
        idf=model.words.idf_,
        shapes=np.array(model.shapes.feature_names_),
        roles=np.array(roles),
        coef=np.vstack([model.classifiers[role].coef_ for role in roles]),
        intercept=np.hstack([model.classifiers[role].intercept_ for role in roles]),
        finding=np.vstack([model.finding.mean, model.finding.scale, model.finding.coef]) if model.finding else np.zeros((3, 0)),
        finding_intercept=np.array([model.finding.intercept if model.finding else 0.0]),
    )
    return buffer.getvalue()


def read_model(path: Path) -> RoleModel:
    """A model written by `model_bytes`; ValueError when the arrays do not fit together."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    with path.open("rb") as handle, np.load(handle, allow_pickle=False) as arrays:  # closed even when not a zip
        terms, idf, shapes = arrays["terms"].tolist(), arrays["idf"], arrays["shapes"].tolist()
        roles, coef, intercept = arrays["roles"].tolist(), arrays["coef"], arrays["intercept"]
        finding, finding_intercept = arrays["finding"], arrays["finding_intercept"]
        kinds = "".join(arrays[name].dtype.kind for name in ("terms", "shapes", "roles", "idf", "coef", "intercept", "finding", "finding_intercept"))
    width = 3 * len(terms) + len(shapes)  # a sentence's words, its shape, its neighbours' words
    shapes_fit = coef.shape == (len(roles), width) and intercept.shape == (len(roles),) and len(idf) == len(terms)
    finding_fits = finding.shape in ((3, 0), (3, finding_model.WIDTH)) and finding_intercept.shape == (1,)
    if kinds != "UUUfffff" or not set(roles) <= set(ROLES) or not shapes_fit or not finding_fits:
        raise ValueError(f"{path}: not a role model of this version")
    words = _word_vectoriser(vocabulary={term: i for i, term in enumerate(terms)})
    words.idf_ = idf
    shape_vectors = DictVectorizer()
    shape_vectors.feature_names_, shape_vectors.vocabulary_ = shapes, {name: i for i, name in enumerate(shapes)}
    classifiers = {}
    for i, role in enumerate(roles):
        classifier = LogisticRegression()
        classifier.classes_, classifier.coef_, classifier.intercept_ = np.array([False, True]), coef[i : i + 1], intercept[i : i + 1]
        classifier.n_features_in_ = width
        classifiers[role] = classifier
    found = FindingModel(finding[0], finding[1], finding[2], float(finding_intercept[0])) if finding.shape[1] else None
    return RoleModel(words, shape_vectors, classifiers, found)


_ACTIVE: ContextVar[RoleModel | None] = ContextVar("role_model", default=None)


@contextmanager
def using(model: RoleModel) -> Iterator[None]:
    """Review with this model instead (the benchmark scores each labelled set with a model that never saw it)."""
    token = _ACTIVE.set(model)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def _likeliest(probabilities: dict[str, float], roles: tuple[str, ...]) -> str:
    return max(roles, key=lambda role: probabilities[role])


def _told_as_method(text: str) -> bool:
    """The authors' voice or a method's wording says it is the method; a flat statement may be a finding."""
    return bool(OWN_VOICE.search(text) or METHOD_WORDING.search(text))


def review(sentences: list[Sentence]) -> list[Sentence]:
    """An abstract's sentences with the roles the model doubts taken back, and a result where the rules found none."""
    if not sentences:
        return sentences
    model = _ACTIVE.get() or shipped()
    reviewed, candidates = _candidate_rows(sentences, model.probabilities([s.text for s in sentences]))
    if not candidates or model.finding is None:
        return reviewed
    scores = model.finding.odds(candidates)
    best = max(scores, key=scores.__getitem__)
    if scores[best] >= FINDING_FLOOR:
        reviewed[best] = replace(reviewed[best], role="result")
    return reviewed


def _candidate_rows(sentences: list[Sentence], odds: list[dict[str, float]]) -> tuple[list[Sentence], dict[int, list[float]]]:
    """The reviewed sentences and, when they hold no result, each candidate's row: what `finding_rows` learns, `review` asks."""
    reviewed, vetoed = _reviewed(sentences, odds)
    if any(s.role == "result" for s in reviewed):
        return reviewed, {}
    return reviewed, finding_model.features(reviewed, odds, result_candidates(reviewed, vetoed))


def _reviewed(sentences: list[Sentence], odds: list[dict[str, float]]) -> tuple[list[Sentence], set[int]]:
    """The sentences with the roles the model doubts taken back, and which of them were results the rules gave."""
    reviewed: list[Sentence] = []
    vetoed, doubted_contributions = set[int](), set[int]()
    for index, (sentence, p) in enumerate(zip(sentences, odds)):
        role = sentence.role
        if sentence.listed:  # an item plays its lead-in's role, which the model sees only in pieces
            reviewed.append(sentence)
            continue
        if role == "contribution" and p["contribution"] < DOUBT["contribution"]:
            doubted_contributions.add(index)
            role = _likeliest(p, FALLBACK["contribution"])
        # A method (or a contribution just taken back) counts for the innovations, which take either.
        if role == "method" and p["method"] + p["contribution"] < DOUBT["method" if _told_as_method(sentence.text) else "bare method"]:
            role = _likeliest(p, FALLBACK["method"])
        if role == "result" and p["result"] < DOUBT["strong result" if STRONG_FINDING.search(sentence.text) else "result"]:
            vetoed.add(index)
            role = _likeliest(p, FALLBACK["result"])
        reviewed.append(replace(sentence, role=role) if role != sentence.role else sentence)
    best = max(doubted_contributions, key=lambda i: odds[i]["contribution"], default=None)
    if not any(s.role == "contribution" for s in reviewed) and best is not None and odds[best]["contribution"] >= KEPT_CONTRIBUTION:
        # The rules found what the paper brings and the model doubted every one: the likeliest stays (a paper has one).
        reviewed[best] = replace(reviewed[best], role="contribution")
    return reviewed, vetoed


def result_candidates(sentences: list[Sentence], vetoed: set[int]) -> dict[int, str]:
    """The sentences that may be the finding of an abstract left without a result, each with its group in
    `finding_model.GROUPS`. Never an evaluation announced without its outcome ("Experiments are performed to show the
    effectiveness": the model hears a result, the outcome is not there), an outcome that is not this paper's
    ("Previous measurements have shown that ..."), nor the paper's first contribution, which stays its contribution."""
    contributions = [i for i, s in enumerate(sentences) if s.role == "contribution" and not s.listed]
    candidates = {}
    for index, sentence in enumerate(sentences):
        if unstated_outcome(sentence.text) or others_finding(sentence.text):
            continue
        if index in vetoed:
            candidates[index] = "vetoed"
        elif sentence.role in ("background", "method"):
            candidates[index] = "background or method"
        elif sentence.role == "other":
            candidates[index] = "other"
        elif index in contributions[1:]:
            candidates[index] = "contribution"
    return candidates
