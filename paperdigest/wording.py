"""Cues of wording that both the role rules (`sentences`) and the role model (`sentence_model`) read."""

from __future__ import annotations

import re

# A single author writes "I": "I prove that ...", "I derive ..." (not the "I" of "Type I error").
_SOLE_AUTHOR = r"(?-i:\bI) (also |first |then )?(am|have|prove|show|find|derive|propose|study|argue|introduce|present|develop|consider|examine|investigate|use|estimate|analy[sz]e|model|test|document|provide|build|construct)\b"
# The authors speaking of their own work: "we", "our", "this paper", "I prove".
OWN_VOICE = re.compile(r"\b(we|our|us|this (paper|work|study|article|report|survey)|in this (paper|work))\b|" + _SOLE_AUTHOR, re.I)
# A concession or contrast that opens a sentence: about others' work or a problem, not a claim of this paper.
HEDGED_START = re.compile(r"^(however|despite|although|though|while|whereas|unfortunately|yet|but|nevertheless)\b", re.I)

# How a method is told: "we use / employ ...", "consists of", "a module", "first ... then".
METHOD_WORDING = re.compile(
    r"\b(we (first |then |further |also )?(use|employ|adopt|leverage|apply|train|fine-?tune|combine|integrate|formulate|model|define|"
    r"compute|optimi[sz]e|collect|generate|perform|conduct|incorporate|unify|encode|decode|sample)|"
    r"(uses|employs|leverages|integrates|consists|comprises|combines|incorporates|features|enforces|decomposes|constructs|adopts)\b|"
    r"\b(specifically|concretely|first|then|finally|subsequently|in particular)\b|\bstages?\b|\bmodules?\b|\bpipeline\b|\bmechanism\b)",
    re.I,
)
# "Our method outperforms ...", "we show that ...", "the data reveal ...": a finding in so many words, which the
# rules read surely enough that the model's doubt does not take it back.
STRONG_FINDING = re.compile(
    r"outperform|surpass|state[- ]of[- ]the[- ]art|\bsota\b|\b(find|show|observe|notice|validate|verify|confirm|demonstrate|prove)s? that\b|\breveal(s|ing)?\b"
    r"|, (demonstrating|showing) (that|superior|improved|better|significant|substantial|consistent|competitive)\b",
    re.I,
)
# "Earlier studies indicated that ...", "In previous work, we found ...": what was found before this paper.
_EARLIER_FINDINGS = re.compile(
    r"^(\w+ly,? |in )?(an? |the |our )?(earlier|previous|prior|past|existing|recent|other) (studies|work|research|literature|findings|results|"
    r"analyses|measurements|experiments|observations|simulations|papers?|articles?)\b",
    re.I,
)
# "Lovasz and Szegedy showed that ...", "Chakraborty et al. [ISAAC 2024] proved ...", "Shokurov conjectured ...", "it was
# shown in [KM] that ...": a finding its sentence credits to others by name or citation. A name opens with a capital
# and ends in a lower-case letter (a TeX accent within it too: "Ab\'ert"), so "GPT-4" or "LLaMA" is none; one name
# alone counts only with "proved", "conjectured" or "showed that", not after a word that opens a sentence of this
# paper's ("Results show").
_NAME = r"[A-Z][^\s,;:()\[\]]*[a-z}]"
_NAMES = rf"{_NAME}(?: {_NAME})?"
_YEAR = r" in (?:1[89]|20)\d\d"
_CITED = rf"(?: \([^)]*\)| \[[^\]]*\]|{_YEAR})?"  # "(PODS 2012)", "[ISAAC 2024]", "in 2009"
_WHEN = r"(?: (?:first|later|also|recently|independently))?"
_NAMED_FINDING = re.compile(
    rf"(?:\bet al\.?|\b{_NAMES}(?:, {_NAMES}){{0,8}},? (?:and|&) {_NAMES}){_CITED}{_WHEN} "
    r"(?:showed|proved|derived|demonstrated|established|conjectured|introduced|discovered|observed|found|obtained)\b"
    r"|^(?:[^,]*, )?(?!(?:The|This|These|Those|It|Its|Such|Each|Both|All|Here|Thus|Hence|Results?|Experiments?|Simulations?|"
    rf"Numerical|Measurements?|Observations?|Data|Analys[ie]s|Evaluations?|Calculations?|Tests?)\b){_NAME}{_CITED} "
    r"(?:proved|conjectured|(?:showed|established) that)\b"
    rf"|\bthey{_WHEN} (?:showed|proved|demonstrated|established|conjectured)\b"
    rf"|\b(?:was|were|has been|have been|had been){_WHEN} (?:shown|proved|proven|established|conjectured|obtained|introduced|derived|"
    rf"observed|found) (?:in \[|by {_NAMES}(?: and|,| et al| \(| \[|{_YEAR}))"
)


