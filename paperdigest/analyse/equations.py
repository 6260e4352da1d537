"""A paper's display equations as its full text has them (LaTeX from arXiv HTML), each with the sentence that
explains its symbols ("where $x$ is ..."), so Key principles show the math and what it means, quoted."""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperdigest.splitting import split

# "$$...$$ (2)": a display equation and the number the paper gives it.
_DISPLAY = re.compile(r"\$\$(.+?)\$\$[ \t]*(\(\d+[a-z]?\))?", re.S)
_EXPLAINS = re.compile(r"^(where|with|here)\b", re.I)


@dataclass(frozen=True)
class Equation:
    tex: str
    number: str | None
    section: str
    explained_by: str | None  # the sentence right after it, when it defines the symbols


def display_equations(text: str, section: str) -> list[Equation]:
    """The display equations of a section's text, in order."""
    found = []
    for match in _DISPLAY.finditer(text):
        after = split(text[match.end() : match.end() + 2000])
        first = after[0][0] if after else ""
        explained = first if _EXPLAINS.match(first) and "$$" not in first else None
        found.append(Equation(" ".join(match.group(1).split()), match.group(2), section, explained))
    return found


def prose_parts(text: str) -> list[str]:
    """The prose of a section between its display equations (quoted separately); a part never runs across one."""
    return [part for part in _DISPLAY.split(text)[::3] if part and part.strip()]


def explains_an_equation(sentence: str) -> bool:
    """'where $x$ is ...': it belongs right after its equation, nowhere else."""
    return bool(_EXPLAINS.match(sentence)) and sentence[:1].islower()
