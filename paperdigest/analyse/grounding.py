"""Check what a summary states against the paper's own text: every number and every quoted phrase.

Pure: a Summary and the paper text in, the same Summary with `verified` flags and evidence pages plus the
counts out. A number counts as found only in context: where the claim names a metric ("accuracy") or a
dataset ("GSM8K"), the paper must state the number in a sentence with that word, not merely somewhere (a
"93.7% accuracy" the paper gives as a share of queries is not verified). A number the paper does not state
but that follows from two it does is shown as derived, with the arithmetic. What is left is not proof of an
error, but it is exactly what a reader should double-check, so the report marks it.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from paperdigest.analyse.derived import derivation

from paperdigest.models import Claim, Evidence, Grounding, ParsedPaper, Section, Summary

CLAIM_FIELDS = ("usage", "innovations", "principles", "experiments", "strengths", "limitations")
# A number not glued to a word (Qwen2.5, GPT-4 are names, not results); thousands separators allowed.
NUMBER = re.compile(r"(?<![A-Za-z0-9.\\_^])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d)")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$|\\\(.*?\\\)|\\\[.*?\\\]", re.S)
QUOTED = re.compile(r'"([^"\n]{4,200})"|“([^”\n]{4,200})”|「([^」\n]{4,200})」|『([^』\n]{4,200})』')
CJK = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")
ELLIPSIS = re.compile(r"\.\.\.|…|\[\.\.\.\]")
SNIPPET = 120  # characters either side of a number, for the evidence added when the model gave none
# Metric families, each with the ways papers write it ("accuracy", "Acc."): a claim's metric must be named there.
METRICS = {
    name: re.compile(pattern, re.I)
    for name, pattern in {
        "accuracy": r"accura|\bacc\b",
        "F1": r"\bf1\b|f-score|f-measure",
        "BLEU/ROUGE": r"bleu|rouge|meteor|cider|chrf",
        "recall": r"recall|\br@\d|hit@|hits@",
        "precision": r"precision|\bp@\d|\bmap\b",
        "AUC": r"\bauc|auroc",
        "ranking": r"\bmrr\b|ndcg",
        "perplexity": r"perplexit|\bppl\b|bits per|\bbpb\b",
        "error": r"error|\bwer\b|\bcer\b",
        "exact match": r"exact match|\bem\b",
        "win rate": r"win rate|win-rate|\belo\b",
        "pass rate": r"pass@|pass rate|success|solve",
        "speed": r"speed|latency|throughput|faster|slower|time",
        "image quality": r"\bfid\b|psnr|ssim|lpips",
        "reward": r"reward|return",
        "score": r"score",
        "correlation": r"correlat",
    }.items()
}
# Dataset and benchmark names: GSM8K, MMLU, ImageNet, HumanEval, SQuAD, MMEB-V2 (a capital, then a capital or digit).
DATASET = re.compile(r"\b[A-Z][A-Za-z]*[A-Z0-9][\w-]*")
TABLE_LINE = re.compile(r"^[^A-Za-z]*(?:[A-Za-z][\w-]*[^A-Za-z]+){0,3}$")  # mostly numbers: a table row
TABLE_HEADER_LINES = 40  # a PDF's text layer gives a table one cell per line: its header can be far above a cell
GENERIC_METRICS = {"score"}  # counts only when a claim names no specific metric ("41.8 F1 score" needs F1)
# A unit printed right after a number: "3.5 seconds" and "3.5 days" are different facts.
UNIT = re.compile(
    r"\s?(%|percent|×|x\b|times\b|fold\b|seconds?\b|secs?\b|s\b|minutes?\b|mins?\b|hours?\b|hrs?\b|h\b|days?\b|"
    r"weeks?\b|months?\b|years?\b)",
    re.I,
)
UNIT_NAMES = {
    "percent": "%", "×": "x", "times": "x", "fold": "x", "sec": "s", "second": "s", "min": "minute", "hr": "h", "hour": "h"
}
MAX_HITS = 50  # occurrences of one number looked at
CONTEXT = 300  # characters either side of a number at most, for its sentence
SENTENCE_END = re.compile(r"[.!?;](?=\s)")


@dataclass
class _Paper:
    """The paper's text as is (numbers are searched in it) and as lowercase words (quotes are)."""

    pages: list[str]
    page_words: list[str]
    text: str
    words: str
    sections: list[Section]