def others_finding(sentence: str) -> bool:
    """A finding from before this paper or credited to others: never this paper's result, however it is worded."""
    return bool(_EARLIER_FINDINGS.match(sentence)) or (not OWN_VOICE.search(sentence) and bool(_NAMED_FINDING.search(sentence)))


# "Numerical results are presented to verify the analysis", "We will present experimental results to ...": an
# evaluation announced, its outcome not stated. "We show in Table 2 an evaluation comparing ...", "In Figure 2 we show
# descriptor explanations ...": what a table or figure displays, not what came of it ("we show in Table 2 that ...").
_DISPLAYED = r"(show|present|report|plot|list|give|provide|visuali[sz]e|summari[sz]e)"
_TABLE_OR_FIGURE = r"(tables?|fig(ure)?s?\.?) ?[A-Z]?\d+[a-z]?"
_NO_OUTCOME = r"(?! (that|how)\b)(?![^.]*(\b(superior\w*|outperform\w*|better|worse|higher|lower|advantages?|improve\w*|gains?)\b|%))"
ANNOUNCED = re.compile(
    r"\b(results?|experiments?|simulations?|examples?|evaluations?|tests?|studies) (are|is|were|was|have been|has been) (also )?"
    r"(shown|given|presented|provided|reported|performed|conducted|carried out|included|run|used|discussed)\b[^.]{0,80}?\bto "
    r"(assess|evaluate|show|demonstrate|verify|confirm|illustrate|validate|investigate|study|examine|compare|support|test|corroborate)\b"
    r"(?![^.]*\b(that|superior\w*|outperform\w*|better|advantages?|improve\w*|gains? of|\d))"
    r"|\bwe will (present|show|demonstrate|report|give|provide|evaluate|compare)\b(?![^.]*\d)"
    rf"|\bwe (also |further |then )?{_DISPLAYED} in {_TABLE_OR_FIGURE}{_NO_OUTCOME}|^in {_TABLE_OR_FIGURE},? we (also |further |then )?{_DISPLAYED}\b{_NO_OUTCOME}"
    rf"|\b(is|are) (shown|given|reported|listed|summari[sz]ed|presented|plotted) in {_TABLE_OR_FIGURE}\.?$",  # "... are shown in Table 14."
    re.I,
)
# "We demonstrate how X can be extended to ...": exposition of the method, not a finding (unless it has a quantity).
_SHOW_HOW = re.compile(
    r"\bwe (\w+ly |also |further |then )?(show|demonstrate|illustrate|explain|describe|discuss) how\b"
    r"|\bwe (\w+ly |also |further |then )?(demonstrate|illustrate|showcase) (the|our) ([\w-]+ ){0,3}(method|approach|framework|system|model|technique|performance|use)s? (of [\w-]+ )?(with|on|in|using|through|via)\b",
    re.I,
)
# A quantity ("5%", "12.5 points", "1-5"), not a digit inside a name ("3D", "GPT-4", "Sentinel-2", "3-point").
_QUANTITY = re.compile(r"(?<![\w-])\d+(\.\d+)?(?![\w-]*[A-Za-z])")


def unstated_outcome(sentence: str) -> bool:
    """An evaluation announced or a method shown at work, without what came of it: method, never a result."""
    return bool(_SHOW_HOW.search(sentence) and not _QUANTITY.search(_POINTING.sub("", sentence)) or ANNOUNCED.search(sentence))


# A number that points into the paper or its references ("Tables 1 and 2", "Section 5.1", "[12]", "(Du et al., 2021)").
_POINTING = re.compile(
    r"\b(tables?|fig(ure)?s?\.?|sec(tion)?s?\.?|§|eqs?\.|equations?|appendix|algorithms?)\s*\(?[A-Z]?\d+(\.\d+)*[a-z]?\)?((,|,? and|–|-) ?\(?\d+(\.\d+)*[a-z]?\)?)*"
    r"|\[\d+([,–-] ?\d+)*\]|\([A-Z][^()]{0,80}?,? (19|20)\d{2}[a-z]?\)|et al\.,? \(?(19|20)\d{2}[a-z]?\)?",
    re.I,
)


def measured(sentence: str) -> bool:
    """Holds a number of its own: not only the numbers of a table, figure, section or reference it points to."""
    return any(c.isdigit() for c in _POINTING.sub("", sentence))


def any_word(*words: str) -> re.Pattern[str]:
    """Any of these words or phrases (each a small regex), whole words, any case."""
    return re.compile(r"\b(" + "|".join(words) + r")\b", re.I)
