"""Sentences of a paragraph, the unit every quote in a report is made of (the extractive engine, the digest)."""

from __future__ import annotations

import re

_ABBREVIATIONS = r"(?<!\be\.g)(?<!\bi\.e)(?<!\bet al)(?<!\bvs)(?<!\bFig)(?<!\bEq)(?<!\bSec)(?<!\bcf)"
_SENTENCE_END = re.compile(_ABBREVIATIONS + r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[$])")


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph; abbreviations like 'e.g.' and 'et al.' do not end one."""
    flat = " ".join(text.split())
    return [s.strip() for s in _SENTENCE_END.split(flat) if 25 <= len(s.strip()) <= 600]
