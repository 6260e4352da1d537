"""The engine with no LLM: every statement is a sentence quoted from the paper, with where it was found.

It invents nothing. Where a section of the report needs judgement (a star rating, a theme name beyond the
words the papers share), it says it has none rather than making one up.
"""

from __future__ import annotations

import re
from collections import Counter

from paperdigest.models import (
    Analysis,
    Claim,
    Comparison,
    ComparisonRow,
    Evidence,
    FigureChoice,
    Grounding,
    PaperEntry,
    ParsedPaper,
    Summary,
    Theme,
)
from paperdigest.sentences import sentences
from paperdigest.stage import Step, cache_key

ENGINE_VERSION = "1"
_NUMBER = re.compile(r"\d")

_CONTRIBUTION = re.compile(r"\b(we (propose|introduce|present|develop|design)|this (paper|work) (proposes|introduces|presents))\b", re.I)
_INNOVATION = re.compile(r"\b(novel|first|new|propose|introduce|unlike|key idea|contribution|instead of)\b", re.I)
_PRINCIPLE = re.compile(r"\b(we (model|formulate|define|compute|optimi[sz]e|train)|objective|loss|consists of|architecture|algorithm)\b", re.I)
_RESULT = re.compile(r"\b(outperform|improv|achiev|surpass|accuracy|state-of-the-art|sota|gain|reduc|speed|faster|score|%)", re.I)
_USAGE = re.compile(r"\b(code|model|data(set)?s?|weights|demo)\b.{0,40}\b(available|released|open-source|public)|https?://", re.I)
_STRENGTH = re.compile(r"\b(outperform|surpass|better than|state-of-the-art|robust to|more efficient|faster than)", re.I)
# Sentences about other people's work are neither this paper's strengths nor its limitations.
_PRIOR_WORK = re.compile(r"\b(existing|prior|previous|conventional|traditional)\b", re.I)
_LIMITATION = re.compile(r"\b(limitation|limited|fail|does not|cannot|future work|remain[s]? (challenging|open)|drawback)", re.I)

_OWN_WORK = re.compile(r"\b(we|our|this (paper|work|study))\b", re.I)
# Footnotes, affiliations and author-contribution notes that PDF text runs into sentences.
_NOISE = re.compile(r"[∗†‡§¶]|equal contribution|corresponding author|@\w+\.|work (done|performed) (while|during)", re.I)

_METHOD_TITLES = re.compile(r"method|approach|model|architecture|framework|preliminar|formulation|design", re.I)
_RESULT_TITLES = re.compile(r"experiment|result|evaluation|benchmark|analysis", re.I)
_LIMIT_TITLES = re.compile(r"limitation|discussion|conclusion|future", re.I)

_STOPWORDS = frozenset(
    "with from that this into over under towards toward using via based large language models model learning "
    "their your more than what when where which while through across between without your about".split()
)


def _page_of(sentence: str, parsed: ParsedPaper | None) -> int | None:
    if not parsed:
        return None
    probe = " ".join(sentence.split())[:60]
    for number, text in enumerate(parsed.page_texts, 1):
        if probe in " ".join(text.split()):
            return number
    return None


def _claim(sentence: str, section: str, parsed: ParsedPaper | None) -> Claim:
    evidence = Evidence(quote=sentence, section=section, page=_page_of(sentence, parsed))
    return Claim(text=sentence, evidence=[evidence], verified=True)


def _pool(entry: PaperEntry, title_pattern: re.Pattern[str] | None) -> list[tuple[str, str]]:
    """(sentence, section) pairs from the abstract, or from sections whose titles match."""
    pool = [(s, "Abstract") for s in sentences(entry.paper.abstract or (entry.parsed.abstract if entry.parsed else ""))]
    if entry.parsed and title_pattern is not None:
        for section in entry.parsed.sections:
            if title_pattern.search(section.title):
                pool.extend((s, section.title) for s in sentences(section.text))
    return pool


