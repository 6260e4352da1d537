"""What stands in for a paper's LLM summary when the model could not give one: the extractive analysis.

A reader then still gets the paper's own sentences (each quoted, with its page) instead of a bare abstract,
and the analysis says why it is there, so the report can mark it.
"""

from __future__ import annotations

from paperdigest.analyse.extractive import analyse
from paperdigest.models import Analysis, PaperEntry


def stand_in(entry: PaperEntry, reason: str) -> Analysis:
    """The extractive analysis of the paper, marked with the LLM failure it replaces."""
    return analyse(entry).model_copy(update={"fallback": reason})
