"""A paper's text cut into sentences and list items: the units every role is given to and every quote is made of.

Pure. Abbreviations ("e.g.", "et al.", "Fig.") and references inside brackets end no sentence; bullets and
enumerations ("(1) ... (2) ...") become items; footnote marks go and URLs cut at a line end are joined again.
"""

from __future__ import annotations

import re

from paperdigest.pdf.glyphs import plain_letters

# Each guard looks back from just after the full stop, so it ends in one ("Fig." not "Fig").
_ABBREVIATIONS = "".join(rf"(?<!\b{re.escape(word)}\.)" for word in ("e.g", "i.e", "et al", "vs", "cf", "resp", "Fig", "Figs", "Eq", "Eqs", "Sec", "Ref", "Refs"))
# "(Actually, ... α.) We ...", 'labeled "Few-shot CoT." We found ...'
SENTENCE_END = re.compile(_ABBREVIATIONS + r"(?:(?<=[.!?])|(?<=[.!?][)”\"’]))\s+(?=[A-Z0-9\"'(\[$•])")
_BULLET = re.compile(r"\s*[•◦▪●]\s*")
_ITEM_NUMBER = r"(?:i{1,3}|iv|v|vi{0,3}|[1-9])\)\s+"
# "(i) ... (ii) ..." or "(1) ... (2) ..." after a colon: an enumeration whose items read as bullets.
_ENUMERATION = re.compile(r"\s*\(" + _ITEM_NUMBER)
# A lead-in that ends naming problems ("to address the challenges of the task: 1) ... 2) ...") is the claim; its
# items, marked "1)" too, are those problems, which no report field takes.
_PROBLEMS = re.compile(
    r"\b(challenges|problems|issues|limitations|difficulties|drawbacks|shortcomings|bottlenecks|obstacles)\b"
    r"(\s+(of|in|for|faced by|facing|when)\b[^,;:]{0,60})?\W*$",
    re.I,
)
_PROBLEM_MARK = re.compile(r"\s*(?:\(|(?<![^\s:]))" + _ITEM_NUMBER)
# A footnote's number before its link or after a full stop ("... benchmarking.182,183 Among them"): a mark, not text.
_FOOTNOTE_URL = re.compile(r"(?<![\w/])\d{1,2}(?=https?://)|(?<=[a-z”\")\]]\.)\d{1,3}(?:[,–-]\d{1,3})*(?=\s+[A-Z])")
_FOOTNOTE_MARK = re.compile(r"[∗†‡§¶⋆]|(?<=[a-z.,])[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_GLUED = re.compile(r"(?<=[a-z]{3}[.!?])(?=[A-Z][a-z])")
# A footnote's link the PDF set between two sentences ("... test-set accuracy. https://gluebenchmark.com/ We compare
# ..."): it ends the sentence before it, and the next one starts after it.
_FOOTNOTE_LINK = re.compile(r"(?<=[.!?] )https?://\S+(?= [A-Z])")
# A URL cut at a line end: "https://github.com/ tensorflow/tensor2tensor".
_BROKEN_URL = re.compile(r"(https?://[^\s]*[/_.-])\s+(?=[\w-]+[/_.][\w/_.-]*\w)")
_NOISE = re.compile(
    r"^(keywords|key words|index terms)\b|equal contribution|corresponding author|work (done|performed) (while|during)|^\W*$"
    # an e-mail address ("{ann, bo}@cs.mit.edu"), not a metric or a name with an @ ("25% R@0.5.", "pass@1.", "MC@NLO.")
    r"|[\w.+}-]@[\w-]+(\.[\w-]+)*\.[a-z]{2,}\b"
    # a lead-in that says nothing of its own: "Our main contributions are the following.", "There are limitations to this study."
    r"|^(our|the) (main |key |primary )?contributions( of this (paper|work))? (are|is|can be summari[sz]ed) (as follows|the following)\W*$"
    r"|^(limitations?\W+)?there are (several |some |a few |two |three )?limitations (to|of|in) (this|our) (study|work|paper|approach)\W*$",
    re.I,
)


def clean(text: str) -> str:
    """One line of text: footnote markers gone, ligatures spelt out, URLs cut at a line end joined again."""
    flat = " ".join(plain_letters(text).replace("-\n", "-").split())
    flat = _FOOTNOTE_URL.sub("", flat)
    flat = _FOOTNOTE_MARK.sub("", flat)
    while True:
        joined = _BROKEN_URL.sub(r"\1", flat)
        if joined == flat:
            return flat
        flat = joined


def split(text: str) -> list[tuple[str, str, bool]]:
    """(sentence or list item, the text that decides its role, whether it is an item); lead-ins ending in ':' dropped."""
    found: list[tuple[str, str, bool]] = []
    for sentence in _unglued([s for part in _after_footnote_links(clean(text)) for s in _outside_brackets(part)]):
        parts = [p.strip() for p in _BULLET.split(sentence) if p.strip()]
        if len(parts) > 1 or _BULLET.match(sentence):
            found += [(p, p, True) for p in parts if not p.endswith(":")]
            continue
        head, colon, tail = sentence.partition(": ")
        problems = bool(colon and _PROBLEMS.search(head))
        enumeration = _PROBLEM_MARK if problems else _ENUMERATION
        items = [re.sub(r"[;,]?\s*(and|or)$", "", i.strip(" ;,")).strip() for i in enumeration.split(tail)] if colon else []
        items = [i for i in items if len(i) >= 25]
        if items and enumeration.match(tail):  # else the lead-in ("we pioneer three innovations") decides
            found += [(head, head, False)] if problems else [(i, head, True) for i in items]
        elif _ENUMERATION.match(sentence):  # "(2) We establish ...": an item the full stop of the one before cut off
            item = _ENUMERATION.sub("", sentence, count=1)
            found.append((item, item, True))
        else:
            found.append((sentence, sentence, False))
    return [(s, whole, listed) for s, whole, listed in found if 20 <= len(s) <= 700 and not _NOISE.search(s)]


_REFERENCE_TAIL = 80  # characters after a full stop inside a bracket in which a reference closes it
_OPENING, _CLOSING = "([", ")]"


def _outside_brackets(text: str) -> list[str]:
    """The sentences of a paragraph, never cut inside a bracket that closes soon after: a reference's full stops
    ("In [Phys. Rev. D83, 015009 (2011)] it is shown ...", "(Astrophys. J. 500, 1)") end no sentence."""
    cuts, start = [], 0
    for end in SENTENCE_END.finditer(text):
        if _depth(text[start : end.start()]) > 0 and _closes_within(text[end.end() : end.end() + _REFERENCE_TAIL]):
            continue
        cuts.append(text[start : end.start()])
        start = end.end()
    return [*cuts, text[start:]]


def _depth(text: str) -> int:
    """Brackets opened and not closed; '[0,1)' opens one and closes one."""
    return sum(map(text.count, _OPENING)) - sum(map(text.count, _CLOSING))


def _closes_within(text: str) -> bool:
    """A bracket opened before `text` is closed in it."""
    depth = 0
    for character in text:
        depth += (character in _OPENING) - (character in _CLOSING)
        if depth < 0:
            return True
    return False


def _after_footnote_links(text: str) -> list[str]:
    cuts = [m.end() for m in _FOOTNOTE_LINK.finditer(text)]
    return [text[start:end].strip() for start, end in zip([0, *cuts], [*cuts, len(text)])]


def _unglued(sentences: list[str]) -> list[str]:
    """A 'sentence' too long to be one ("... significantly.Experiments show ..."): a feed lost the spaces after its
    full stops, so it is cut where a word's full stop touches the next capital (only there, so "U.S.Army" and
    URLs in ordinary sentences are left alone)."""
    return [part for sentence in sentences for part in (_GLUED.split(sentence) if len(sentence) > 700 else [sentence])]


def sentences(text: str) -> list[str]:
    """Sentences (and list items) of a paragraph; abbreviations like 'e.g.' and 'et al.' do not end one."""
    return [s for s, _, _ in split(text)]