def _words_form(text: str) -> str:
    """Lowercase words only: quotes survive line breaks, hyphenation, ligatures and curly punctuation."""
    text = unicodedata.normalize("NFKC", text).replace("-\n", "")
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def _paper(parsed: ParsedPaper | None, abstract: str) -> _Paper:
    pages = [unicodedata.normalize("NFKC", p) for p in (parsed.page_texts if parsed else [])]
    sections = list(parsed.sections) if parsed else []
    extra = [parsed.abstract if parsed else "", abstract, *(f"{s.title}\n{s.text}" for s in sections)]
    whole = unicodedata.normalize("NFKC", "\n".join(pages + extra))
    return _Paper(pages, [_words_form(p) for p in pages], whole, _words_form(whole), sections)


def numbers_in(text: str) -> list[str]:
    """The numbers a claim states, outside LaTeX math; one-digit integers are too ambiguous to check."""
    found = [m.group(1).replace(",", "") for m in NUMBER.finditer(MATH.sub(" ", text))]
    return [n for n in found if "." in n or len(n) > 1]


def quotes_in(text: str) -> list[str]:
    """Phrases quoted from the paper; a quoted Chinese term is the writer's, not the paper's, so skipped."""
    phrases = [next(g for g in m.groups() if g) for m in QUOTED.finditer(text)]
    return [p for p in phrases if not CJK.search(p) and len(p.split()) >= 1]


