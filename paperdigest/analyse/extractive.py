"""The engine with no LLM: every statement is a sentence quoted from the paper, with where it was found.

It invents nothing. Where a section of the report needs judgement (a star rating, a theme name beyond the
words the papers share), it says it has none rather than making one up.
"""

from __future__ import annotations

import re
from pathlib import Path

from paperdigest.pdf.glyphs import plain_letters
from paperdigest.models import (
    Analysis,
    Claim,
    Evidence,
    FigureChoice,
    Grounding,
    PaperEntry,
    ParsedPaper,
    Summary,
)
from paperdigest.analyse.equations import display_equations, explains_an_equation, prose_parts
from paperdigest.analyse.grounding import numbers_in
from paperdigest import availability, captions, sentence_model, sentences as sentence_rules, splitting
from paperdigest.captions import figure_place
from paperdigest.availability import URL
from paperdigest.reading import label
from paperdigest.sentences import Sentence, own_claims, section_kind, section_kinds
from paperdigest.stage import Step, cache_key, code_digest
from paperdigest.wording import OWN_VOICE, measured

# Cached analyses are keyed by the engine's code (its rules, how text is cut into sentences, what counts as an offered
# artifact, its caption reading) and what the role model is fitted from: a rule or label changed is an analysis redone,
# never a stale one served.
ENGINE_VERSION = cache_key(
    code_digest("analyse"), *(Path(module.__file__).read_text(encoding="utf-8") for module in (sentence_rules, splitting, availability, captions)), sentence_model.fit_digest()
)[:16]
_BROKEN_OPENING = 12  # letters of a sentence a page must end with to be where a sentence cut by the page break starts
_BEATS = "outperform|surpass|better than|beats?"
_STRENGTH = re.compile(rf"\b({_BEATS}|state-of-the-art|robust to|more efficient|faster than)", re.I)
_NO_STRENGTH = re.compile(rf"\b(not|never|fails? to|unable to)\b[^.,;]{{0,30}}\b({_BEATS})", re.I)  # "is not able to outperform"
_DEFINING = re.compile(
    r"\b(is|are) (defined|formulated|computed|given|modeled|written|expressed) (as|by)\b|\bwe (define|formulate|model|cast|frame|denote)\b"
    r"|\b(consists? of|comprises?|is composed of)\b|\bwhere \S+ (denotes|is|represents)\b|\b(objective|loss|reward|policy|update rule)\b",
    re.I,
)
# "BART [36] and PEGASUS [60] have achieved ...": in the full text, a finding whose subject is a cited work is that
# work's, unless the authors speak in it. (A citation that closes a sentence often credits only its last words,
# "... compared to previously reported numbers [33]", so it says nothing of whose finding it is.)
_CITATION = r"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]|[(\[][A-Z][^()\[\]]*?(?:19|20)\d\d[a-z]?\s*[)\]]"
_CITED_FINDING = re.compile(rf"^(?!(?:on|in|for|across|with|using|under|from|at|by|over|compared)\b)(?:\S+\s+){{0,3}}\S*?(?:{_CITATION})", re.I)
# The name a sentence introduces: "we introduce PaSa, ..." or "we build a dataset, AutoScholarQuery, ..." -> the name.
_INTRODUCED = re.compile(
    r"\b(?:introduce|present|propose|develop|build|construct|release)s?\s+(?:[^,.;]{0,80},\s+)?(?:a |an |the )?([A-Z][\w+.-]*[\w+])(?=[\s,:(.])"
)
# "We describe this in Algorithm 1.": where to read, not what it says.
_POINTED_AT = r"(algorithm|figure|fig|section|table|appendix)"
_POINTER = re.compile(
    rf"^(we (describe|show|present|summari[sz]e|detail|give|list) (this|it|them|these|the details)|see|details are)\b[^.]{{0,60}}\b{_POINTED_AT}\b"
    rf"|^(in {_POINTED_AT}\.? ?\d+,? we|we \w+ in {_POINTED_AT}\b)"  # "In Figure 1 we show this process at a high level"
    rf"|^{_POINTED_AT}\.? ?\d+[a-z]? (compares|shows|lists|summari[sz]es|presents|reports|gives|plots|depicts|illustrates)\b",  # "Table 5 compares ..."
    re.I,
)
# Mathematical italic letters and operators: what a PDF's equations become in its text layer.
_MATH_LETTER = re.compile(r"[\U0001D400-\U0001D7FF]")
_MATH_SYMBOL = re.compile(r"[∈∉∑∏√∫≤≥≈≠⊤⊥∥∀∃∇∂Ω⊂⊆⊃⊇∪∩]")
# "A Survey of ...", "we propose a survey of ...": the results and methods in a survey's body are the surveyed papers'
# ("The BERT model achieved higher accuracy (98.2%) ...", "The encoder consists of multiple stacked layers ..."), so its
# findings are the ones its abstract states, and its body gives no key principles.
# Not a paper about reviewing ("Peer Review of Conference Papers", "a code review tool", "our review process").
_SURVEY = re.compile(
    r"\b(a|an|this|our|the present) ((systematic|comprehensive|brief|short|critical|literature|scoping|narrative|concise|thorough|"
    r"extensive|detailed|broad|mini|structured|selective|historical) ){0,2}(survey|review)\b(?! (process|system|tool|data|comments?|scores?|forms?)\b)"
    r"|\bwe (\w+ )?(survey|review)\b|^(survey|review) of\b",
    re.I,
)
_PLAIN_WORD = re.compile(r"^[(\[\"'“]?[A-Za-z][a-z]+(-[a-z]+)*[)\]\"'”.,;:!?]*$")  # "word", "(word),", "self-attention."
LIMITS = {"innovations": 4, "principles": 3, "experiments": 4, "strengths": 2, "limitations": 2, "usage": 3}


