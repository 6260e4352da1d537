"""Which sentence of an abstract states its finding when the rules found none: a second look at the role model's odds.

The role model (`sentence_model`) scores each sentence for each role from its words and its neighbours'. Whether one
sentence of an abstract the rules left without a result is that abstract's finding also depends on things it does
not weigh together: what the rules made of the sentence (a background sentence rescued is right less often than a
result the review took back), how the model rates its other roles, whether the sentences around it read as results,
where it stands, and how it opens ("We demonstrate X" is a contribution more often than a finding). This logistic
regression weighs them, fitted on the role model's *cross-validated* odds for the labelled abstracts: odds of
sentences a model was trained on are surer than the odds it gives a new abstract, and would teach it to trust them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from paperdigest.sentences import Sentence
from paperdigest.wording import HEDGED_START, METHOD_WORDING, OWN_VOICE, STRONG_FINDING, unstated_outcome

ROLES = ("background", "contribution", "method", "result", "availability", "other")  # a sentence's roles, as labelled
# Where a candidate comes from (`sentence_model.result_candidates`): a result the review took back, a sentence the
# rules read as background or method, as "other" (hopes, impact), or a contribution other than the paper's first.
GROUPS = ("vetoed", "background or method", "other", "contribution")
_CUES = {
    "digit": r"\d",
    "percent": r"%|percent",
    "than": r"\bthan\b",
    "comparison": r"\b(better|outperform\w*|higher|lower|improv\w*|superior|faster|reduc\w*|increas\w*|decreas\w*)\b",
    "observed": r"\b(found|observed|showed|shown|revealed|obtained|yields?|exhibits?|leads? to|turns? out)\b",
    "we find": r"\bwe (find|show|observe|demonstrate|prove|obtain|conclude)\b",
    "modal": r"\b(can|could|may|might)\b",
    "flat statement": r"^\s*\w+( \w+){0,6} (is|are|was|were) ",
    "outlook": r"\b(will|future|further work)\b",
    "this or our": r"^(this|these|our|the)\b",
    "uncertainty": r"±|\\pm|\+-|\+/-",
    "significance": r"\bsigma\b|σ|confidence|significan",
    "citation": r"\[\d|et al",
    "question": r"\?",
}
CUES = {name: re.compile(pattern, re.I) for name, pattern in _CUES.items()}
WIDTH = len(ROLES) + 2 + 3 + len(GROUPS) + 2 + 5 + 5 + len(CUES) + 7  # the length of a `features` row


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def features(sentences: Sequence[Sentence], odds: Sequence[dict[str, float]], candidates: dict[int, str]) -> dict[int, list[float]]:
    """Each candidate's row: its odds, its neighbours' result odds, its place, its group and rules' role, how it
    compares with the other candidates, what the abstract says elsewhere, its wording and its neighbours' roles."""
    texts = [s.text for s in sentences]
    announced = float(any(unstated_outcome(t) for t in texts))
    surest_contribution = max(o["contribution"] for o in odds)
    last = len(texts) - 1
    rows = {}
    for index, group in candidates.items():
        text, p = texts[index], odds[index]
        likeliest_other = max((odds[i]["result"] for i in candidates if i != index), default=0.0)
        rows[index] = [
            *(_logit(p[role]) for role in ROLES),
            _logit(odds[index - 1]["result"] if index else 0.0),
            _logit(odds[index + 1]["result"] if index < last else 0.0),
            index / max(last, 1),
            float(index == last),
            float(len(texts)),
            *(float(group == name) for name in GROUPS),
            float(sentences[index].role == "method"),
            float(sentences[index].role == "background"),
            p["result"] - likeliest_other,
            float(p["result"] >= likeliest_other),
            float(len(candidates)),
            surest_contribution,
            announced,
            len(text) / 200,
            float(bool(OWN_VOICE.search(text))),
            float(bool(HEDGED_START.match(text))),
            float(bool(STRONG_FINDING.search(text))),
            float(bool(METHOD_WORDING.search(text))),
            *(float(bool(cue.search(text))) for cue in CUES.values()),
            # What the rules made of the sentences around it: a flat statement after a method step is often its outcome.
            *(float(index > 0 and sentences[index - 1].role == role) for role in ("contribution", "method", "background")),
            *(float(index < last and sentences[index + 1].role == role) for role in ("contribution", "method", "background", "other")),
        ]
    return rows


@dataclass(frozen=True)
class FindingModel:
    """A logistic regression over standardised `features`, kept as plain arrays."""

    mean: Any
    scale: Any
    coef: Any
    intercept: float

    def odds(self, rows: dict[int, list[float]]) -> dict[int, float]:
        import numpy as np

        if not rows:
            return {}
        indices = list(rows)
        z = ((np.array([rows[i] for i in indices]) - self.mean) / self.scale) @ self.coef + self.intercept
        return {i: 0.5 * (1 + math.tanh(value / 2)) for i, value in zip(indices, z.tolist())}  # a logistic that never overflows


def fit(rows: Sequence[list[float]], wanted: Sequence[bool]) -> FindingModel | None:
    """None when the rows hold no finding, or nothing else: there is nothing to weigh."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    if len(set(wanted)) < 2:
        return None
    matrix = np.array(rows, dtype=float)
    mean, scale = matrix.mean(axis=0), matrix.std(axis=0)
    scale[scale == 0] = 1.0
    regression = LogisticRegression(C=1.0, max_iter=5000).fit((matrix - mean) / scale, list(wanted))
    return FindingModel(mean, scale, regression.coef_[0], float(regression.intercept_[0]))
