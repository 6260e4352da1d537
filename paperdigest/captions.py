"""Where a figure goes in a paper's part of the report: the caption decides, not the figure's position.

An architecture or pipeline figure belongs with the innovation, a plot or a table with the experiments; a photo or an
example that says neither stays with the paper's other figures.
"""

from __future__ import annotations

import re
from typing import Literal

from paperdigest.splitting import SENTENCE_END

FigurePlace = Literal["innovation", "experiments", "other"]
# Why the extractive engine shows a figure where it does (render/labels.py has them in Chinese).
REASONS = {"innovation": "its caption describes the method", "experiments": "its caption describes results"}
_OVERVIEW_CAPTION = re.compile(r"\b(overview|architecture|pipeline|framework|illustration|workflow|diagram|schematic|model structure|our (method|approach|system))\b", re.I)
_RESULT_CAPTION = re.compile(
    r"\b(results?|curves?|plots?|performance|accuracy|comparisons?|ablations?|scaling|loss|evaluations?|vs\.?|versus|scores?|"
    r"benchmark|errors?|throughput|perplexit(y|ies))\b",
    re.I,
)
_CAPTION_LEAD = re.compile(r"^\s*(fig(ure)?|table)\.?\s*[A-Z]?\d+[a-z]?\s*[:.|]?\s*", re.I)  # "Figure 3:", "FIG. 3.", "Table S1 |"


def figure_place(name: str, caption: str) -> FigurePlace:
    """By the caption's opening sentence, which names what the figure shows ("Evaluations of MuZero on Go ..."), and
    by the rest only when that says nothing (a plot's caption may go on to explain the network architecture behind it)."""
    if name.lower().startswith("table"):
        return "experiments"
    body = _CAPTION_LEAD.sub("", caption).strip()
    for part in (SENTENCE_END.split(body, maxsplit=1)[0], body):  # the opening, however short ("Overview.")
        if _OVERVIEW_CAPTION.search(part):
            return "innovation"
        if _RESULT_CAPTION.search(part):
            return "experiments"
    return "other"