def _number_pattern(number: str) -> re.Pattern[str]:
    """77.8 matches 77.80, 78 matches 78.0, 1000 matches 1,000; none matches inside 177.8 or 77.85."""
    whole, _, fraction = number.partition(".")
    groups = [whole[max(0, i - 3) : i] for i in range(len(whole), 0, -3)][::-1]
    body = ",?".join(groups) + (rf"\.{fraction}0*" if fraction else r"(?:\.0+)?")
    return re.compile(rf"(?<![\d.,]){body}(?![\d])")


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence (or line) around a match, at most SNIPPET characters either side."""
    left = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start) + 1, start - SNIPPET)
    stops = [i for i in (text.find("\n", end), text.find(". ", end)) if i != -1]
    right = min([*stops, end + SNIPPET, len(text)])
    return " ".join(text[left:right].split()).strip(" .;,")


@dataclass(frozen=True)
class _Context:
    """What a claim says a number measures: its metric words and dataset names (lowercase)."""

    metrics: frozenset[str]
    datasets: frozenset[str]

    @classmethod
    def of(cls, claim: str) -> _Context:
        prose = MATH.sub(" ", claim)
        named = {name for name, pattern in METRICS.items() if pattern.search(prose)}
        metrics = frozenset(named - GENERIC_METRICS or named)
        return cls(metrics, frozenset(d.group(0).lower() for d in DATASET.finditer(prose)))

    def found_in(self, context: str) -> bool:
        """The paper's sentence names the claim's metric (or, when it names none, its dataset)."""
        if self.metrics:
            return any(METRICS[name].search(context) for name in self.metrics)
        return not self.datasets or any(d in context.lower() for d in self.datasets)

    def describe(self) -> str:
        return ", ".join(sorted(self.metrics or self.datasets))


def _context(text: str, start: int, end: int) -> str:
    """The sentence around a number, across line breaks; for a table row, the lines above it too (its header)."""
    window_start = max(0, start - CONTEXT)
    ends = [m.end() for m in SENTENCE_END.finditer(text, window_start, start)]
    after = SENTENCE_END.search(text, end, end + CONTEXT)
    sentence = text[ends[-1] if ends else window_start : after.start() + 1 if after else end + CONTEXT]
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    if TABLE_LINE.match(line.strip()):
        above = text[max(0, line_start - CONTEXT * 8) : line_start].splitlines()[-TABLE_HEADER_LINES:]
        return "\n".join([*above, sentence])
    return sentence


def unit_after(text: str, end: int) -> str | None:
    """The unit printed right after a number ending at `end`, in one spelling ("percent" -> "%"), if any."""
    found = UNIT.match(text, end)
    if not found:
        return None
    unit = found.group(1).lower()
    unit = unit[:-1] if len(unit) > 3 and unit.endswith("s") else unit  # seconds -> second, days -> day
    return UNIT_NAMES.get(unit, unit)


def _find_number(
    number: str, paper: _Paper, wanted: _Context, unit: str | None
) -> tuple[bool, int | None, str, str | None, bool]:
    """Found in context (and in the claim's unit, where both print one)?, page, the sentence that states it, its
    section, and whether it is stated elsewhere."""
    pattern = _number_pattern(number)
    # Printed as is (no thousands separator to allow for): a substring test rules most pages out.
    plain = len(number.partition(".")[0]) <= 3
    anywhere = False
    for page, text in [*enumerate(paper.pages, 1), (None, paper.text)]:
        if plain and number not in text:
            continue
        for hit in itertools.islice(pattern.finditer(text), MAX_HITS):
            anywhere = True
            stated = unit_after(text, hit.end())
            if unit and stated and stated != unit:
                continue
            if wanted.found_in(_context(text, hit.start(), hit.end())):
                section = next((s.title for s in paper.sections if pattern.search(s.text)), None)
                return True, page, _sentence(text, hit.start(), hit.end()), section, True
    return False, None, "", None, anywhere


def _find_quote(quote: str, paper: _Paper) -> tuple[bool, int | None]:
    """Every part of the quote (split at ellipses) must appear in the paper; the page of the first part."""
    parts = [_words_form(p) for p in ELLIPSIS.split(quote)]
    parts = [p for p in parts if p.strip()]
    if not parts or not all(p in paper.words for p in parts):
        return False, None
    page = next((i + 1 for i, words in enumerate(paper.page_words) if parts[0] in words), None)
    return True, page


def _section_of(quote: str, paper: _Paper) -> str | None:
    words = _words_form(quote)
    return next((s.title for s in paper.sections if words in _words_form(s.text)), None)


def _ground_claim(claim: Claim, field: str, paper: _Paper, grounding: Grounding) -> Claim:
    results: list[bool] = []
    evidence: list[Evidence] = []

    def tally(ok: bool, label: str) -> None:
        results.append(ok)
        grounding.checked += 1
        if ok:
            grounding.verified += 1
        else:
            grounding.unverified += 1
            grounding.unverified_items.append(f"{label} ({field})")

    for item in claim.evidence:
        ok, page = _find_quote(item.quote, paper)
        tally(ok, f'quote "{item.quote}"')
        evidence.append(
            item.model_copy(update={"page": item.page or page, "section": item.section or (_section_of(item.quote, paper) if ok else None)})
        )
    for phrase in quotes_in(claim.text):
        tally(_find_quote(phrase, paper)[0], f'quote "{phrase}"')
    wanted = _Context.of(claim.text)
    prose = MATH.sub(" ", claim.text)
    claim_units = {m.group(1).replace(",", ""): unit_after(prose, m.end()) for m in NUMBER.finditer(prose)}
    missing: list[str] = []
    operands = [n for item in claim.evidence for n in numbers_in(item.quote)]
    for number in numbers_in(claim.text):
        ok, page, sentence, section, anywhere = _find_number(number, paper, wanted, claim_units.get(number))
        if not ok:
            missing.append(number if not anywhere else f"{number}|{wanted.describe()}")
            continue
        tally(True, f"number {number}")
        operands += [number, *numbers_in(sentence)]
        if not claim.evidence and not any(e.quote == sentence for e in evidence):
            evidence.append(Evidence(quote=sentence, page=page, section=section))
    derived: list[str] = []
    for item in missing:
        number, _, metric = item.partition("|")
        formula = derivation(number, operands)
        if formula:
            grounding.checked += 1
            grounding.derived += 1
            grounding.derived_items.append(f"{formula} ({field})")
            derived.append(formula)
        else:
            tally(False, f"number {number}" + (f", stated in the paper but not with {metric}" if metric else ""))
    verified = all(results) if results else None
    return claim.model_copy(update={"evidence": evidence, "verified": verified, "derived": derived})


def ground(summary: Summary, parsed: ParsedPaper | None, abstract: str) -> tuple[Summary, Grounding]:
    """Mark each claim verified or not, add the evidence page where found, and count what was checked."""
    paper = _paper(parsed, abstract)
    grounding = Grounding()
    update: dict[str, object] = {
        name: [_ground_claim(c, name, paper, grounding) for c in getattr(summary, name)] for name in CLAIM_FIELDS
    }
    if summary.contribution is not None:
        update["contribution"] = _ground_claim(summary.contribution, "contribution", paper, grounding)
    return summary.model_copy(update=update), grounding