def _section_pool(entry: PaperEntry, title_pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    """Like _pool without the abstract: an abstract rarely states the paper's own limitations."""
    return [(s, sec) for s, sec in _pool(entry, title_pattern) if sec != "Abstract"]


def _pick(pool, pattern: re.Pattern[str], limit: int, parsed, needs_number: bool = False, skip=()) -> list[Claim]:
    """The first sentences matching pattern, those about the paper's own work ("we", "our") first."""
    picked: list[Claim] = []
    clean = [(s, sec) for s, sec in pool if not _NOISE.search(s)]
    for sentence, section in sorted(clean, key=lambda item: not _OWN_WORK.search(item[0])):
        if sentence in skip or any(c.text == sentence for c in picked):
            continue
        if _PRIOR_WORK.search(sentence) and pattern in (_STRENGTH, _LIMITATION):
            continue
        if pattern.search(sentence) and (not needs_number or _NUMBER.search(sentence)):
            picked.append(_claim(sentence, section, parsed))
            if len(picked) == limit:
                break
    return picked


def summarise(entry: PaperEntry) -> Summary:
    parsed = entry.parsed
    abstract_pool = _pool(entry, None)
    contribution = _pick(abstract_pool, _CONTRIBUTION, 1, parsed) or [
        _claim(s, sec, parsed) for s, sec in abstract_pool[:1]
    ]
    taken = {c.text for c in contribution}
    method_pool = _pool(entry, _METHOD_TITLES)
    principles = _pick(method_pool, _PRINCIPLE, 3, parsed, skip=taken)
    if parsed and parsed.equations:
        principles += [Claim(text=f"$${eq}$$", evidence=[Evidence(quote=eq)], verified=True) for eq in parsed.equations[:2]]
    usage = _pick(_pool(entry, re.compile(".")), _USAGE, 2, parsed)
    for key, label in (("githubRepo", "Code"), ("projectPage", "Project page")):
        if entry.paper.extra.get(key):
            usage.append(Claim(text=f"{label}: {entry.paper.extra[key]}", evidence=[Evidence(quote="Hugging Face daily papers listing")], verified=True))
    figures = [f for f in (parsed.figures if parsed else []) if f.type == "figure"][:2]
    return Summary(
        domain=", ".join(entry.paper.categories or entry.paper.extra.get("ai_keywords", [])[:4]),
        contribution=contribution[0] if contribution else None,
        usage=usage,
        innovations=_pick(_pool(entry, re.compile("introduction|contribution", re.I)), _INNOVATION, 3, parsed, skip=taken),
        principles=principles,
        experiments=_pick(_pool(entry, _RESULT_TITLES), _RESULT, 4, parsed, needs_number=True),
        rating=None,
        rating_reason="not rated: the extractive engine does not judge papers",
        strengths=_pick(_pool(entry, _RESULT_TITLES), _STRENGTH, 2, parsed),
        limitations=_pick(_section_pool(entry, _LIMIT_TITLES), _LIMITATION, 2, parsed),
        key_figures=[FigureChoice(name=f.name, why="one of the paper's first figures") for f in figures],
    )


def _grounding(summary: Summary) -> Grounding:
    claims = [c for field in ("usage", "innovations", "principles", "experiments", "strengths", "limitations") for c in getattr(summary, field)]
    claims += [summary.contribution] if summary.contribution else []
    return Grounding(checked=len(claims), verified=len(claims))


def _singular(word: str) -> str:
    """'agents' and 'agent' are one term; 'analysis', 'class' and 'corpus' keep their s."""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "is", "us")) else word


def _terms(entry: PaperEntry) -> set[str]:
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]{3,}", entry.paper.title)]
    keywords = [str(k).lower() for k in entry.paper.extra.get("ai_keywords") or []]
    return {_singular(w) for w in words if w not in _STOPWORDS} | {_singular(k) for k in keywords}


# The few sentences this engine writes itself (counts and groupings, never claims about a paper).
_WORDS = {
    "en": {
        "shared": "Papers whose titles or keywords share “{term}”.",
        "other": "Other selected papers",
        "other_summary": "Papers that share no title word with another selected paper.",
        "counts": "{listed} papers listed, {read} read in depth.",
        "recurring": " Recurring title words and keywords: {terms}.",
    },
    "zh": {
        "shared": "标题或关键词中共同出现“{term}”的论文。",
        "other": "其他精读论文",
        "other_summary": "与其他入选论文没有共同标题词的论文。",
        "counts": "共列出 {listed} 篇论文，精读 {read} 篇。",
        "recurring": "反复出现的标题词与关键词：{terms}。",
    },
}


def group_by_shared_terms(entries: list[PaperEntry], lang: str = "en") -> list[Theme]:
    """Themes named only by words the papers share; no word shared, no theme."""
    words = _WORDS[lang]
    remaining = {e.paper.arxiv_id: _terms(e) for e in entries}
    themes = []
    while True:
        counts = Counter(t for terms in remaining.values() for t in terms)
        shared = [(n, t) for t, n in counts.items() if n >= 2]
        if not shared:
            break
        _, term = max(shared)
        members = [pid for pid, terms in remaining.items() if term in terms]
        name = term[:1].upper() + term[1:]
        themes.append(Theme(name=name, arxiv_ids=members, summary=words["shared"].format(term=term)))
        for pid in members:
            del remaining[pid]
    if remaining:
        themes.append(Theme(name=words["other"], arxiv_ids=list(remaining), summary=words["other_summary"]))
    return themes


def compare(entries: list[PaperEntry], lang: str = "en") -> Comparison:
    words = _WORDS[lang]
    selected = [e for e in entries if e.selection.selected and e.analysis]
    counts = Counter(t for e in entries for t in _terms(e))
    # Ties by name: the terms come from sets, whose order changes with each process's hash seed.
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:8]
    recurring = ", ".join(f"{t} ({n})" for t, n in top if n >= 2)
    overview = words["counts"].format(listed=len(entries), read=len(selected))
    if recurring:
        overview += words["recurring"].format(terms=recurring)
    return Comparison(
        overview=overview,
        themes=group_by_shared_terms(selected, lang),
        table=[
            ComparisonRow(
                arxiv_id=e.paper.arxiv_id,
                task=e.analysis.summary.domain,
                result=e.analysis.summary.experiments[0].text if e.analysis.summary.experiments else "",
            )
            for e in selected
        ],
        outlook="",
    )


def analyse(entry: PaperEntry) -> Analysis:
    summary = summarise(entry)
    return Analysis(engine="extractive", summary=summary, grounding=_grounding(summary))


def step(entry: PaperEntry) -> Step[Analysis]:
    """One selected paper's analysis, keyed by everything it is quoted from."""

    async def compute() -> Analysis:
        return analyse(entry)

    return Step("extractive", cache_key("extractive", ENGINE_VERSION, entry.paper, entry.parsed), Analysis, compute)
