"""Choose the parts of a paper that fit the model's context, keeping the results whatever it costs.

Pure: token counting is passed in. What is left out is named (the prompt tells the model, the pipeline tells
the user), and results/experiments sections are never dropped: when even they do not fit they are shortened
with a visible marker.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from paperdigest.models import ParsedPaper, Section

ESSENTIAL = re.compile(r"result|experiment|evaluat|benchmark|ablation|empirical|finding", re.I)
CORE = re.compile(r"abstract|introduction|method|approach|model|framework|architecture|conclusion|discussion|limitation", re.I)
LAST = re.compile(r"reference|bibliograph|acknowledg|appendix|supplement|checklist|related work|impact statement|footnote", re.I)
FOOTNOTES = "Footnotes"


@dataclass
class Picked:
    text: str
    omitted: list[str] = field(default_factory=list)
    shortened: list[str] = field(default_factory=list)


def _parts(parsed: ParsedPaper | None, abstract: str) -> tuple[list[Section], bool]:
    """The paper's sections (abstract first, footnotes last), else its pages, else the abstract alone; and whether
    by page."""
    if parsed and parsed.sections:
        parts = list(parsed.sections)
        if abstract and not any(s.title.lower().startswith("abstract") for s in parts):
            parts.insert(0, Section(title="Abstract", text=abstract))
        if parsed.footnotes:  # out of the running text, yet where many papers link their code
            parts.append(Section(title=FOOTNOTES, text="\n".join(parsed.footnotes)))
        return parts, False
    if parsed and parsed.page_texts:
        return [Section(title=f"Page {i}", text=t, page=i) for i, t in enumerate(parsed.page_texts, 1)], True
    return [Section(title="Abstract", text=abstract)], False


RESULTS_HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?:experiments?|results|evaluation)\b", re.I | re.M)


def _ranks(parts: list[Section], by_page: bool) -> list[int]:
    """0 results, 1 core, 2 other, 3 back matter; a subsection ranks with its section (4.1 under 4 Experiments)."""
    ranks: list[int] = []
    parent: tuple[int, int] | None = None  # (level, rank) of the enclosing section
    for section in parts:
        if by_page:
            ranks.append(0 if RESULTS_HEADING.search(section.text) else 2)
            continue
        if parent and section.level > parent[0]:
            ranks.append(parent[1])
            continue
        title = section.title
        rank = 0 if ESSENTIAL.search(title) else 3 if LAST.search(title) else 1 if CORE.search(title) else 2
        parent = (section.level, rank)
        ranks.append(rank)
    return ranks


def _render(section: Section, text: str) -> str:
    where = f" (page {section.page})" if section.page else ""
    return f"## {section.title}{where}\n{text.strip()}"


def _shorten(text: str, tokens: int, budget: int) -> str:
    keep = max(0, int(len(text) * budget / max(tokens, 1)))
    cut = text.rfind(". ", 0, keep)
    kept = text[: cut + 1 if cut > keep // 2 else keep]
    return f"{kept}\n[... this section was shortened to fit the model's context: about {tokens - budget} tokens cut ...]"


def pick_sections(parsed: ParsedPaper | None, abstract: str, budget: int, count: Callable[[str], int]) -> Picked:
    """Sections in document order within `budget` tokens: results first, then core, other, back matter."""
    parts, by_page = _parts(parsed, abstract)
    rendered = [_render(s, s.text) for s in parts]
    tokens = [count(r) for r in rendered]
    if sum(tokens) <= budget:
        return Picked("\n\n".join(rendered))
    ranks = _ranks(parts, by_page)
    order = sorted(range(len(parts)), key=lambda i: (ranks[i], i))
    essential = [i for i in order if ranks[i] == 0]
    essential_tokens = sum(tokens[i] for i in essential)
    chosen: dict[int, str] = {}
    shortened: list[str] = []
    if essential_tokens > budget:
        share = budget / essential_tokens
        for i in essential:
            chosen[i] = _render(parts[i], _shorten(parts[i].text, tokens[i], int(tokens[i] * share)))
            shortened.append(parts[i].title)
        left = 0
    else:
        chosen.update({i: rendered[i] for i in essential})
        left = budget - essential_tokens
    for i in order:
        if i not in chosen and tokens[i] <= left:
            chosen[i] = rendered[i]
            left -= tokens[i]
    omitted = [parts[i].title for i in range(len(parts)) if i not in chosen]
    return Picked("\n\n".join(chosen[i] for i in sorted(chosen)), omitted, shortened)
