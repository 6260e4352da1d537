"""Themes of a period without an LLM: papers clustered on their words, each cluster named by its own phrase.

Pure and dependency-free (a few dozen papers need no numerical library): TF-IDF vectors of title, abstract and
keywords, average-link agglomerative clustering on cosine similarity, and for each cluster the 2-4 word phrase
that most of its papers use and the other papers do not. A cluster whose best phrase fewer than half of its papers use
splits into the two clusters it was merged from; papers that share no such phrase are no theme: each then stands
alone, named by its own. Every paper ends up in exactly one theme.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from paperdigest.models import PaperEntry, Theme

# Words that never start or end a theme name: function words, the verbs and adjectives of any abstract, and
# words every paper of the field uses.
STOPWORDS = frozenset(
    """a an the and or of for to in on at by with from into over under via as is are was were be been being this that
    these those it its we our us their they them which who whom whose what when where while how than then thus also
    both each such not no can could may might will would should must do does did has have had more most less least
    very much many few several other others some any all only just even further new novel first second third one two
    three four five six based using use used uses via toward towards across between without within through about
    propose proposes proposed introduce introduces introduced present presents presented show shows shown
    demonstrate demonstrates achieve achieves achieving outperform outperforms significantly substantially
    existing prior previous recent recently current state art results result experiments experimental extensive
    approach approaches performance whenever typically assessed assess without
    large-scale efficient effective high low better best strong stronger key critical crucial challenge challenges
    address addresses enable enables enabling provide provides improve improves improved improving including
    however despite although via eg ie et al code available https http github com www leverages leveraging per yet
    need needs make makes let lets fall falls short""".split()
)
# Phrases that say nothing about a theme: every paper of the field is about them.
GENERIC_PHRASES = frozenset(
    phrase.strip()
    for phrase in """large language|language model|language models|large language model|large language models|state-of-the-art|
    deep learning|machine learning|neural network|neural networks|foundation model|foundation models|future directions|
    future work|open problems|open challenges|recent advances|comprehensive survey|systematic review""".split("|")
)
# One word that says nothing about a theme on its own.
GENERIC = frozenset(
    """learning data model models language large generation system systems agent agents network networks method methods
    framework frameworks task tasks benchmark benchmarks llm llms paper papers work study""".split()
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9+-]*[A-Za-z0-9+]|[A-Za-z]")
_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”'‘’]")


@dataclass
class _Doc:
    arxiv_id: str
    vector: dict[str, float]
    phrases: dict[str, str]  # lowercase phrase -> as first written
    named: set[str]  # phrases of the title and keywords: the ones fit to name a theme
    closing: set[str]  # those of them that end where the title's run of words ends: its noun, not a fragment
    mentions: Counter[str]  # lowercase phrase -> times written (the title counts three times)


def _phrases(text: str, closing: bool = False) -> list[tuple[str, str]]:
    """Every 2-4 word run without a stopword or punctuation inside, as (lowercase, the paper's own spelling); only
    those `closing` their run ('Open Research Corpus' of 'The Semantic Scholar Open Research Corpus', not 'Scholar
    Open'), where an English noun phrase has its noun."""
    found: list[tuple[str, str]] = []
    for chunk in _BREAK.split(unicodedata.normalize("NFKC", text)):
        words = _TOKEN.findall(chunk)
        breaks = [w.lower() in STOPWORDS or len(w) < 2 for w in words]
        for size in (1, 2, 3, 4):
            for i in range(len(words) - size + 1):
                run = words[i : i + size]
                if any(breaks[i : i + size]) or _length(run) not in (2, 3, 4) or closing and i + size < len(words) and not breaks[i + size]:
                    continue
                found.append((" ".join(w.lower() for w in run), " ".join(run)))
    return found


def _length(words: list[str]) -> int:
    """Words of a phrase; one hyphenated compound counts only when it is a phrase itself ('Mixture-of-Experts')."""
    if len(words) == 1:
        return len(words[0].split("-")) if words[0].count("-") >= 2 else 1
    return len(words)


def _adjective_end(phrase: str) -> bool:
    """'Unified Generative', 'Training Specialized': a phrase cut before its noun."""
    return phrase.endswith(("ive", "ed", "al", "ous", "ful", "able", "ic", "ly", "level"))


def singular(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "is", "us")) else word


def _terms(text: str) -> Counter[str]:
    words = [singular(w.lower()) for w in _TOKEN.findall(unicodedata.normalize("NFKC", text)) if w.lower() not in STOPWORDS and len(w) > 2]
    return Counter(words + [f"{a} {b}" for a, b in zip(words, words[1:])])


def _docs(entries: list[PaperEntry]) -> list[_Doc]:
    texts = []
    for entry in entries:
        keywords = ". ".join(str(k) for k in entry.paper.extra.get("ai_keywords") or [])
        # The title counts three times: it names the paper's subject, the abstract also its background.
        texts.append((entry, f"{entry.paper.title}. {entry.paper.title}. {entry.paper.title}. {keywords}. {entry.paper.abstract}"))
    counts = [_terms(text) for _, text in texts]
    df = Counter(term for c in counts for term in c)
    n = len(texts)
    docs = []
    for (entry, text), count in zip(texts, counts):
        vector = {t: (1 + math.log(k)) * math.log((1 + n) / (1 + df[t])) for t, k in count.items() if df[t] < n or n == 1}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        runs = _phrases(text)
        heading = f"{entry.paper.title}. {keywords}"
        named = {phrase for phrase, _ in _phrases(heading)}
        closing = {phrase for phrase, _ in _phrases(heading, closing=True)}
        vector = {t: v / norm for t, v in vector.items()}
        docs.append(_Doc(entry.paper.arxiv_id, vector, _spellings(runs), named, closing, Counter(phrase for phrase, _ in runs)))
    return docs


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    small, large = (a, b) if len(a) < len(b) else (b, a)
    return sum(v * large.get(t, 0.0) for t, v in small.items())


def cluster(entries: list[PaperEntry], min_similarity: float = 0.01) -> tuple[list[list[int]], dict[tuple[int, ...], tuple[list[int], list[int]]]]:
    """Indices of entries per cluster: merge the closest pair (average link) down to about sqrt(n) clusters; and the
    two clusters each merged one was made of, to split it again."""
    docs = _docs(entries)
    sims = [[_cosine(a.vector, b.vector) for b in docs] for a in docs]
    clusters = [[i] for i in range(len(docs))]
    parts: dict[tuple[int, ...], tuple[list[int], list[int]]] = {}
    target = max(1, round(math.sqrt(len(docs))))
    while len(clusters) > target:
        best, pair = -1.0, (0, 0)
        for x in range(len(clusters)):
            for y in range(x + 1, len(clusters)):
                link = sum(sims[i][j] for i in clusters[x] for j in clusters[y]) / (len(clusters[x]) * len(clusters[y]))
                if link > best:
                    best, pair = link, (x, y)
        if best < min_similarity:
            break
        x, y = pair
        merged = clusters[x] + clusters[y]
        parts[tuple(merged)] = (clusters[x], clusters.pop(y))
        clusters[x] = merged
    return clusters, parts


def name(members: list[_Doc], others: list[_Doc], taken: set[str]) -> str | None:
    """The phrase most members use and fewest other papers do, not naming another theme yet: a title's or keywords'
    phrase first, else an abstract's. Several papers are named only by a phrase two of them share, never by one
    paper's own title ('Self-Taught Reasoner' over five papers on language models)."""
    inside = Counter(p for m in members for p in m.phrases)
    outside = Counter(p for o in others for p in o.phrases)
    in_titles = Counter(p for m in members for p in m.named)
    closing = Counter(p for m in members for p in m.closing)
    mentions = sum((m.mentions for m in members), Counter[str]())
    spelled = {p: s for m in members for p, s in m.phrases.items()}
    shared = min(2, len(members))
    for pool in (in_titles, inside):
        fit = [p for p in pool if inside[p] >= shared and p not in GENERIC_PHRASES and p not in taken and not (len(p.split()) == 1 and p in GENERIC)]
        scored = [
            (inside[p] / len(members) - (outside[p] / len(others) if others else 0.0), not _adjective_end(p), in_titles[p], mentions[p], closing[p], -len(p.split()), p)
            for p in fit
            if not _cut_from(p, fit, inside, outside)
        ]
        if scored:
            *_, best = max(scored)
            text = _unshouted(spelled[best])
            return text[:1].upper() + text[1:]
    return None


def _spellings(runs: list[tuple[str, str]]) -> dict[str, str]:
    """Each phrase as the paper first writes it, its title first, unless the title is set in capitals and the
    abstract writes the phrase in ordinary case ('DEEP LEARNING' in the title, 'deep learning' after)."""
    spelled: dict[str, str] = {}
    for phrase, spelling in runs:
        if phrase not in spelled or spelled[phrase].isupper() and not spelling.isupper():
            spelled[phrase] = spelling
    return spelled


def _unshouted(phrase: str) -> str:
    """A phrase only ever written in capitals names its theme in ordinary case ('EDUCATIONAL TIMETABLING' ->
    'Educational Timetabling'); short words ('LLM', 'NEURAL ODE' -> 'Neural ODE') stay as written."""
    if not phrase.isupper():
        return phrase
    return " ".join(word.capitalize() if len(word) > 4 else word for word in phrase.split())


def _cut_from(phrase: str, phrases: list[str], inside: Counter[str], outside: Counter[str]) -> bool:
    """'Augmented decoding' where the same papers, and only they, say 'retrieval augmented decoding'."""
    return inside[phrase] >= 2 and any(
        f" {phrase} " in f" {longer} " and longer != phrase and (inside[longer], outside[longer]) == (inside[phrase], outside[phrase]) for longer in phrases
    )


_WORDS = {
    "en": {"summary": "{n} papers; phrases they share: {phrases}.", "count": "{n} papers.", "single": "One paper.", "unnamed": "Papers with no shared phrase"},
    "zh": {"summary": "{n} 篇论文；共同出现的短语：{phrases}。", "count": "{n} 篇论文。", "single": "一篇论文。", "unnamed": "无共同短语的论文"},
}


def themes(entries: list[PaperEntry], lang: str = "en") -> list[Theme]:
    """One theme per cluster, largest first; named by its best phrase (2-4 words, never one generic word)."""
    words = _WORDS[lang]
    docs = _docs(entries)
    found: list[Theme] = []
    taken: set[str] = set()
    groups, parts = cluster(entries)
    while groups:
        groups.sort(key=lambda c: (-len(c), c[0]))
        members = groups.pop(0)
        mine = [docs[i] for i in members]
        title = name(mine, [d for i, d in enumerate(docs) if i not in members], taken)
        # A name most of the theme's papers do not use misfiles the rest ("Reinforcement Learning" over 13 papers, 4 of
        # which say it): the theme splits into the two it was merged from; papers that share no phrase stand alone.
        if len(members) > 1 and (title is None or 2 * sum(title.lower() in m.phrases for m in mine) < len(members)):
            groups += parts.get(tuple(members), [[i] for i in members])
            continue
        title = title or words["unnamed"]
        taken.add(title.lower())
        shared = Counter(p for m in mine for p in m.phrases)
        common = [p for p, k in shared.most_common() if k >= 2 and p not in GENERIC_PHRASES][:3]
        plain = words["single"] if len(members) == 1 else words["count"].format(n=len(members))
        summary = words["summary"].format(n=len(members), phrases=", ".join(common)) if common else plain
        found.append(Theme(name=title, arxiv_ids=[docs[i].arxiv_id for i in members], summary=summary))
    return found