def _letters(text: str) -> str:
    """Letters and digits only: a sentence matches its page across line breaks, hyphenation, spacing and ligatures."""
    return re.sub(r"[\W_]+", "", plain_letters(text).lower())


def _page_of(sentence: str, pages: list[str]) -> int | None:
    """The first page whose letters (`_letters`) hold the sentence's first fifty, else the page a sentence running
    over a page break starts on: it ends with the sentence's opening and the next page goes on with the rest."""
    probe = _letters(sentence)[:50]
    found = next((number for number, letters in enumerate(pages, 1) if probe in letters), None)
    if found is not None:
        return found
    for number, (letters, after) in enumerate(zip(pages, pages[1:]), 1):
        cut = next((size for size in range(len(probe) - 1, _BROKEN_OPENING - 1, -1) if letters.endswith(probe[:size])), 0)
        if cut and probe[cut:] in after:
            return number
    return None


def labelled(entry: PaperEntry) -> list[Sentence]:
    """Every sentence of the abstract and of the full text's sections, with its role; back matter left out."""
    parsed = entry.parsed
    pool = label(entry.paper.abstract or (parsed.abstract if parsed else ""))
    sections = parsed.sections if parsed else []
    formulas = _formula_letters(parsed)
    for section, kind in zip(sections, section_kinds(sections)):
        if kind not in ("skip", "abstract"):
            found = [s for part in prose_parts(section.text) for s in label(part, section.title, kind)]
            unquotable = (explains_an_equation, garbled_math, lambda text: _runs_into_a_formula(text, formulas))
            pool += [s for s in found if not any(rule(s.text) for rule in unquotable)]
    # A footnote is read for one thing: the code or data it points to ("Code at https://github.com/...").
    notes = [s for note in (parsed.footnotes if parsed else []) for s in label(note, "Footnotes", "other")]
    return pool + [s for s in notes if s.role == "availability"]


def garbled_math(sentence: str) -> bool:
    """Math a PDF's text layer flattened ('dO ∈R𝑛×𝑑', '(9) m=0 n=0 m Z Z 0(x′) j(x′) dd+1x′φb'): unreadable as a quote,
    so never quoted. A sentence of which not a quarter is plain words is such a formula, whatever its symbols."""
    if _MATH_LETTER.search(sentence) or len(_MATH_SYMBOL.findall(sentence)) >= 2:
        return True
    tokens = sentence.split()
    return sum(bool(_PLAIN_WORD.match(token)) for token in tokens) < 0.25 * len(tokens)


def _formula_letters(parsed: ParsedPaper | None) -> list[str]:
    """The letters of each text line of the PDF's display equations long enough to recognise (once per paper)."""
    lines = [_letters(line) for region in (parsed.equation_regions if parsed else []) for line in region.lines]
    return [letters for letters in lines if len(letters) >= 8]


