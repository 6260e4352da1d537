"""Cues of wording that both the role rules (`sentences`) and the role model (`sentence_model`) read."""

from __future__ import annotations

import re

# The authors speaking of their own work: "we", "our", "this paper".
OWN_VOICE = re.compile(r"\b(we|our|us|this (paper|work|study|article|report|survey)|in this (paper|work))\b", re.I)
# A concession or contrast that opens a sentence: about others' work or a problem, not a claim of this paper.
HEDGED_START = re.compile(r"^(however|despite|although|though|while|whereas|unfortunately|yet|but|nevertheless)\b", re.I)
