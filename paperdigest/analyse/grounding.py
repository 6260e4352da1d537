"""Check what a summary states against the paper's own text: every number and every quoted phrase.

Pure: a Summary and the paper text in, the same Summary with `verified` flags and evidence pages plus the
counts out. A number or quote that the paper does not contain is not proof of an error (the model may have
computed it), but it is exactly what a reader should double-check, so the report marks it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from paperdigest.models import Claim, Evidence, Grounding, ParsedPaper, Section, Summary

CLAIM_FIELDS = ("usage", "innovations", "principles", "experiments", "strengths", "limitations")
# A number not glued to a word (Qwen2.5, GPT-4 are names, not results); thousands separators allowed.
NUMBER = re.compile(r"(?<![A-Za-z0-9.\\_^])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d)")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$|\\\(.*?\\\)|\\\[.*?\\\]", re.S)
QUOTED = re.compile(r'"([^"\n]{4,200})"|“([^”\n]{4,200})”|「([^」\n]{4,200})」|『([^』\n]{4,200})』')
CJK = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")
ELLIPSIS = re.compile(r"\.\.\.|…|\[\.\.\.\]")
SNIPPET = 120  # characters either side of a number, for the evidence added when the model gave none


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


def _find_number(number: str, paper: _Paper) -> tuple[bool, int | None, str, str | None]:
    """Found?, page, the sentence that states it, and its section."""
    pattern = _number_pattern(number)
    section = next((s.title for s in paper.sections if pattern.search(s.text)), None)
    for page, text in [*enumerate(paper.pages, 1), (None, paper.text)]:
        hit = pattern.search(text)
        if hit:
            return True, page, _sentence(text, hit.start(), hit.end()), section
    return False, None, "", None


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
    for number in numbers_in(claim.text):
        ok, page, sentence, section = _find_number(number, paper)
        tally(ok, f"number {number}")
        if ok and not claim.evidence and not any(e.quote == sentence for e in evidence):
            evidence.append(Evidence(quote=sentence, page=page, section=section))
    verified = all(results) if results else None
    return claim.model_copy(update={"evidence": evidence, "verified": verified})


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