def _runs_into_a_formula(sentence: str, formulas: list[str]) -> bool:
    """A sentence the PDF's text layer ran through a display equation ('... as: Attention(Q, K, V) = softmax(QKT
    √dk)V (1) The two ...'): the formula's text is garble, shown as an image or not at all, never quoted."""
    letters = _letters(sentence)
    return any(formula in letters for formula in formulas)


def _headline_numbers(text: str) -> set[str]:
    """The numbers a result states, written one way ('2.0' is '2'); a lone digit says too little to compare."""
    plain = {n.rstrip("0").rstrip(".") if "." in n else n for n in numbers_in(text)}
    return {n for n in plain if len(n) > 1}


class _Picker:
    """Hands out each sentence once: no sentence (or a near copy of it) appears in two fields of a paper."""

    def __init__(self, parsed: ParsedPaper | None) -> None:
        self.pages = [_letters(text) for text in parsed.page_texts] if parsed else []  # once per paper, not per claim
        self.taken: list[tuple[str, set[str]]] = []  # (kind of passage, words) of each sentence handed out
        self.urls: set[str] = set()
        self.introduced: set[str] = set()
        self.texts: list[str] = []
        self.numbers: set[str] = set()  # results already reported: 28.4 BLEU is news once

    def _seen(self, sentence: Sentence, words: set[str], results: bool) -> bool:
        """A near copy, or one more sentence introducing what another already did ('We introduce PaSa, ...'); a
        finding about it ('we show that Shapley value estimation is unbiased, and we introduce Shapley regressions')
        is news. An abstract does not repeat itself: two of its sentences that share most words are parallel findings
        ('we prove that the problem is W[1]-hard with respect to ...', '... is FPT with respect to ...'), not copies."""
        if sentence.text in self.texts:
            return True
        named = None if results else _INTRODUCED.search(sentence.text)
        if named and (named.group(1) in self.introduced or any(named.group(1) in old for old in self.texts)):
            return True  # what it introduces was already introduced or named
        return any(
            len(words & old) >= 0.7 * min(len(words), len(old))
            for kind, old in self.taken
            if not (kind == "abstract" and sentence.kind == "abstract")
        )

    def pick(self, candidates: list[Sentence], limit: int, results: bool = False) -> list[Claim]:
        """Up to `limit` claims; with `results`, a sentence whose numbers were all reported already is skipped."""
        picked: list[Claim] = []
        for sentence in candidates:
            if len(picked) == limit:
                break
            urls = set(URL.findall(sentence.text))
            numbers = _headline_numbers(sentence.text) if results else set()
            words = set(re.findall(r"\w+", sentence.text.lower()))
            if self._seen(sentence, words, results) or (urls and urls <= self.urls) or (numbers and numbers <= self.numbers):
                continue
            self.numbers |= numbers
            self.taken.append((sentence.kind, words))
            self.texts.append(sentence.text)
            self.introduced.update(m.group(1) for m in [_INTRODUCED.search(sentence.text)] if m)
            self.urls |= urls
            evidence = Evidence(quote=sentence.text, section=sentence.section, page=_page_of(sentence.text, self.pages))
            picked.append(Claim(text=sentence.text, evidence=[evidence], verified=True))
        return picked


def _cited_finding(sentence: Sentence) -> bool:
    return sentence.kind != "abstract" and not OWN_VOICE.search(sentence.text) and bool(_CITED_FINDING.search(sentence.text))


def summarise(entry: PaperEntry) -> Summary:
    parsed = entry.parsed
    pool = labelled(entry)
    picker = _Picker(parsed)
    abstract = [s for s in pool if s.kind == "abstract"]
    contributions = own_claims(abstract, ("contribution",)) + own_claims([s for s in pool if s.kind == "intro"], ("contribution",))
    # "We propose X" names the contribution better than "We argue that ..." or "We study ...".
    contributions.sort(key=lambda s: not _INTRODUCED.search(s.text))
    contribution = picker.pick(contributions, 1)
    listed = [s for s in pool if s.listed and s.kind == "intro" and s.role == "contribution"]
    innovations = picker.pick(
        listed + contributions + own_claims(abstract, ("method",)), LIMITS["innovations"]
    )
    surveyed = _SURVEY.search(entry.paper.title) or any(_SURVEY.search(s.text) for s in contributions[:1])
    results = [s for s in pool if s.role == "result" and not _cited_finding(s) and not (surveyed and s.kind != "abstract")]
    in_results = [s for s in results if s.kind != "abstract" and measured(s.text)]
    experiments = picker.pick([s for s in results if s.kind == "abstract"] + in_results, LIMITS["experiments"], results=True)
    strengths = picker.pick([s for s in results if _STRENGTH.search(s.text) and not _NO_STRENGTH.search(s.text)], LIMITS["strengths"], results=True)
    method = [] if surveyed else [s for s in pool if s.kind == "method" and s.role in ("method", "contribution")]
    method = [s for s in method if not _POINTER.match(s.text)]
    principles = picker.pick([s for s in method if _DEFINING.search(s.text)] + method, LIMITS["principles"])
    principles += [] if surveyed else _equation_claims(parsed, picker)
    usage = picker.pick([s for s in pool if s.role == "availability"], LIMITS["usage"])
    for key, name in (("githubRepo", "Code"), ("projectPage", "Project page")):
        url = entry.paper.extra.get(key)
        if isinstance(url, str) and url and not any(url.rstrip("/") in u.rstrip("/") for u in picker.urls):
            usage.append(Claim(text=f"{name}: {url}", evidence=[Evidence(quote="Hugging Face daily papers listing")], verified=True))
    limits = [s for s in pool if s.role == "limitation" and s.kind in ("limitations", "conclusion", "experiments", "abstract")]
    limitations = picker.pick(sorted(limits, key=lambda s: s.kind != "limitations"), LIMITS["limitations"])
    return Summary(
        domain=", ".join(entry.paper.categories or entry.paper.extra.get("ai_keywords", [])[:4]),
        contribution=contribution[0] if contribution else None,
        usage=usage,
        innovations=innovations,
        principles=principles,
        experiments=experiments,
        rating=None,
        rating_reason="not rated: the extractive engine does not judge papers",
        strengths=strengths,
        limitations=limitations,
        key_figures=key_figures(parsed),
    )


def _equation_claims(parsed: ParsedPaper | None, picker: _Picker, limit: int = 2) -> list[Claim]:
    """The first numbered display equations, the method's before the rest, each followed by what explains it."""
    sections = [s for s in (parsed.sections if parsed else []) if section_kind(s.title) not in ("skip", "abstract")]
    sections.sort(key=lambda s: section_kind(s.title) != "method")
    found = [eq for section in sections for eq in display_equations(section.text, section.title)]
    found.sort(key=lambda eq: eq.number is None)
    claims: list[Claim] = []
    for eq in found[:limit]:
        where = f"{eq.section}, Eq. {eq.number}" if eq.number else eq.section
        claims.append(Claim(text=f"$${eq.tex}$$", evidence=[Evidence(quote=eq.tex, section=where)], verified=True))
        if eq.explained_by:
            claims += picker.pick([Sentence(eq.explained_by, eq.section, "method", "method")], 1)
    return claims


def key_figures(parsed: ParsedPaper | None) -> list[FigureChoice]:
    """An overview figure for the innovation, then result plots and tables for the experiments, by caption."""
    figures = parsed.figures if parsed else []
    places = [(figure_place(f.name, f.caption), f) for f in figures]
    overview = [FigureChoice(name=f.name, why=captions.REASONS[p]) for p, f in places if p == "innovation"][:1]
    results = [FigureChoice(name=f.name, why=captions.REASONS[p]) for p, f in places if p == "experiments" and f.type == "figure"][:2]
    return overview + results


def _grounding(summary: Summary) -> Grounding:
    claims = [c for field in ("usage", "innovations", "principles", "experiments", "strengths", "limitations") for c in getattr(summary, field)]
    claims += [summary.contribution] if summary.contribution else []
    return Grounding(checked=len(claims), verified=len(claims))


def analyse(entry: PaperEntry) -> Analysis:
    summary = summarise(entry)
    return Analysis(engine="extractive", summary=summary, grounding=_grounding(summary))


def step(entry: PaperEntry) -> Step[Analysis]:
    """One selected paper's analysis, keyed by everything it is quoted from and the engine's own code."""

    async def compute() -> Analysis:
        return analyse(entry)

    return Step("extractive", cache_key("extractive", ENGINE_VERSION, entry.paper, entry.parsed), Analysis, compute)
